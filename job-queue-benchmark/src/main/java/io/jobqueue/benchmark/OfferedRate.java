package io.jobqueue.benchmark;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/** One producer offering jobs at a fixed rate, as the latency scenarios of every queue do. */
final class OfferedRate {

  private OfferedRate() {}

  /**
   * Calls {@code add} for jobs 0 … {@code jobs - 1}, job i at {@code i / rate} seconds after the
   * start (never ahead of time; late calls are not made up for by bursts beyond catching up).
   */
  static void offer(int jobs, int rate, IntConsumer add) {
    long start = System.nanoTime();
    long period = 1_000_000_000L / rate;
    for (int i = 0; i < jobs; i++) {
      long due = start + i * period;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      add.accept(i);
    }
  }
}
