package io.jobqueue.jdbc;

import io.jobqueue.JobQueueConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The three databases of the JDBC backend's own tests: a SQLite file in the test's directory, and
 * the PostgreSQL and MariaDB servers on 127.0.0.1 that {@code scripts/services} starts (user root,
 * database {@code test}).
 */
enum Database {
  SQLITE,
  POSTGRES,
  MARIADB;

  /** The URL; SQLite files live in {@code dir}. */
  String url(Path dir) {
    return switch (this) {
      case SQLITE -> "jdbc:sqlite:" + dir.resolve("jobs.db");
      case POSTGRES -> "jdbc:postgresql://127.0.0.1:5432/test?user=root";
      case MARIADB -> "jdbc:mysql://127.0.0.1:3306/test?user=root";
    };
  }

  JobQueueConfig.Builder config(Path dir) {
    return JobQueueConfig.builder(url(dir));
  }

  /** A plain connection of the caller's own, outside any pool. */
  Connection connect(Path dir) throws SQLException {
    return DriverManager.getConnection(url(dir));
  }

  /** Drops the tables of a prefix a test created for itself. */
  void dropTables(Path dir, String prefix) throws SQLException {
    try (Connection connection = connect(dir);
        Statement statement = connection.createStatement()) {
      for (String table :
          new String[] {"jobs", "pipelines", "schedules", "schedule_ticks", "schema_version"}) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
      if (this == POSTGRES) {
        for (String function : new String[] {"notify()", "waited_on(TEXT)", "limited(TEXT)"}) {
          statement.execute("DROP FUNCTION IF EXISTS " + prefix + function);
        }
      }
    }
  }

  static String randomPrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
  }

  static String randomPipeline() {
    return "jdbc-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
