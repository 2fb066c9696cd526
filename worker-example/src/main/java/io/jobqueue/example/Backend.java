package io.jobqueue.example;

import io.jobqueue.spi.Checks;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;

/** Opens the queue the command line names, and proves it answers before any work starts. */
final class Backend {

  private Backend() {}

  /**
   * Opens the queue at {@code url} and asks it for its pipelines once, so that a wrong URL or an
   * unreachable server fails here with one clear message instead of later in a worker's loop.
   *
   * @throws IllegalArgumentException when no backend accepts the URL, or the URL is malformed
   * @throws BackendUnavailableException when the backend does not answer
   */
  static JobQueue open(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no backend URL: give --url or set JOBQUEUE_URL, e.g. jdbc:sqlite:jobs.db");
    }
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

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
