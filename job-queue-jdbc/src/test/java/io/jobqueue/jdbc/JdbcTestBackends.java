package io.jobqueue.jdbc;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.testkit.Capabilities;
import io.jobqueue.testkit.TestBackend;
import java.nio.file.Path;

/** The three databases the JDBC backend's tests run against (the servers of the project's test setup). */
final class JdbcTestBackends {

  private JdbcTestBackends() {}

  /** An SQLite file in {@code dir}; the child JVMs of the concurrency and crash tests open the same file. */
  static TestBackend sqlite(Path dir) {
    return new TestBackend("sqlite", JobQueueConfig.of("jdbc:sqlite:" + dir.resolve("jobs.db")), Capabilities.ALL);
  }

  static TestBackend postgres() {
    return new TestBackend(
        "postgres", JobQueueConfig.of("jdbc:postgresql://127.0.0.1:5432/test?user=root"), Capabilities.ALL);
  }

  static TestBackend mariaDb() {
    return new TestBackend(
        "mariadb", JobQueueConfig.of("jdbc:mysql://127.0.0.1:3306/test?user=root"), Capabilities.ALL);
  }
}
