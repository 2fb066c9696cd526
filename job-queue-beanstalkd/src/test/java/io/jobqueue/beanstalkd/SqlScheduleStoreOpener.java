package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.ScheduleStoreOpener;

/** Opens the schedules of a beanstalkd scheduler process in the SQL database the argument names. */
public final class SqlScheduleStoreOpener implements ScheduleStoreOpener {

  @Override
  public ScheduleStore open(JobQueue queue, String argument) {
    return JdbcScheduleStore.open(JobQueueConfig.of(argument));
  }
}
