package io.jobqueue.schedule;

/**
 * What happens to ticks that no scheduler enqueued within the schedule's {@linkplain
 * Schedule#startingDeadline() starting deadline} (every scheduler was down, or overloaded). Ticks
 * within the deadline are not missed: they are enqueued late.
 */
public enum MissedTickPolicy {
  /**
   * Enqueue none of the missed ticks; one history entry ({@link TickOutcome#SKIPPED_MISSED}) names
   * the span.
   */
  SKIP,
  /** Enqueue one catch-up run for all the missed ticks, keyed by the first of them. */
  RUN_ONCE,
  /**
   * Enqueue a run for each missed tick, oldest first, up to {@link #MAX_CATCH_UP}; beyond that the
   * rest are skipped and one history entry names them.
   */
  RUN_ALL;

  /** The most missed ticks {@link #RUN_ALL} enqueues after one outage. */
  public static final int MAX_CATCH_UP = 100;
}
