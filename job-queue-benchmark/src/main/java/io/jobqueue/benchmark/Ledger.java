package io.jobqueue.benchmark;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts deliveries per job of one scenario, by the job's index carried in its payload, so the
 * benchmark can say afterwards that every job was delivered exactly once and none was lost.
 */
final class Ledger {

  private final AtomicIntegerArray deliveries;
  private final AtomicInteger total = new AtomicInteger();
  private volatile long completedNanos;

  Ledger(int jobs) {
    this.deliveries = new AtomicIntegerArray(jobs);
  }

  int jobs() {
    return deliveries.length();
  }

  /** Records one delivery of the job with this index and returns the deliveries so far. */
  int deliver(int index) {
    if (index < 0 || index >= deliveries.length()) {
      throw new IllegalStateException(
          "delivered a job with index "
              + index
              + ", expected 0 to "
              + (deliveries.length() - 1)
              + ": a job from another run or pipeline");
    }
    deliveries.incrementAndGet(index);
    int delivered = total.incrementAndGet();
    if (delivered == deliveries.length()) {
      completedNanos = System.nanoTime();
    }
    return delivered;
  }

  int delivered() {
    return total.get();
  }

  /**
   * The {@link System#nanoTime()} at which the last expected delivery was recorded, or {@code
   * fallback} when the ledger never completed; scenarios end their clock here rather than when
   * their threads have noticed.
   */
  long completedNanos(long fallback) {
    long at = completedNanos;
    return at == 0 ? fallback : at;
  }

  boolean complete() {
    return total.get() >= deliveries.length();
  }

  /**
   * Compares what was delivered with what was expected; {@code left} is what the backend still
   * holds.
   */
  Verification verify(long left) {
    int once = 0;
    int lost = 0;
    int duplicates = 0;
    for (int i = 0; i < deliveries.length(); i++) {
      int n = deliveries.get(i);
      if (n == 0) {
        lost++;
      } else {
        once += n == 1 ? 1 : 0;
        duplicates += n - 1;
      }
    }
    return Verification.delivery(deliveries.length(), once, lost, duplicates, left);
  }
}
