package io.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finished or buried job kept in the history of a pipeline that {@linkplain Pipeline#keepHistory
 * keeps history}, with every attempt its workers recorded, oldest first.
 *
 * @param id the job's id
 * @param pipeline its pipeline
 * @param outcome how it ended (a buried job that is kicked and then succeeds becomes {@link
 *     JobOutcome#FINISHED})
 * @param priority its priority
 * @param payloadBytes the size of its payload (the payload itself is not kept)
 * @param created when it was added, by the backend's clock
 * @param finished when its last attempt ended, by its worker's clock
 * @param attempts its attempts, oldest first
 */
public record JobRecord(
    long id,
    String pipeline,
    JobOutcome outcome,
    long priority,
    int payloadBytes,
    Instant created,
    Instant finished,
    List<JobAttempt> attempts) {

  /** Checks that nothing is missing. */
  public JobRecord {
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    Objects.requireNonNull(created, "created must not be null");
    Objects.requireNonNull(finished, "finished must not be null");
    attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
  }

  /** Time from being added to its end. */
  public Duration totalTime() {
    return Duration.between(created, finished);
  }
}
