package io.jobqueue.http;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore;

class BeanstalkdHttpApiTest extends HttpApiContractTest {

  @Override
  protected String url() {
    return "beanstalk://127.0.0.1:11300";
  }

  @Override
  protected ScheduleStore scheduleStore(JobQueue queue) {
    // beanstalkd keeps no schedules: they live in a SQL database beside it
    return JdbcScheduleStore.open(
        JobQueueConfig.of("jdbc:sqlite:" + SqliteHttpApiTest.tempDir().resolve("schedules.db")));
  }

  @Override
  protected boolean sql() {
    return false;
  }
}
