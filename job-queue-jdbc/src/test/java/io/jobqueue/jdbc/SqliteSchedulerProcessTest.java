package io.jobqueue.jdbc;

import io.jobqueue.testkit.ScheduleStoreOpener;
import io.jobqueue.testkit.SchedulerProcessTest;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Three scheduler processes on Sqlite (one file), one killed half way. */
class SqliteSchedulerProcessTest extends SchedulerProcessTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.schedules(JdbcTestBackends.sqlite(dir));
  }

  @Override
  protected Class<? extends ScheduleStoreOpener> storeOpener() {
    return JdbcScheduleStoreOpener.class;
  }
}
