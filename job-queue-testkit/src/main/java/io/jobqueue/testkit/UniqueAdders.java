package io.jobqueue.testkit;

import io.jobqueue.AddResult;
import io.jobqueue.JobOptions;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Threads that add jobs with the same unique keys at the same moment, in this process and in {@link
 * ReserverProcess}'s {@code add-unique} mode.
 */
final class UniqueAdders {

  /** How many keys each thread adds. */
  static final int KEYS = 1_000;

  private UniqueAdders() {}

  /**
   * The id each key got (every thread of this process saw the same one, or this throws) and how
   * many adds said {@link AddResult#added()}.
   */
  record Result(Map<String, Long> ids, long added) {}

  /** Starts {@code threads} threads that each add keys {@code key-0 … key-(keys-1)} in order. */
  static Result race(Pipeline pipeline, int threads, int keys) throws Exception {
    Map<String, Long> ids = new ConcurrentHashMap<>();
    LongAdder added = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(() -> {
              start.await();
              for (int i = 0; i < keys; i++) {
                String key = "key-" + i;
                AddResult result =
                    pipeline.add(
                        NewJob.text(key).withOptions(JobOptions.DEFAULT.withUniqueKey(key)));
                if (result.added()) {
                  added.increment();
                }
                Long seen = ids.putIfAbsent(key, result.id());
                if (seen != null && seen != result.id()) {
                  throw new AssertionError(
                      "key " + key + " got job " + result.id() + " and job " + seen);
                }
              }
              return null;
            }));
      }
      start.countDown();
      for (Future<?> thread : running) {
        thread.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(Map.copyOf(ids), added.sum());
  }
}
