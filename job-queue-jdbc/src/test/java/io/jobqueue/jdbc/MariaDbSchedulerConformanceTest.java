package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.SchedulerConformanceTest;
import io.jobqueue.testkit.TestBackend;

/** The scheduler suite on MariaDb, ticks' jobs inserted in the claims' transactions. */
class MariaDbSchedulerConformanceTest extends SchedulerConformanceTest {

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.schedules(JdbcTestBackends.mariaDb());
  }

  @Override
  protected ScheduleStore openStore(JobQueue queue) {
    return JdbcScheduleStore.of((JdbcJobQueue) queue);
  }
}
