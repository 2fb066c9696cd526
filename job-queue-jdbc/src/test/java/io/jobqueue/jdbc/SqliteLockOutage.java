package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.testkit.BackendOutage;
import io.jobqueue.testkit.TestBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite's outage: another process's connection holds the database file's write lock ({@code BEGIN
 * EXCLUSIVE}), so every write waits for it and fails after the backend's busy limit. It locks the
 * whole file, so it affects every queue on it.
 */
final class SqliteLockOutage implements BackendOutage {

  private final TestBackend backend;
  private Connection locker;

  SqliteLockOutage(TestBackend backend) {
    this.backend = backend;
  }

  @Override
  public JobQueue open() {
    return backend.open();
  }

  @Override
  public synchronized void begin() {
    try {
      locker = DriverManager.getConnection(backend.config().url());
      try (Statement statement = locker.createStatement()) {
        statement.execute(
            "PRAGMA busy_timeout = 60000"); // waits for a write of the worker under way
        statement.execute("BEGIN EXCLUSIVE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock " + backend.config().url(), e);
    }
  }

  @Override
  public synchronized void end() {
    if (locker == null) {
      return;
    }
    try (Connection connection = locker;
        Statement statement = connection.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot unlock " + backend.config().url(), e);
    } finally {
      locker = null;
    }
  }

  @Override
  public void close() {
    end();
  }
}
