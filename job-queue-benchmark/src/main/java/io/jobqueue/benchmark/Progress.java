package io.jobqueue.benchmark;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, redrawn ten times a second by its own thread so the measured
 * threads only bump a counter. Disabled, it prints nothing.
 */
final class Progress implements AutoCloseable {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean enabled;
  private volatile String label = "";
  private volatile long total;
  private volatile LongSupplier done = () -> 0;
  private volatile long startNanos;
  private final Thread painter;

  Progress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
    this.painter = Thread.ofPlatform().daemon().name("progress").unstarted(this::paintLoop);
    if (enabled) {
      painter.start();
    }
  }

  /** Shows {@code label} with a bar filled by {@code done} out of {@code total}. */
  void show(String label, long total, LongSupplier done) {
    this.startNanos = System.nanoTime();
    this.total = total;
    this.done = done;
    this.label = label;
  }

  /** Shows a step that counts nothing, e.g. a latency run, as seconds elapsed out of seconds. */
  void showTimed(String label, long seconds) {
    long start = System.nanoTime();
    show(label, seconds, () -> (System.nanoTime() - start) / 1_000_000_000L);
  }

  private void paintLoop() {
    try {
      while (true) {
        Thread.sleep(100);
        paint();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void paint() {
    String current = label;
    if (current.isEmpty()) {
      return;
    }
    long max = Math.max(1, total);
    long value = Math.min(max, done.getAsLong());
    int filled = (int) (WIDTH * value / max);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.print(
        "\r\033[K"
            + current
            + " ["
            + "#".repeat(filled)
            + "-".repeat(WIDTH - filled)
            + "] "
            + value
            + "/"
            + max
            + String.format(" %.1fs", seconds));
    out.flush();
  }

  /** Removes the bar so the next line of output starts clean. */
  synchronized void clear() {
    label = "";
    if (enabled) {
      out.print("\r\033[K");
      out.flush();
    }
  }

  @Override
  public void close() {
    painter.interrupt();
    clear();
  }
}
