package io.jobqueue.worker;

import io.jobqueue.JobQueueException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Tracks one backend outage as seen by the reserve loop: logs its start once and its end once, and
 * spaces the attempts in between exponentially so that a worker neither dies nor spins.
 */
final class Outage {

  static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Logger log;
  private final String worker;
  private Instant since;
  private int failures;

  Outage(Logger log, String worker) {
    this.log = log;
    this.worker = worker;
  }

  /** Records a failed reserve and returns how long to wait before the next one. */
  Duration failed(RuntimeException error) {
    failures++;
    if (since == null) {
      since = Instant.now();
      if (error instanceof JobQueueException) {
        log.warn(
            "worker {}: cannot reserve, backend unavailable: {}; retrying with backoff up to {} s",
            worker,
            error.toString(),
            MAX_BACKOFF.toSeconds());
      } else {
        log.error(
            "worker {}: unexpected error while reserving; retrying with backoff up to {} s",
            worker,
            MAX_BACKOFF.toSeconds(),
            error);
      }
    } else {
      log.debug(
          "worker {}: reserve failed again ({} in a row): {}", worker, failures, error.toString());
    }
    return backoff(failures);
  }

  /** Records a reserve that worked; logs the end of an outage if there was one. */
  void succeeded() {
    if (since != null) {
      log.info(
          "worker {}: backend available again after {} ms and {} failed attempts",
          worker,
          Duration.between(since, Instant.now()).toMillis(),
          failures);
      since = null;
      failures = 0;
    }
  }

  static Duration backoff(int failures) {
    long millis = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 16);
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }
}
