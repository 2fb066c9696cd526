package io.jobqueue.jdbc;

import io.jobqueue.testkit.JobQueueConformanceTest;
import io.jobqueue.testkit.TestBackend;

class MariaDbJobQueueConformanceTest extends JobQueueConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
