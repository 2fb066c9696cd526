package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.SchedulerConformanceTest;
import io.jobqueue.testkit.TestBackend;

/** The scheduler suite on Postgres, ticks' jobs inserted in the claims' transactions. */
class PostgresSchedulerConformanceTest extends SchedulerConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.schedules(JdbcTestBackends.postgres());
  }

  @Override
  protected ScheduleStore openStore(JobQueue queue) {
    return JdbcScheduleStore.of((JdbcJobQueue) queue);
  }
}
