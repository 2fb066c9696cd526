package io.jobqueue.micrometer;

import io.jobqueue.JobQueue;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineCounters;
import io.jobqueue.PipelineStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The depth of a queue's pipelines as gauges: {@code jobqueue.jobs} tagged {@code pipeline} and
 * {@code state} (ready, reserved, delayed, buried), and {@code jobqueue.pipeline.paused} (1 while
 * paused); and what this process did to them through this queue as counters tagged {@code
 * pipeline}: {@code jobqueue.jobs.added} and {@code jobqueue.jobs.kicked} (read from {@link
 * io.jobqueue.Pipeline#counters()}, so they include what happened before {@link #bindTo} and cost
 * no round trip; other processes' adds and kicks are in their own metrics). One reading of the
 * pipelines' counts ({@link io.jobqueue.Pipeline#stats()}, one round trip each) serves every gauge
 * and is reused for {@link #DEFAULT_MAX_AGE}, so a scrape costs one reading at most; while the
 * backend does not answer, the gauges read NaN.
 *
 * <pre>{@code
 * new JobQueueMetrics(queue, List.of("emails", "reports")).bindTo(registry);
 * }</pre>
 */
public final class JobQueueMetrics implements MeterBinder {

  /** How long one reading of the counts serves the gauges: 1 second. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

  private final JobQueue queue;
  private final List<String> pipelines;
  private final Map<String, Pipeline> handles;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private Map<String, PipelineStats> snapshot = Map.of();
  private long snapshotAt;
  private boolean snapshotFailed;

  /** Gauges for these pipelines of {@code queue}. */
  public JobQueueMetrics(JobQueue queue, List<String> pipelines) {
    this(queue, pipelines, System::nanoTime);
  }

  /** Gauges whose readings age by {@code nanoTime}, for the tests. */
  JobQueueMetrics(JobQueue queue, List<String> pipelines, LongSupplier nanoTime) {
    this.queue = Objects.requireNonNull(queue, "queue must not be null");
    this.pipelines = List.copyOf(pipelines);
    this.handles =
        this.pipelines.stream()
            .collect(Collectors.toMap(p -> p, queue::selectPipeline, (a, b) -> a));
    this.maxAgeNanos = DEFAULT_MAX_AGE.toNanos();
    this.nanoTime = nanoTime;
    this.snapshotAt = nanoTime.getAsLong() - maxAgeNanos;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String pipeline : pipelines) {
      gauge(registry, pipeline, "ready", PipelineStats::ready);
      gauge(registry, pipeline, "reserved", PipelineStats::reserved);
      gauge(registry, pipeline, "delayed", PipelineStats::delayed);
      gauge(registry, pipeline, "buried", PipelineStats::buried);
      Gauge.builder(
              "jobqueue.pipeline.paused", this, m -> m.read(pipeline, s -> s.paused() ? 1 : 0))
          .description("1 while reservations from the pipeline are paused")
          .tag("pipeline", pipeline)
          .strongReference(true)
          .register(registry);
      // the binder as the counters' object: the registry holds it strongly through the gauges,
      // where a pipeline handle would be held weakly only, collected, and read NaN
      FunctionCounter.builder("jobqueue.jobs.added", this, m -> m.counters(pipeline).added())
          .description("Jobs this process added to the pipeline")
          .tag("pipeline", pipeline)
          .register(registry);
      FunctionCounter.builder("jobqueue.jobs.kicked", this, m -> m.counters(pipeline).kicked())
          .description("Jobs this process kicked to ready in the pipeline")
          .tag("pipeline", pipeline)
          .register(registry);
    }
  }

  private void gauge(
      MeterRegistry registry,
      String pipeline,
      String state,
      ToDoubleFunction<PipelineStats> count) {
    Gauge.builder("jobqueue.jobs", this, m -> m.read(pipeline, count))
        .description("Jobs in the pipeline by state, as the backend counts them")
        // strong: the registry is often the only holder of this binder, and a collected one reads
        // NaN
        .tags("pipeline", pipeline, "state", state)
        .strongReference(true)
        .register(registry);
  }

  private PipelineCounters counters(String pipeline) {
    return handles.get(pipeline).counters();
  }

  private synchronized double read(String pipeline, ToDoubleFunction<PipelineStats> count) {
    if (nanoTime.getAsLong() - snapshotAt >= maxAgeNanos) {
      try {
        snapshot =
            handles.values().stream()
                .map(Pipeline::stats)
                .collect(Collectors.toMap(PipelineStats::pipeline, s -> s));
        snapshotFailed = false;
      } catch (RuntimeException e) {
        snapshotFailed = true;
      }
      // aged from the end of the reading: one slower than the age (many pipelines) still serves
      // the rest of the scrape, where aging from its start read every pipeline again per gauge
      snapshotAt = nanoTime.getAsLong();
    }
    if (snapshotFailed) {
      return Double.NaN;
    }
    return count.applyAsDouble(snapshot.get(pipeline));
  }
}
