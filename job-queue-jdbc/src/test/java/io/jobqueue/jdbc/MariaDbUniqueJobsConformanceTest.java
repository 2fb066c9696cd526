package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.UniqueJobsConformanceTest;

class MariaDbUniqueJobsConformanceTest extends UniqueJobsConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
