package io.jobqueue.jdbc;

import io.jobqueue.testkit.PipelineLimitsConformanceTest;
import io.jobqueue.testkit.TestBackend;

class MariaDbPipelineLimitsConformanceTest extends PipelineLimitsConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
