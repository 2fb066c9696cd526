package io.jobqueue;

import java.util.List;

/**
 * Counts over every pipeline of a queue, at one moment.
 *
 * @param pipelines one entry per pipeline that has jobs, by name
 */
public record QueueStats(List<PipelineStats> pipelines) {

  public QueueStats {
    pipelines = List.copyOf(pipelines);
  }

  /** Ready jobs across all pipelines. */
  public long ready() {
    return pipelines.stream().mapToLong(PipelineStats::ready).sum();
  }

  /** Reserved jobs across all pipelines. */
  public long reserved() {
    return pipelines.stream().mapToLong(PipelineStats::reserved).sum();
  }

  /** Delayed jobs across all pipelines. */
  public long delayed() {
    return pipelines.stream().mapToLong(PipelineStats::delayed).sum();
  }

  /** Buried jobs across all pipelines. */
  public long buried() {
    return pipelines.stream().mapToLong(PipelineStats::buried).sum();
  }

  /** Jobs across all pipelines, in any state. */
  public long total() {
    return pipelines.stream().mapToLong(PipelineStats::total).sum();
  }
}
