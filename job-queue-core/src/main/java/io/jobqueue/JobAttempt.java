package io.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt at a job, as recorded in the {@linkplain JobRecord history} by the worker that ran
 * it.
 *
 * @param workerId the {@link WorkerInfo#id()} of the worker
 * @param started when its handler started, by the worker's clock
 * @param finished when its handler returned or threw, by the worker's clock
 * @param outcome how it ended
 * @param error the failure (exception class and message) for {@link AttemptOutcome#FAILED} and a
 *     failed {@link AttemptOutcome#BURIED}, or the bury reason; empty otherwise
 */
public record JobAttempt(
    String workerId, Instant started, Instant finished, AttemptOutcome outcome, String error) {

  /** Checks that nothing is missing. */
  public JobAttempt {
    Objects.requireNonNull(workerId, "workerId must not be null");
    Objects.requireNonNull(started, "started must not be null");
    Objects.requireNonNull(finished, "finished must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    Objects.requireNonNull(error, "error must not be null (use \"\")");
  }

  /** How long the handler ran. */
  public Duration duration() {
    return Duration.between(started, finished);
  }
}
