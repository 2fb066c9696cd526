package io.jobqueue.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Calls that threads make at the same time go to the database as one: one round trip and one commit
 * for the group. The first thread runs its call at once; threads that arrive while it runs queue
 * up, and when it is done the first of them runs the whole queue as one call, and so on. A lone
 * call waits for nobody, and every caller returns only when its own part is done, with its own
 * result or the group's failure, as with a call of its own.
 *
 * @param <T> what one caller asks for
 * @param <R> what that caller gets back
 */
final class Grouped<T, R> {

  private final Function<List<T>, List<R>> runAll;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition done = lock.newCondition();
  private List<Pending<T, R>> queued = new ArrayList<>();
  private boolean running;

  /**
   * @param runAll runs a group in one call; returns one result per request, in order
   */
  Grouped(Function<List<T>, List<R>> runAll) {
    this.runAll = runAll;
  }

  /**
   * Runs {@code request}, alone or with others, and returns its result.
   *
   * @throws RuntimeException what the call of the group threw (an Error too), for every request in
   *     it
   */
  R run(T request) {
    Pending<T, R> mine = new Pending<>(request);
    List<Pending<T, R>> group;
    lock.lock();
    try {
      queued.add(mine);
      while (running && !mine.finished) {
        // not interruptible: the call may already be on its way and its outcome must be known
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
    List<R> results = null;
    Throwable failure = null;
    try {
      results = runAll.apply(group.stream().map(p -> p.request).toList());
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    lock.lock();
    try {
      for (int i = 0; i < group.size(); i++) {
        group.get(i).finish(results == null ? null : results.get(i), failure);
      }
      running = false;
      done.signalAll();
    } finally {
      lock.unlock();
    }
    return mine.outcome();
  }

  /** One request waiting for its group, and what became of it. */
  private static final class Pending<T, R> {
    private final T request;
    private boolean finished;
    private R result;
    private Throwable failure;

    Pending(T request) {
      this.request = request;
    }

    void finish(R result, Throwable failure) {
      this.finished = true;
      this.result = result;
      this.failure = failure;
    }

    R outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return result;
    }
  }
}
