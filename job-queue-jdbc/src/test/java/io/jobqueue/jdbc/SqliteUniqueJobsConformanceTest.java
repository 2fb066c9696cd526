package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.UniqueJobsConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteUniqueJobsConformanceTest extends UniqueJobsConformanceTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.sqlite(dir);
  }
}
