package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Deletes that threads ask for at the same time go to the database as one statement. The first
 * thread runs its delete at once; threads that arrive while it runs queue up, and when it is done
 * the first of them deletes the whole queue in one round trip and one commit, and so on. A lone
 * delete waits for nobody, and every caller returns only after its own job was deleted (or not),
 * as with a delete of its own.
 */
final class GroupedDeletes {

  private final Function<List<Job>, Set<Long>> deleteAll;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition done = lock.newCondition();
  private List<Pending> queued = new ArrayList<>();
  private boolean running;

  /** @param deleteAll deletes the jobs the caller holds, in one statement; returns the ids it deleted */
  GroupedDeletes(Function<List<Job>, Set<Long>> deleteAll) {
    this.deleteAll = deleteAll;
  }

  /**
   * Deletes {@code job}, alone or with others; returns whether it was deleted (false: the caller
   * no longer held it).
   *
   * @throws RuntimeException what the delete of the group threw, for every job in it
   */
  boolean delete(Job job) {
    Pending mine = new Pending(job);
    List<Pending> group;
    lock.lock();
    try {
      queued.add(mine);
      while (running && !mine.finished) {
        // not interruptible: the delete may already be on its way and its outcome must be known
        done.awaitUninterruptibly();
      }
      if (mine.finished) {
        return mine.outcome();
      }
      running = true;
      group = queued;
      queued = new ArrayList<>();
    } finally {
      lock.unlock();
    }
    Set<Long> deleted = null;
    RuntimeException failure = null;
    try {
      deleted = deleteAll.apply(group.stream().map(p -> p.job).toList());
    } catch (RuntimeException e) {
      failure = e;
    }
    // a job twice in one group (two threads deleting it at once) is deleted for one of them
    Set<Long> unclaimed = deleted == null ? Set.of() : new HashSet<>(deleted);
    lock.lock();
    try {
      for (Pending pending : group) {
        pending.finish(unclaimed, failure);
      }
      running = false;
      done.signalAll();
    } finally {
      lock.unlock();
    }
    return mine.outcome();
  }

  /** One job waiting to be deleted, and what became of it. */
  private static final class Pending {
    private final Job job;
    private boolean finished;
    private boolean deleted;
    private RuntimeException failure;

    Pending(Job job) {
      this.job = job;
    }

    void finish(Set<Long> unclaimed, RuntimeException e) {
      finished = true;
      failure = e;
      deleted = e == null && unclaimed.remove(job.id());
    }

    boolean outcome() {
      if (failure != null) {
        throw failure;
      }
      return deleted;
    }
  }
}
