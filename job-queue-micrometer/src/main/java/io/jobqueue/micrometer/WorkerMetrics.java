package io.jobqueue.micrometer;

import io.jobqueue.Job;
import io.jobqueue.worker.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link io.jobqueue.worker.Worker}'s work as meters, each tagged with the job's {@code
 * pipeline}. Give it to the worker as its listener and bind it to a registry:
 *
 * <pre>{@code
 * WorkerMetrics metrics = new WorkerMetrics();
 * metrics.bindTo(registry);
 * Worker worker = Worker.builder(queue).handler("emails", handler).listener(metrics).build().start();
 * }</pre>
 *
 * <ul>
 *   <li>counters {@code jobqueue.jobs.reserved}, {@code jobqueue.jobs.deleted}, {@code
 *       jobqueue.jobs.retried} (failed, released for another attempt), {@code
 *       jobqueue.jobs.released} (by the handler or a stop), {@code jobqueue.jobs.buried}, {@code
 *       jobqueue.jobs.timed.out} (the reservation ended before the outcome: TTR ran out);
 *   <li>timer {@code jobqueue.job.run.time}: how long handlers ran;
 *   <li>timer {@code jobqueue.job.queue.time}: from a job's creation to its first reservation, by
 *       the backend's clock for the start and this process's for the end, so clock skew between the
 *       two shows here; a delayed job's delay is included.
 * </ul>
 *
 * Events before {@link #bindTo} are not counted.
 */
public final class WorkerMetrics implements MeterBinder, WorkerListener {

  private volatile MeterRegistry registry;

  /** Meters that count nothing until {@link #bindTo} gives them a registry. */
  public WorkerMetrics() {}

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry must not be null");
  }

  @Override
  public void reserved(Job job) {
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    counter(meters, "jobqueue.jobs.reserved", "Jobs reserved by this worker", job).increment();
    if (job.reserves() == 1) {
      Duration waited = Duration.between(job.createdAt(), Instant.now());
      Timer.builder("jobqueue.job.queue.time")
          .description("From a job's creation to its first reservation")
          .tag("pipeline", job.pipeline())
          .register(meters)
          .record(waited.isNegative() ? Duration.ZERO : waited);
    }
  }

  @Override
  public void handled(Job job, Duration runTime) {
    MeterRegistry meters = registry;
    if (meters != null) {
      Timer.builder("jobqueue.job.run.time")
          .description("How long handlers ran")
          .tag("pipeline", job.pipeline())
          .register(meters)
          .record(runTime);
    }
  }

  @Override
  public void finished(Job job, Outcome outcome) {
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    String name =
        outcome == Outcome.LOST
            ? "jobqueue.jobs.timed.out"
            : "jobqueue.jobs." + outcome.name().toLowerCase(Locale.ROOT);
    counter(
            meters,
            name,
            "Jobs " + outcome.name().toLowerCase(Locale.ROOT) + " by this worker",
            job)
        .increment();
  }

  private static Counter counter(MeterRegistry meters, String name, String description, Job job) {
    return Counter.builder(name)
        .description(description)
        .tag("pipeline", job.pipeline())
        .register(meters);
  }
}
