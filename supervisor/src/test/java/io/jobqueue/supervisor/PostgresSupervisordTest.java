package io.jobqueue.supervisor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The end-to-end run on the PostgreSQL server at 127.0.0.1:5432, in a database of its own so that
 * the fixed pipeline names of supervisord.conf meet no other test's jobs.
 */
class PostgresSupervisordTest extends SupervisordEndToEndTest {

  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=root";
  private final String database = "jq_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  String backendUrl() throws SQLException {
    sql("CREATE DATABASE " + database);
    return "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=root";
  }

  @Override
  void dropBackend() throws SQLException {
    sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  /** The database name is generated above, never input. */
  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
