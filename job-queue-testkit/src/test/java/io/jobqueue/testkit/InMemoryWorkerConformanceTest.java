package io.jobqueue.testkit;

/**
 * Runs the worker suite against {@link InMemoryJobQueue}, to show the suite itself is consistent.
 */
class InMemoryWorkerConformanceTest extends WorkerConformanceTest {

  @Override
  protected TestBackend backend() {
    return InMemoryJobQueueConformanceTest.BACKEND;
  }

  @Override
  protected BackendOutage outage() {
    return new InMemoryOutage(backend());
  }
}
