package io.jobqueue.jdbc;

import io.jobqueue.testkit.HostPartitionTest;
import io.jobqueue.testkit.TestBackend;

class MariaDbHostPartitionTest extends HostPartitionTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }

  /** MySQL Connector/J counts these in milliseconds. */
  @Override
  protected String timeoutParameters() {
    return "connectTimeout=5000&socketTimeout=10000";
  }
}
