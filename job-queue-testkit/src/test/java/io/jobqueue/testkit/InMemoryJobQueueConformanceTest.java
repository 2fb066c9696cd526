package io.jobqueue.testkit;

import io.jobqueue.JobQueueConfig;

/** Runs the suite against {@link InMemoryJobQueue}, to show the suite itself is consistent. */
class InMemoryJobQueueConformanceTest extends JobQueueConformanceTest {

  static final TestBackend BACKEND =
      new TestBackend("memory", JobQueueConfig.of("memory:conformance"), Capabilities.SQL);

  @Override
  protected TestBackend backend() {
    return BACKEND;
  }
}
