package io.jobqueue.http;

import io.jobqueue.JobQueue;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore;

class MariaDbHttpApiTest extends HttpApiContractTest {

  @Override
  protected String url() {
    return "jdbc:mysql://127.0.0.1:3306/test?user=root";
  }

  @Override
  protected ScheduleStore scheduleStore(JobQueue queue) {
    return JdbcScheduleStore.of((JdbcJobQueue) queue);
  }
}
