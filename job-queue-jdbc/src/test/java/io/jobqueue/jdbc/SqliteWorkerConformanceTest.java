package io.jobqueue.jdbc;

import io.jobqueue.testkit.BackendOutage;
import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkerConformanceTest extends WorkerConformanceTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.sqlite(dir);
  }

  @Override
  protected BackendOutage outage() {
    return new SqliteLockOutage(backend());
  }
}
