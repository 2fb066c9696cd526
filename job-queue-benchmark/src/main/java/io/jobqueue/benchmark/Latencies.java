package io.jobqueue.benchmark;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Enqueue-to-handler-start latencies of one run, one slot per job, summarised by percentiles. */
final class Latencies {

  private final AtomicLongArray nanos;

  Latencies(int jobs) {
    this.nanos = new AtomicLongArray(jobs);
    for (int i = 0; i < jobs; i++) {
      nanos.set(i, -1);
    }
  }

  void record(int index, long latencyNanos) {
    nanos.set(index, latencyNanos);
  }

  /**
   * Records the latency of the job with this payload (enqueued in this JVM, see {@link Payload}) as
   * its handler starts, and its delivery in the ledger.
   */
  void started(byte[] payload, Ledger ledger, AtomicLong progress) {
    long now = System.nanoTime();
    int index = Payload.index(payload);
    record(index, now - Payload.enqueuedNanos(payload));
    ledger.deliver(index);
    progress.incrementAndGet();
  }

  /** Percentiles in milliseconds over the jobs that were delivered (nearest-rank). */
  Summary summary() {
    long[] seen = new long[nanos.length()];
    int n = 0;
    for (int i = 0; i < nanos.length(); i++) {
      long v = nanos.get(i);
      if (v >= 0) {
        seen[n++] = v;
      }
    }
    long[] sorted = Arrays.copyOf(seen, n);
    Arrays.sort(sorted);
    return new Summary(
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        n == 0 ? Double.NaN : sorted[n - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  record Summary(double p50Ms, double p90Ms, double p99Ms, double maxMs) {}
}
