package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.ScheduleStoreOpener;
import io.jobqueue.testkit.SchedulerProcessTest;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three scheduler processes on beanstalkd, with the schedules and ledger in one SQLite file, one
 * killed half way.
 */
class BeanstalkdSchedulerProcessTest extends SchedulerProcessTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }

  @Override
  protected Class<? extends ScheduleStoreOpener> storeOpener() {
    return SqlScheduleStoreOpener.class;
  }

  @Override
  protected String storeArgument() {
    return "jdbc:sqlite:" + dir.resolve("schedules.db");
  }
}
