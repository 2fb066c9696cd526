package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps paused tubes alive. beanstalkd frees a tube as soon as it has no jobs and no connection
 * uses or watches it, and its pause goes with it; a pipeline paused while empty would then take
 * reservations as soon as a job is added. One connection of its own watches every tube while its
 * pause lasts (it never reserves, so watching takes no jobs).
 */
final class PausedTubes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PausedTubes.class);

  private final Endpoint endpoint;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Long> pausedUntilNanos = new HashMap<>();
  private BeanstalkdConnection connection;
  private boolean closed;

  PausedTubes(Endpoint endpoint, String description) {
    this.endpoint = endpoint;
    this.description = description;
  }

  /** Records that {@code tube} is paused for {@code duration} (zero: no longer paused). */
  void paused(String tube, Duration duration) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      if (!duration.isZero()) {
        pausedUntilNanos.put(tube, now + duration.toNanos());
      } else {
        pausedUntilNanos.remove(tube);
      }
      pausedUntilNanos.values().removeIf(until -> until - now < 0);
      watchExactly();
    } catch (JobQueueException e) {
      // the pause itself is in effect; only its survival while the pipeline is empty is at risk
      LOG.warn(
          "{}: cannot keep paused pipelines alive while empty: {}", description, e.getMessage());
      dropConnection();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      dropConnection();
    } finally {
      lock.unlock();
    }
  }

  private void watchExactly() {
    if (pausedUntilNanos.isEmpty() && connection == null) {
      return;
    }
    if (connection == null) {
      connection = BeanstalkdConnection.open(endpoint);
    }
    // "default" stays watched so that ignoring the last paused tube is allowed
    List<String> tubes = new ArrayList<>(pausedUntilNanos.keySet());
    tubes.add("default");
    connection.lock().lock();
    try {
      connection.watchOnly(tubes);
    } finally {
      connection.lock().unlock();
    }
  }

  private void dropConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
