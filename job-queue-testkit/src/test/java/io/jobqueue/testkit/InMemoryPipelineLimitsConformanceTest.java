package io.jobqueue.testkit;

import io.jobqueue.JobQueueConfig;

class InMemoryPipelineLimitsConformanceTest extends PipelineLimitsConformanceTest {

  @Override
  protected TestBackend backend() {
    return new TestBackend("memory", JobQueueConfig.of("memory:limits"), Capabilities.SQL);
  }
}
