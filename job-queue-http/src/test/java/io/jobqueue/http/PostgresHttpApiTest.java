package io.jobqueue.http;

import io.jobqueue.JobQueue;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore;

class PostgresHttpApiTest extends HttpApiContractTest {

  @Override
  protected String url() {
    return "jdbc:postgresql://127.0.0.1:5432/test?user=root";
  }

  @Override
  protected ScheduleStore scheduleStore(JobQueue queue) {
    return JdbcScheduleStore.of((JdbcJobQueue) queue);
  }
}
