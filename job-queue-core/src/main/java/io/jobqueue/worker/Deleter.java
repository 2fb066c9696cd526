package io.jobqueue.worker;

import io.jobqueue.Job;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobQueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the jobs whose handlers returned, many per backend call ({@link
 * JobQueue#delete(java.util.Collection)}), on a thread of its own. It never waits to fill a group:
 * a call starts as soon as a job is waiting and no call is under way, and the jobs that finish
 * during a call form the next group. So a lone job is deleted at once, and a busy worker needs a
 * call per group instead of per job.
 *
 * <p>Jobs waiting for their delete are still reserved; at most {@code limit} of them at a time (a
 * handler that would exceed it waits), so a slow backend cannot make the worker hold jobs past
 * their TTR while it keeps reserving more.
 */
final class Deleter {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** The most jobs in one call: keeps statements and pipelined writes at a reasonable size. */
  static final int MAX_GROUP = 500;

  private final JobQueue queue;
  private final Worker worker;
  private final Semaphore waiting;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition jobsWaiting = lock.newCondition();
  private List<RunningJob> pending = new ArrayList<>();

  /** The group whose delete call is under way; read by a stop that gives up waiting for it. */
  private volatile List<RunningJob> deleting = List.of();

  private boolean stopped;
  private Thread thread;

  Deleter(JobQueue queue, Worker worker, int limit) {
    this.queue = queue;
    this.worker = worker;
    this.waiting = new Semaphore(limit);
  }

  void start() {
    thread = Thread.ofPlatform().name(worker.name() + "-delete").daemon().start(this::run);
  }

  /**
   * Queues a finished job for deletion, first waiting while {@code limit} jobs are waiting already.
   * After {@link #stop(long)} the job is deleted at once on the calling thread.
   */
  void add(RunningJob run) {
    waiting.acquireUninterruptibly();
    lock.lock();
    try {
      if (!stopped) {
        pending.add(run);
        if (pending.size() == 1) {
          jobsWaiting.signal();
        }
        return;
      }
    } finally {
      lock.unlock();
    }
    delete(List.of(run));
  }

  /**
   * Deletes what is still waiting and ends the thread, waiting until {@code deadlineNanos} ({@link
   * System#nanoTime()}) at most. Returns the finished jobs whose delete was not confirmed by then
   * (empty when all are deleted); the thread goes on with them in the background. Calling it again
   * does not wait longer than the deadline given.
   */
  List<RunningJob> stop(long deadlineNanos) {
    lock.lock();
    try {
      stopped = true;
      jobsWaiting.signal();
    } finally {
      lock.unlock();
    }
    // the jobs waiting here are finished: they must be deleted, not released, so an interrupt does
    // not end the wait
    if (thread == null || Worker.joinUntil(thread, deadlineNanos)) {
      return List.of();
    }
    lock.lock();
    try {
      List<RunningJob> undone = new ArrayList<>(deleting);
      undone.addAll(pending);
      return undone;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    List<RunningJob> group;
    while ((group = next()) != null) {
      deleting = group;
      delete(group);
      deleting = List.of();
    }
  }

  /** The next group, waiting until there is one; null once stopped with nothing left. */
  private List<RunningJob> next() {
    lock.lock();
    try {
      while (pending.isEmpty()) {
        if (stopped) {
          return null;
        }
        jobsWaiting.awaitUninterruptibly();
      }
      if (pending.size() <= MAX_GROUP) {
        List<RunningJob> group = pending;
        pending = new ArrayList<>();
        return group;
      }
      List<RunningJob> head = pending.subList(0, MAX_GROUP);
      List<RunningJob> group = new ArrayList<>(head);
      head.clear();
      return group;
    } finally {
      lock.unlock();
    }
  }

  private void delete(List<RunningJob> group) {
    List<Job> jobs = new ArrayList<>(group.size());
    for (RunningJob run : group) {
      jobs.add(run.job());
    }
    try {
      queue.delete(jobs);
      group.forEach(RunningJob::deleted);
    } catch (JobNotReservedException e) {
      Set<Long> notHeld = notHeld(e, jobs);
      for (RunningJob run : group) {
        if (notHeld.contains(run.job().id())) {
          run.notDeleted(e);
        } else {
          run.deleted();
        }
      }
    } catch (RuntimeException e) {
      group.forEach(run -> run.notDeleted(e));
    } finally {
      waiting.release(group.size());
    }
  }

  /**
   * The jobs of the group the backend no longer held. A backend that does not say which (an empty
   * {@link JobNotReservedException#jobIds()}) deleted every other one, so those still there are the
   * ones it did not hold.
   */
  private Set<Long> notHeld(JobNotReservedException e, List<Job> jobs) {
    if (!e.jobIds().isEmpty()) {
      return Set.copyOf(e.jobIds());
    }
    if (jobs.size() == 1) {
      return Set.of(jobs.get(0).id());
    }
    Set<Long> left = new HashSet<>();
    for (Job job : jobs) {
      try {
        if (queue.peek(job.id()).isPresent()) {
          left.add(job.id());
        }
      } catch (RuntimeException peekFailed) {
        left.add(job.id());
      }
    }
    return left;
  }
}
