package io.jobqueue.jdbc;

import io.jobqueue.testkit.CrashRecoveryTest;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteCrashRecoveryTest extends CrashRecoveryTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.sqlite(dir);
  }
}
