package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.UniqueJobsRaceTest;

class MariaDbUniqueJobsRaceTest extends UniqueJobsRaceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.mariaDb();
  }
}
