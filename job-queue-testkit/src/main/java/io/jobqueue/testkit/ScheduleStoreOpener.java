package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.spi.ScheduleStore;

/**
 * Opens a backend's schedule store in a {@link SchedulerProcess}: a backend's test sources provide
 * a public class with a public no-argument constructor, named to the child by class name.
 */
public interface ScheduleStoreOpener {

  /**
   * @param queue the queue the ticks' jobs go to, as the process opened it
   * @param argument what the test gave ({@link SchedulerProcessTest#storeArgument()}), e.g. the URL
   *     of the database that keeps the schedules; empty when the queue's database keeps them
   */
  ScheduleStore open(JobQueue queue, String argument);
}
