package io.jobqueue.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a schedule's history: a tick and what became of it. Kept within the scheduler's
 * {@linkplain Scheduler.Builder#historyLimit retention}.
 *
 * @param schedule the schedule's name
 * @param instant the tick's instant (the key: each is claimed once)
 * @param jobId the job the tick became, or 0 when it was skipped
 * @param outcome what happened
 * @param detail why, for skips and catch-up runs (which ticks, which policy); empty otherwise
 * @param recordedAt when a scheduler claimed the tick, by its clock
 */
public record Tick(
    String schedule,
    Instant instant,
    long jobId,
    TickOutcome outcome,
    String detail,
    Instant recordedAt) {

  /** Checks that nothing is missing. */
  public Tick {
    Objects.requireNonNull(schedule, "schedule must not be null");
    Objects.requireNonNull(instant, "instant must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    Objects.requireNonNull(detail, "detail must not be null (use \"\")");
    Objects.requireNonNull(recordedAt, "recordedAt must not be null");
  }

  /** The job the tick became, empty when it was skipped. */
  public OptionalLong job() {
    return jobId == 0 ? OptionalLong.empty() : OptionalLong.of(jobId);
  }
}
