package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.UniqueJobsRaceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteUniqueJobsRaceTest extends UniqueJobsRaceTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.sqlite(dir);
  }
}
