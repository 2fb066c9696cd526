package io.jobqueue.jdbc;

import io.jobqueue.JobQueueException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema as versioned migrations, {@code V<n>__<name>.sql} in each dialect's folder, applied in
 * order and recorded in {@code <prefix>schema_version}.
 */
final class Migrations {

  /** Every migration, oldest first; each dialect has a file of each name. */
  static final List<String> ALL =
      List.of(
          "V1__create_tables",
          "V2__notify_when_waited_on",
          "V3__vacuum_often",
          "V4__attempts_since_kick",
          "V5__create_schedules",
          "V6__workers_and_history",
          "V7__unique_keys",
          "V8__pipeline_limits",
          "V9__unique_keys_binary",
          "V10__notify_when_limit_frees",
          "V11__index_held_jobs",
          "V12__index_waiting_jobs");

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Brings the schema up to date under the dialect's migration lock; safe from several processes.
   */
  static void migrate(
      Handle handle,
      SqlDialect dialect,
      SqlStatements sql,
      String tablePrefix,
      String description) {
    dialect.withMigrationLock(
        handle,
        tablePrefix,
        h -> {
          Connection connection = h.getConnection();
          execute(connection, sql.shared("schema-version"));
          int current = version(connection, tablePrefix);
          for (int version = current + 1; version <= ALL.size(); version++) {
            String name = ALL.get(version - 1);
            for (String statement : statements(sql.withComments(name))) {
              execute(connection, statement);
            }
            record(connection, tablePrefix, version, name);
            log.info("{}: applied migration {} to tables {}*", description, name, tablePrefix);
          }
          return null;
        });
  }

  /** Fails unless the schema is up to date; for {@code migrate=false}. */
  static void check(Handle handle, String tablePrefix, String description) {
    int current;
    try {
      current = version(handle.getConnection(), tablePrefix);
    } catch (SqlFailure e) {
      current = 0;
    }
    if (current < ALL.size()) {
      throw new JobQueueException(
          description
              + ": the tables "
              + tablePrefix
              + "* are at schema version "
              + current
              + ", this version needs "
              + ALL.size()
              + "; run the SQL of JdbcJobQueue.migrationSql, or open with migrate=true");
    }
  }

  /** The whole schema as one script a DBA can run. */
  static String script(SqlStatements sql, String tablePrefix) {
    StringBuilder out = new StringBuilder(sql.shared("schema-version")).append(";\n");
    for (int version = 1; version <= ALL.size(); version++) {
      String name = ALL.get(version - 1);
      out.append("\n-- ").append(name).append('\n');
      for (String statement : statements(sql.withComments(name))) {
        out.append(statement).append(";\n\n");
      }
      out.append("INSERT INTO ")
          .append(tablePrefix)
          .append("schema_version (version, name) VALUES (")
          .append(version)
          .append(", '")
          .append(name)
          .append("');\n");
    }
    return out.toString();
  }

  /**
   * Splits a script at semicolons that end a line, except in comment lines and inside a {@code $$}
   * quoted body (a PostgreSQL function).
   */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (String line : script.split("\\R")) {
      current.append(line).append('\n');
      int dollars = line.split("\\$\\$", -1).length - 1;
      quoted ^= dollars % 2 == 1;
      if (!quoted && !line.strip().startsWith("--") && line.stripTrailing().endsWith(";")) {
        add(statements, current);
        current.setLength(0);
      }
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder text) {
    String statement = text.toString().strip();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).strip();
    }
    boolean onlyComments =
        statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"));
    if (!onlyComments) {
      statements.add(statement);
    }
  }

  private static int version(Connection connection, String tablePrefix) {
    String sql = "SELECT coalesce(max(version), 0) FROM " + tablePrefix + "schema_version";
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    }
  }

  private static void record(Connection connection, String tablePrefix, int version, String name) {
    String sql = "INSERT INTO " + tablePrefix + "schema_version (version, name) VALUES (?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, version);
      statement.setString(2, name);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    }
  }

  private static void execute(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new SqlFailure(sql.lines().findFirst().orElse(sql), e);
    }
  }
}
