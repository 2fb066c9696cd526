package io.jobqueue.jdbc;

import io.jobqueue.testkit.CrashRecoveryTest;
import io.jobqueue.testkit.TestBackend;

class MariaDbCrashRecoveryTest extends CrashRecoveryTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
