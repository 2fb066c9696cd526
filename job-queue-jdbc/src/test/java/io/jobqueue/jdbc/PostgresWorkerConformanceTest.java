package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerConformanceTest;

class PostgresWorkerConformanceTest extends WorkerConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.postgres();
  }
}
