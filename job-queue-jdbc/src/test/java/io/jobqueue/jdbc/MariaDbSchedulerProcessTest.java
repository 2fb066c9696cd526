package io.jobqueue.jdbc;

import io.jobqueue.testkit.ScheduleStoreOpener;
import io.jobqueue.testkit.SchedulerProcessTest;
import io.jobqueue.testkit.TestBackend;

/** Three scheduler processes on MariaDb, one killed half way. */
class MariaDbSchedulerProcessTest extends SchedulerProcessTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.schedules(JdbcTestBackends.mariaDb());
  }

  @Override
  protected Class<? extends ScheduleStoreOpener> storeOpener() {
    return JdbcScheduleStoreOpener.class;
  }
}
