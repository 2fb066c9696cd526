package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.ScheduleStoreOpener;

/**
 * Opens a {@link JdbcScheduleStore} in a scheduler process: on the queue's own database, or on the
 * database whose URL the argument is (beanstalkd's SQLite file).
 */
public final class JdbcScheduleStoreOpener implements ScheduleStoreOpener {

  @Override
  public ScheduleStore open(JobQueue queue, String argument) {
    return argument.isEmpty()
        ? JdbcScheduleStore.of((JdbcJobQueue) queue)
        : JdbcScheduleStore.open(JobQueueConfig.of(argument));
  }
}
