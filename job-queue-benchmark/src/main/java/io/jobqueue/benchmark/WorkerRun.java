package io.jobqueue.benchmark;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import java.util.function.Consumer;

/**
 * A {@link Worker} draining one pipeline with a handler that only records the job, for as long as a
 * scenario needs it; closing it stops the worker gracefully (the queue stays open).
 */
final class WorkerRun implements AutoCloseable {

  private static final long POLL_MILLIS = 1;

  private final Worker worker;

  private WorkerRun(Worker worker) {
    this.worker = worker;
  }

  static WorkerRun start(JobQueue queue, String pipeline, int concurrency, Consumer<Job> handler) {
    return new WorkerRun(
        Worker.builder(queue)
            .name("bench-" + pipeline)
            .handler(pipeline, context -> handler.accept(context.job()))
            .concurrency(concurrency)
            .build()
            .start());
  }

  /**
   * Waits until the worker has deleted {@code jobs} jobs, or has deleted nothing new for {@code
   * stallMillis}.
   */
  void awaitDeleted(long jobs, long stallMillis) {
    long deleted = worker.stats().deleted();
    long lastChange = System.nanoTime();
    while (deleted < jobs && (System.nanoTime() - lastChange) / 1_000_000 < stallMillis) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = worker.stats().deleted();
      if (now != deleted) {
        deleted = now;
        lastChange = System.nanoTime();
      }
    }
  }

  /** Jobs the worker has deleted so far. */
  long deleted() {
    return worker.stats().deleted();
  }

  @Override
  public void close() {
    worker.close();
  }
}
