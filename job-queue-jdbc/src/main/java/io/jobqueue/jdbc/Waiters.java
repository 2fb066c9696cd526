package io.jobqueue.jdbc;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where reserves that found nothing wait, and what wakes them: a job added, released or kicked by
 * this queue, or a notification from the database. A waiter reads {@link #generation()} before it
 * asks the database, so a wake-up between its query and its wait is not lost.
 */
final class Waiters {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  void wakeAll() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@link #wakeAll()} was called after {@code seen} was read, or {@code nanos} pass.
   *
   * @throws InterruptedException when the thread is interrupted
   */
  void await(long seen, long nanos) throws InterruptedException {
    long left = nanos;
    lock.lock();
    try {
      while (generation == seen && left > 0) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

}
