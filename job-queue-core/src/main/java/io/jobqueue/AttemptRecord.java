package io.jobqueue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a worker tells {@link JobQueue#recordAttempts} after an attempt: the job as it was reserved
 * and the attempt. An attempt whose outcome is {@link AttemptOutcome#SUCCEEDED} or {@link
 * AttemptOutcome#BURIED} ends the job and writes its {@link JobRecord}.
 *
 * @param jobId the job's id
 * @param pipeline its pipeline
 * @param priority its priority
 * @param payloadBytes the size of its payload
 * @param created when it was added
 * @param attempt the attempt
 */
public record AttemptRecord(
    long jobId,
    String pipeline,
    long priority,
    int payloadBytes,
    Instant created,
    JobAttempt attempt) {

  /** Checks that nothing is missing. */
  public AttemptRecord {
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    Objects.requireNonNull(created, "created must not be null");
    Objects.requireNonNull(attempt, "attempt must not be null");
  }

  /** The record of this attempt at this reserved job. */
  public static AttemptRecord of(Job job, JobAttempt attempt) {
    return new AttemptRecord(
        job.id(), job.pipeline(), job.priority(), job.payload().length, job.createdAt(), attempt);
  }

  /**
   * How this attempt ended the job, so that it gets a {@link JobRecord}; empty when the job goes on
   * (released).
   */
  public Optional<JobOutcome> jobEnd() {
    return switch (attempt.outcome()) {
      case SUCCEEDED -> Optional.of(JobOutcome.FINISHED);
      case BURIED -> Optional.of(JobOutcome.BURIED);
      case FAILED, RELEASED -> Optional.empty();
    };
  }
}
