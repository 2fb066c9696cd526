package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.SchedulerConformanceTest;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler suite on beanstalkd, with schedules and the tick ledger in an SQLite file (the
 * default for beanstalkd users); each store opens the file as another scheduler process would.
 */
class BeanstalkdSchedulerConformanceTest extends SchedulerConformanceTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }

  @Override
  protected ScheduleStore openStore(JobQueue queue) {
    return new SqlScheduleStoreOpener().open(queue, "jdbc:sqlite:" + dir.resolve("schedules.db"));
  }
}
