package io.jobqueue.worker;

import io.jobqueue.Job;
import java.time.Duration;

/**
 * Hears what a {@link Worker} does with each job, for metrics (job-queue-micrometer's {@code
 * WorkerMetrics}) or an audit. Methods are called on the worker's threads, many at once: they must
 * be quick and thread-safe. An exception they throw is logged and otherwise ignored.
 */
public interface WorkerListener {

  /** What became of a job the worker held. */
  enum Outcome {
    /** Its handler returned and the job was deleted. */
    DELETED,
    /**
     * Its handler failed and the job was released for another attempt with the retry policy's
     * delay.
     */
    RETRIED,
    /** Released by its handler, or by a stop before it finished. */
    RELEASED,
    /** Buried after its last attempt, or by its handler. */
    BURIED,
    /**
     * Its reservation ended before its outcome could be applied: its TTR ran out (or it was
     * force-deleted); the job runs again unless it was deleted.
     */
    LOST
  }

  /** The worker reserved this job; {@link Job#attempts()} says which attempt this is. */
  default void reserved(Job job) {}

  /** The handler of this job returned or threw after running this long. */
  default void handled(Job job, Duration runTime) {}

  /** The job reached this outcome. */
  default void finished(Job job, Outcome outcome) {}
}
