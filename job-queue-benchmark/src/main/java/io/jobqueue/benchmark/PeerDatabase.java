package io.jobqueue.benchmark;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.benchmark.Backend.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A peer's connection pool on the backend's database, and the few statements the benchmark itself
 * sends around the peer: its tables' DDL, counts for the self-check, and dropping its tables.
 */
final class PeerDatabase implements AutoCloseable {

  private static final Pattern TABLE_PREFIX = Pattern.compile("bench_[a-z0-9_]{1,40}");

  private final Kind kind;
  private final HikariDataSource dataSource;

  /** A pool of {@code size} connections to {@code url} (PostgreSQL or MariaDB). */
  PeerDatabase(Kind kind, String url, int size, String poolName) {
    if (kind != Kind.POSTGRES && kind != Kind.MARIADB) {
      throw new IllegalArgumentException("the peers run on postgres and mariadb only, not " + kind);
    }
    this.kind = kind;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName(poolName);
    this.dataSource = new HikariDataSource(config);
  }

  Kind kind() {
    return kind;
  }

  HikariDataSource dataSource() {
    return dataSource;
  }

  /** Runs the statements of a script, separated by semicolons at line ends. */
  void execute(String script) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : script.split(";\\s*\\n")) {
        String sql =
            statement.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("a peer's statement failed on " + kind + ": " + e, e);
    }
  }

  long count(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("a peer's count failed on " + kind + ": " + e, e);
    }
  }

  /** Drops every view, then every table, whose name starts with {@code prefix}. */
  void dropStartingWith(String prefix) {
    if (!TABLE_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "peer table prefix '" + prefix + "' must match " + TABLE_PREFIX);
    }
    String schema = kind == Kind.POSTGRES ? "current_schema()" : "database()";
    try (Connection c = dataSource.getConnection();
        PreparedStatement find =
            c.prepareStatement(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = "
                    + schema
                    + " AND left(table_name, ?) = ? ORDER BY table_type DESC");
        Statement drop = c.createStatement()) {
      find.setInt(1, prefix.length());
      find.setString(2, prefix);
      List<String> statements = new ArrayList<>();
      try (ResultSet rs = find.executeQuery()) {
        while (rs.next()) {
          boolean view = rs.getString(2).equalsIgnoreCase("VIEW");
          statements.add((view ? "DROP VIEW " : "DROP TABLE ") + rs.getString(1));
        }
      }
      for (String statement : statements) {
        drop.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot drop the peer tables " + prefix + "* on " + kind + ": " + e, e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
