package io.jobqueue.jdbc;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerCrashTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkerCrashTest extends WorkerCrashTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.sqlite(dir);
  }
}
