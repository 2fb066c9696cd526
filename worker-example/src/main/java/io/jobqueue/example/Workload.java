package io.jobqueue.example;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How heavy and how flaky the example work is: each job takes about {@code duration} (±50 %) and
 * fails with probability {@code failureRate}, so that retries and buries show up as they would
 * against a real mail server or data warehouse.
 *
 * @param duration typical time one job takes
 * @param failureRate probability, 0 … 1, that an attempt fails
 */
record Workload(Duration duration, double failureRate) {

  Workload {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("job duration must be zero or positive, was " + duration);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException(
          "failure rate must be between 0 and 1, was " + failureRate);
    }
  }

  /** Waits about as long as the remote call would take; interruptible, like a real socket read. */
  void waitForRemoteCall() throws InterruptedException {
    long nanos = duration.toNanos();
    if (nanos > 0) {
      Thread.sleep(Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos + 1)));
    }
  }

  /** Whether this attempt should fail. */
  boolean unlucky() {
    return failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
  }
}
