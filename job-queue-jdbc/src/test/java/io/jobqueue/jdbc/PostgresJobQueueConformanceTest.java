package io.jobqueue.jdbc;

import io.jobqueue.testkit.JobQueueConformanceTest;
import io.jobqueue.testkit.TestBackend;

class PostgresJobQueueConformanceTest extends JobQueueConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.postgres();
  }
}
