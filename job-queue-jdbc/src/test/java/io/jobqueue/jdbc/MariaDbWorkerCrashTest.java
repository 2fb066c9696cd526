package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerCrashTest;

class MariaDbWorkerCrashTest extends WorkerCrashTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
