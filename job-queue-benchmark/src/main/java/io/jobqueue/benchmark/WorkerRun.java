package io.jobqueue.benchmark;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import java.util.function.Consumer;

/** A Worker runtime draining one pipeline with a given handler, for as long as a scenario needs it. */
final class WorkerRun implements AutoCloseable {

  private WorkerRun() {}

  static WorkerRun start(JobQueue queue, String pipeline, int concurrency, Consumer<Job> handler) {
    throw new UnsupportedOperationException("the Worker runtime (branch worker) is not merged into this branch yet");
  }

  /** Waits until the worker has deleted {@code jobs} jobs, or nothing happened for {@code stallMillis}. */
  void awaitDeleted(long jobs, long stallMillis) {
    throw new UnsupportedOperationException("the Worker runtime is not merged yet");
  }

  @Override
  public void close() {}
}
