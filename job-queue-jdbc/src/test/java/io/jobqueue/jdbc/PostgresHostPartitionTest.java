package io.jobqueue.jdbc;

import io.jobqueue.testkit.HostPartitionTest;
import io.jobqueue.testkit.TestBackend;

class PostgresHostPartitionTest extends HostPartitionTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.postgres();
  }

  /** pgJDBC counts these in seconds. */
  @Override
  protected String timeoutParameters() {
    return "connectTimeout=5&socketTimeout=10";
  }
}
