package io.jobqueue.schedule;

/** What became of one tick of a schedule. */
public enum TickOutcome {
  /** A job was added to the schedule's pipeline. */
  ENQUEUED,
  /** Skipped because the previous run was still in the queue ({@link OverlapPolicy#FORBID}). */
  SKIPPED_OVERLAP,
  /** Not enqueued within the starting deadline and skipped by the {@link MissedTickPolicy}. */
  SKIPPED_MISSED
}
