package io.jobqueue.jdbc;

import io.jobqueue.testkit.ScheduleStoreOpener;
import io.jobqueue.testkit.SchedulerProcessTest;
import io.jobqueue.testkit.TestBackend;

/** Three scheduler processes on Postgres, one killed half way. */
class PostgresSchedulerProcessTest extends SchedulerProcessTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.schedules(JdbcTestBackends.postgres());
  }

  @Override
  protected Class<? extends ScheduleStoreOpener> storeOpener() {
    return JdbcScheduleStoreOpener.class;
  }
}
