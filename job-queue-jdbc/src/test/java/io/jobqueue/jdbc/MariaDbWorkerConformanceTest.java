package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerConformanceTest;

class MariaDbWorkerConformanceTest extends WorkerConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
