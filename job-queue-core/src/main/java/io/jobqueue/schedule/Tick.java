package io.jobqueue.schedule;

import io.jobqueue.JobOutcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of a schedule's history: a tick and what became of it. Kept within the scheduler's
 * {@linkplain Scheduler.Builder#historyLimit retention}.
 *
 * <p>How the tick's job ended ({@link #jobOutcome}, {@link #jobEnded}) is read when the history is
 * read ({@link Scheduler#history}): from the job history when the target pipeline {@linkplain
 * io.jobqueue.Pipeline#keepHistory keeps history} (outcome and time), else from the job's current
 * state while the backend still has it (a buried job: outcome without time). A job that still waits
 * or runs, or is gone without history, has neither.
 *
 * @param schedule the schedule's name
 * @param instant the tick's instant (the key: each is claimed once)
 * @param jobId the job the tick became, or 0 when it was skipped
 * @param outcome what happened
 * @param detail why, for skips and catch-up runs (which ticks, which policy); empty otherwise
 * @param recordedAt when a scheduler claimed the tick, by its clock
 * @param jobOutcome how the tick's job ended; null when not known (not ended, skipped, or gone
 *     without history)
 * @param jobEnded when the tick's job finished or was buried (its worker's clock); null when not
 *     known
 */
public record Tick(
    String schedule,
    Instant instant,
    long jobId,
    TickOutcome outcome,
    String detail,
    Instant recordedAt,
    JobOutcome jobOutcome,
    Instant jobEnded) {

  /** Checks that nothing is missing. */
  public Tick {
    Objects.requireNonNull(schedule, "schedule must not be null");
    Objects.requireNonNull(instant, "instant must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    Objects.requireNonNull(detail, "detail must not be null (use \"\")");
    Objects.requireNonNull(recordedAt, "recordedAt must not be null");
  }

  /** A tick as claimed, before anything is known of its job's end. */
  public Tick(
      String schedule,
      Instant instant,
      long jobId,
      TickOutcome outcome,
      String detail,
      Instant recordedAt) {
    this(schedule, instant, jobId, outcome, detail, recordedAt, null, null);
  }

  /** The job the tick became, empty when it was skipped. */
  public OptionalLong job() {
    return jobId == 0 ? OptionalLong.empty() : OptionalLong.of(jobId);
  }

  /** How the tick's job ended, if known. */
  public Optional<JobOutcome> jobEnd() {
    return Optional.ofNullable(jobOutcome);
  }

  /** When the tick's job finished or was buried, if known. */
  public Optional<Instant> jobEndedAt() {
    return Optional.ofNullable(jobEnded);
  }

  /** This tick with how its job ended. */
  public Tick withJobEnd(JobOutcome jobOutcome, Instant jobEnded) {
    return new Tick(schedule, instant, jobId, outcome, detail, recordedAt, jobOutcome, jobEnded);
  }
}
