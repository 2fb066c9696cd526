package io.jobqueue.jdbc;

import io.jobqueue.testkit.ConcurrentReserveTest;
import io.jobqueue.testkit.TestBackend;

class MariaDbConcurrentReserveTest extends ConcurrentReserveTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
