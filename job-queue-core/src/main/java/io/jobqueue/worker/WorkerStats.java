package io.jobqueue.worker;

/**
 * Counts of what a {@link Worker} did since it started, at one moment.
 *
 * @param reserved jobs it reserved
 * @param deleted jobs whose handler returned, deleted
 * @param retried failed attempts released for another attempt with the retry policy's delay
 * @param buried jobs buried, after their last attempt failed or by their handler
 * @param released jobs released by their handler, or at stop because they did not finish in time
 * @param touches automatic touches of long-running jobs
 * @param running handlers running now
 */
public record WorkerStats(
    long reserved,
    long deleted,
    long retried,
    long buried,
    long released,
    long touches,
    int running) {

  /** Jobs that reached an outcome: deleted, retried, buried or released. */
  public long finished() {
    return deleted + retried + buried + released;
  }
}
