package io.jobqueue.testkit;

import io.jobqueue.JobQueueConfig;

/** Runs the unique jobs suite against {@link InMemoryJobQueue}. */
class InMemoryUniqueJobsConformanceTest extends UniqueJobsConformanceTest {

  @Override
  protected TestBackend backend() {
    return new TestBackend("memory", JobQueueConfig.of("memory:unique"), Capabilities.SQL);
  }
}
