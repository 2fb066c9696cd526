package io.jobqueue.example;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.spi.Checks;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the queue the command line names, and proves it answers before any work starts. */
final class Backend {

  /**
   * The wait before the second attempt to reach a backend that does not answer; doubled after each.
   */
  static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);

  /** The longest wait between two attempts, as the worker's own for an outage after its start. */
  static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(Backend.class);

  private Backend() {}

  /**
   * Like {@link #open}, but waits while the backend does not answer, trying again after {@link
   * #FIRST_RETRY_DELAY}, doubling up to {@link #MAX_RETRY_DELAY}, with one WARN line per failed
   * attempt: a worker under a process supervisor outlives a backend that starts after it or is down
   * for a while, instead of exiting and being given up on.
   *
   * @throws IllegalArgumentException when no backend accepts the URL, or the URL is malformed
   * @throws InterruptedException when the thread is interrupted while it waits
   */
  static JobQueue openWhenAvailable(String url) throws InterruptedException {
    Duration delay = FIRST_RETRY_DELAY;
    for (int attempt = 1; ; attempt++) {
      try {
        JobQueue queue = open(url);
        if (attempt > 1) {
          log.info("backend {} answers, after {} attempts", Checks.redact(url), attempt);
        }
        return queue;
      } catch (BackendUnavailableException e) {
        log.warn(
            "attempt {} to reach the backend failed, trying again in {} ms: {}",
            attempt,
            delay.toMillis(),
            e.getMessage());
      }
      Thread.sleep(delay);
      delay =
          delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0
              ? MAX_RETRY_DELAY
              : delay.multipliedBy(2);
    }
  }

  /**
   * Opens the queue at {@code url} and asks it for its pipelines once, so that a wrong URL or an
   * unreachable server fails here with one clear message instead of later in a worker's loop.
   *
   * @throws IllegalArgumentException when no backend accepts the URL, or the URL is malformed
   * @throws BackendUnavailableException when the backend does not answer
   */
  static JobQueue open(String url) {
    checkUrl(url);
    JobQueue queue = JobQueues.open(url);
    try {
      queue.pipelines();
      return queue;
    } catch (RuntimeException e) {
      queue.close();
      throw new BackendUnavailableException(
          "backend " + Checks.redact(url) + " does not answer: " + rootMessage(e), e);
    }
  }

  /** Fails unless a URL was given; whether a backend accepts it is known only when opening it. */
  static void checkUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "no backend URL: give --url or set JOBQUEUE_URL, e.g. jdbc:sqlite:jobs.db");
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
