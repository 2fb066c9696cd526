package io.jobqueue.worker;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops a worker process gracefully on the signals that ask it to end, and then ends it with exit
 * status 0: SIGTERM (supervisord's, systemd's and Kubernetes' stop) and SIGINT (Ctrl-C).
 *
 * <p>A plain shutdown hook ({@code Runtime.addShutdownHook(new Thread(worker::close))}) stops the
 * worker too, but the JVM then exits with status 143 (128 + SIGTERM), which systemd and scripts
 * count as a failure. This class handles the signals itself instead: it runs the graceful stop on
 * the signal's thread, then calls {@link System#exit(int) System.exit(0)}, so the application's
 * shutdown hooks still run.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(queue).handler("send_important_emails", handler).build().start();
 * StopSignals.exitAfter(worker::stop);
 * worker.awaitTermination(Duration.ofDays(365));
 * }</pre>
 */
public final class StopSignals {

  private static final AtomicReference<Runnable> installed = new AtomicReference<>();
  private static final AtomicBoolean stopping = new AtomicBoolean();

  private StopSignals() {}

  /**
   * From now on, the first SIGTERM or SIGINT runs {@code gracefulStop} and then exits the JVM with
   * status 0, or with status 1 when {@code gracefulStop} throws; later signals are ignored while it
   * runs. Call it once per process, as early as possible: a signal that comes before it ends the
   * JVM the usual way, with status 143 or 130.
   *
   * @throws IllegalStateException when it was called before, or the JVM does not let programs
   *     handle these signals (it runs with {@code -Xrs})
   */
  public static void exitAfter(Runnable gracefulStop) {
    Objects.requireNonNull(gracefulStop, "gracefulStop must not be null");
    if (!installed.compareAndSet(null, gracefulStop)) {
      throw new IllegalStateException(
          "StopSignals.exitAfter was already called in this process; call it once");
    }
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), StopSignals::received);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "cannot handle SIG" + name + " (is the JVM run with -Xrs?): " + e.getMessage(), e);
      }
    }
  }

  private static void received(Signal signal) {
    // Looked up here, not when the class loads: installing early must not wait for logging to
    // start.
    Logger log = LoggerFactory.getLogger(StopSignals.class);
    if (!stopping.compareAndSet(false, true)) {
      log.info("SIG{} received while already stopping; still stopping", signal.getName());
      return;
    }
    log.info("SIG{} received: stopping gracefully, then exiting with status 0", signal.getName());
    // Not on the signal's own thread, a daemon: the JVM would end under the stop once the worker's
    // threads are done, when the application's main thread has already returned.
    Thread.ofPlatform()
        .daemon(false)
        .name("graceful-stop")
        .start(() -> {
          try {
            installed.get().run();
          } catch (RuntimeException | Error e) {
            log.error("the graceful stop failed; exiting with status 1", e);
            System.exit(1);
          }
          System.exit(0);
        });
  }
}
