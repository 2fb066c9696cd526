package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.SchedulerConformanceTest;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler suite on Sqlite, ticks' jobs inserted in the claims' transactions. */
class SqliteSchedulerConformanceTest extends SchedulerConformanceTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.schedules(JdbcTestBackends.sqlite(dir));
  }

  @Override
  protected ScheduleStore openStore(JobQueue queue) {
    return JdbcScheduleStore.of((JdbcJobQueue) queue);
  }
}
