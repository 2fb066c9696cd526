package io.jobqueue.worker;

/**
 * How long handlers take per job and how long a reserve takes, as moving averages, to decide how
 * many jobs a worker reserves ahead: twice what its handlers finish during one reserve round trip,
 * so they still have work when the next reserve returns; none when they finish less than half a job
 * per round trip. Updated from many threads without a lock: an update lost in a race only makes an
 * average a little older.
 */
final class Pace {

  /** Weight of a new sample: the average follows a change within a few dozen jobs. */
  private static final double WEIGHT = 0.1;

  private volatile double handlerNanos;
  private volatile double reserveNanos;

  void handlerTook(long nanos) {
    handlerNanos = average(handlerNanos, nanos);
  }

  /** Only reserves that found all the jobs they asked for, so waiting for jobs is not counted. */
  void reserveTook(long nanos) {
    reserveNanos = average(reserveNanos, nanos);
  }

  /**
   * Jobs to reserve ahead of {@code concurrency} handlers, at most {@code max}; 0 until both are
   * measured.
   */
  int prefetch(int concurrency, int max) {
    double handler = handlerNanos;
    double reserve = reserveNanos;
    if (max == 0 || handler == 0 || reserve == 0) {
      return 0;
    }
    double ahead = Math.floor(2 * concurrency * reserve / Math.max(handler, 1));
    return (int) Math.min(max, ahead);
  }

  private static double average(double current, long sample) {
    return current == 0 ? sample : current + WEIGHT * (sample - current);
  }
}
