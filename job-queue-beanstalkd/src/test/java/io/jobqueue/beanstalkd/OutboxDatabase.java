package io.jobqueue.beanstalkd;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The caller's database in the outbox tests: a SQLite file in the test's directory, or the
 * PostgreSQL and MariaDB servers on 127.0.0.1 that {@code scripts/services} starts. Each test uses
 * an outbox table of its own prefix and drops it afterwards.
 */
enum OutboxDatabase {
  SQLITE,
  POSTGRES,
  MARIADB;

  String url(Path dir) {
    return switch (this) {
      case SQLITE -> "jdbc:sqlite:" + dir.resolve("shop.db");
      case POSTGRES -> "jdbc:postgresql://127.0.0.1:5432/test?user=root";
      case MARIADB -> "jdbc:mysql://127.0.0.1:3306/test?user=root";
    };
  }

  /** A plain connection of the caller's own, as an application has. */
  Connection connect(Path dir) throws SQLException {
    return DriverManager.getConnection(url(dir));
  }

  void dropOutbox(Path dir, String prefix) throws SQLException {
    try (Connection connection = connect(dir);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + prefix + "outbox");
    }
  }

  static String randomPrefix() {
    return "obx" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
  }

  static String randomPipeline() {
    return "outbox-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
