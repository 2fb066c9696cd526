package io.jobqueue;

import java.time.Duration;

/**
 * Counts of one pipeline's jobs by state, at one moment.
 *
 * @param pipeline the pipeline's name
 * @param urgent ready jobs with priority below 1024
 * @param ready jobs that can be reserved now
 * @param reserved jobs held by a worker
 * @param delayed jobs waiting for their delay to end
 * @param buried jobs put aside
 * @param pauseTimeLeft how long reservations from this pipeline stay paused; zero when not paused
 */
public record PipelineStats(
    String pipeline,
    long urgent,
    long ready,
    long reserved,
    long delayed,
    long buried,
    Duration pauseTimeLeft) {

  /** Jobs in the pipeline now, in any state. */
  public long total() {
    return ready + reserved + delayed + buried;
  }

  /** Whether reservations from this pipeline are paused. */
  public boolean paused() {
    return !pauseTimeLeft.isZero();
  }
}
