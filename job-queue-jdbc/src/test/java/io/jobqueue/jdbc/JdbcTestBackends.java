package io.jobqueue.jdbc;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.testkit.Capabilities;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;

/**
 * The three databases the JDBC backend's tests run against (the servers of the project's test
 * setup).
 */
final class JdbcTestBackends {

  /** The table prefix of the scheduler's tests. */
  static final String SCHEDULES_PREFIX = "sched_";

  private JdbcTestBackends() {}

  /**
   * An SQLite file in {@code dir}; the child JVMs of the concurrency and crash tests open the same
   * file.
   */
  static TestBackend sqlite(Path dir) {
    return new TestBackend(
        "sqlite", JobQueueConfig.of("jdbc:sqlite:" + dir.resolve("jobs.db")), Capabilities.SQL);
  }

  /**
   * The backend with the tables prefix {@value #SCHEDULES_PREFIX}: the scheduler's tests migrate
   * tables of their own on the shared servers.
   */
  static TestBackend schedules(TestBackend backend) {
    return prefixed(backend, SCHEDULES_PREFIX);
  }

  private static TestBackend prefixed(TestBackend backend, String prefix) {
    JobQueueConfig config =
        JobQueueConfig.builder(backend.config().url())
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, prefix)
            .build();
    return new TestBackend(backend.name(), config, backend.capabilities());
  }

  static TestBackend postgres() {
    return new TestBackend(
        "postgres",
        JobQueueConfig.of("jdbc:postgresql://127.0.0.1:5432/test?user=root"),
        Capabilities.SQL);
  }

  static TestBackend mariaDb() {
    return new TestBackend(
        "mariadb",
        JobQueueConfig.of("jdbc:mysql://127.0.0.1:3306/test?user=root"),
        Capabilities.SQL);
  }
}
