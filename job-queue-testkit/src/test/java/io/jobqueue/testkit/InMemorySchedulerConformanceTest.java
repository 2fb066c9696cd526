package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.schedule.spi.ScheduleStore;

/**
 * Runs the scheduler suite on the in-memory queue and store, to show the suite itself is
 * consistent.
 */
class InMemorySchedulerConformanceTest extends SchedulerConformanceTest {

  @Override
  protected TestBackend backend() {
    return new TestBackend("memory", JobQueueConfig.of("memory:scheduler"), Capabilities.SQL);
  }

  @Override
  protected ScheduleStore openStore(JobQueue queue) {
    return new InMemoryScheduleStore("scheduler");
  }
}
