package io.jobqueue.jdbc;

import io.jobqueue.testkit.PipelineLimitsConformanceTest;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqlitePipelineLimitsConformanceTest extends PipelineLimitsConformanceTest {

  @TempDir static Path dir;

  @Override
  protected TestBackend backend() {
    return JdbcTestBackends.sqlite(dir);
  }
}
