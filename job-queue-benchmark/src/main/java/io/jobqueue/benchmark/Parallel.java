package io.jobqueue.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Runs one body on several threads at once and waits for all of them. */
final class Parallel {

  /** The work of one thread; {@code thread} is 0 … threads - 1. */
  @FunctionalInterface
  interface Body {
    void run(int thread) throws Exception;
  }

  private Parallel() {}

  /**
   * Runs {@code body} on {@code threads} threads and returns when all have finished.
   *
   * @throws IllegalStateException carrying the first failure of any thread (the others are added as
   *     suppressed)
   */
  static void run(String name, int threads, Body body) {
    List<Throwable> failures = new ArrayList<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      started.add(
          Thread.ofPlatform()
              .name(name + "-" + t)
              .start(() -> {
                try {
                  body.run(thread);
                } catch (Throwable e) {
                  if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                  }
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              }));
    }
    try {
      for (Thread thread : started) {
        thread.join();
      }
    } catch (InterruptedException e) {
      started.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " was interrupted", e);
    }
    if (!failures.isEmpty()) {
      IllegalStateException failure =
          new IllegalStateException(name + " failed: " + failures.get(0), failures.get(0));
      failures.stream().skip(1).forEach(failure::addSuppressed);
      throw failure;
    }
  }

  /**
   * Adds jobs 0 … {@code jobs - 1} with one call of {@code add} each, split over {@code threads}
   * threads, and returns the ids the calls returned.
   */
  static <T> Set<T> addEach(String name, int jobs, int threads, Add<T> add, AtomicLong progress) {
    Set<T> ids = ConcurrentHashMap.newKeySet(jobs);
    run(
        name,
        threads,
        thread -> {
          for (int i = sliceStart(jobs, threads, thread);
              i < sliceStart(jobs, threads, thread + 1);
              i++) {
            ids.add(add.job(i));
            progress.incrementAndGet();
          }
        });
    return ids;
  }

  /** Adds the job with this index and returns its id. */
  @FunctionalInterface
  interface Add<T> {
    T job(int index) throws Exception;
  }

  /**
   * The first index of thread {@code thread}'s share when {@code jobs} are split over {@code
   * threads}.
   */
  static int sliceStart(int jobs, int threads, int thread) {
    return (int) ((long) jobs * thread / threads);
  }
}
