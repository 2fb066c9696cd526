package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.UniqueJobsConformanceTest;

class PostgresUniqueJobsConformanceTest extends UniqueJobsConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.postgres();
  }
}
