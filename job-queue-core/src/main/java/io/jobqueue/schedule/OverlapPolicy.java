package io.jobqueue.schedule;

/**
 * What a tick does while the previous run of its schedule is still in the queue (Kubernetes' {@code
 * concurrencyPolicy}). Decided under the tick's claim, so it holds across every scheduler process.
 */
public enum OverlapPolicy {
  /** Enqueue every tick, whatever the previous run is doing. */
  ALLOW,
  /**
   * Skip the tick (recorded as {@link TickOutcome#SKIPPED_OVERLAP}) while the previous run is
   * ready, delayed or reserved: never two runs of the schedule in the queue at once.
   */
  FORBID,
  /**
   * Delete the previous run if it is ready or delayed (not started), then enqueue. A previous run
   * that a worker already holds cannot be taken back: it finishes, and the new run is enqueued
   * beside it.
   */
  REPLACE
}
