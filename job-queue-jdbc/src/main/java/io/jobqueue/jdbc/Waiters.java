package io.jobqueue.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where reserves that found nothing wait, and what wakes them: a job added, released or kicked by
 * this queue, or a notification from the database. A waiter reads {@link #generation()} before it
 * asks the database, so a wake-up between its query and its wait is not lost.
 *
 * <p>It also remembers, per set of pipelines, that a reserve found them empty and until when
 * nothing can change there unannounced (the next poll, or a job coming due). Until then, or until a
 * wake-up, other reserves on the same pipelines wait without asking the database: however many
 * threads of a process wait, they send one query per poll interval together.
 */
final class Waiters {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<List<String>, Empty> empty = new ConcurrentHashMap<>();
  private final Map<String, Watch> watched = new ConcurrentHashMap<>();
  private volatile long generation;

  long generation() {
    return generation;
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
   * Remembers that a reserve that read {@code seen} before its query found {@code pipelines} empty,
   * and that nothing unannounced can arrive there before {@code untilNanos}.
   */
  void foundEmpty(List<String> pipelines, long seen, long untilNanos) {
    empty.put(pipelines, new Empty(seen, untilNanos));
  }

  /**
   * When {@code pipelines} are known to be empty (no wake-up since {@code seen}, the last query
   * found them empty and its time is not up), the {@link System#nanoTime()} until which they are;
   * otherwise 0, and the caller must ask the database.
   */
  long emptyUntil(List<String> pipelines, long seen, long now) {
    Empty known = knownEmpty(pipelines, seen);
    return known != null && known.untilNanos - now > 0 ? known.untilNanos : 0;
  }

  /**
   * Whether the last reserve on {@code pipelines} found them empty and nothing woke the waiters
   * since {@code seen} was read: a poll then, not a reserve that was told of a job.
   */
  boolean polling(List<String> pipelines, long seen) {
    return knownEmpty(pipelines, seen) != null;
  }

  /**
   * What the last reserve on {@code pipelines} found empty, unless a wake-up came since {@code
   * seen}.
   */
  private Empty knownEmpty(List<String> pipelines, long seen) {
    Empty known = empty.get(pipelines);
    return known != null && known.generation == seen ? known : null;
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

  /** Counts {@code pipelines} as waited on, until {@link #unwatch}; the listener arms them. */
  void watch(List<String> pipelines) {
    for (String pipeline : pipelines) {
      watched.compute(
          pipeline, (p, w) -> new Watch(w == null ? 1 : w.waiting + 1, System.nanoTime()));
    }
  }

  void unwatch(List<String> pipelines) {
    for (String pipeline : pipelines) {
      watched.computeIfPresent(pipeline, (p, w) -> new Watch(w.waiting - 1, System.nanoTime()));
    }
  }

  /** The pipelines waited on now or within the last {@code lingerNanos}; forgets the others. */
  Set<String> watched(long lingerNanos) {
    long now = System.nanoTime();
    watched.values().removeIf(w -> w.waiting == 0 && now - w.sinceNanos > lingerNanos);
    return Set.copyOf(watched.keySet());
  }

  private record Empty(long generation, long untilNanos) {}

  private record Watch(int waiting, long sinceNanos) {}
}
