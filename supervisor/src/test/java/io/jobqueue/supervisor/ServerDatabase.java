package io.jobqueue.supervisor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Function;

/**
 * A new, empty database on a shared server for one test run: no other run sees its tables, and the
 * workers start on it as on a new installation.
 */
final class ServerDatabase {

  private final String adminUrl;
  private final Function<String, String> url;
  private final String dropOptions;
  private final String name =
      "jq_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private boolean created;

  /**
   * @param adminUrl where CREATE and DROP DATABASE run
   * @param url the URL of the database of a name
   * @param dropOptions what DROP DATABASE needs after the name to end open connections
   */
  ServerDatabase(String adminUrl, Function<String, String> url, String dropOptions) {
    this.adminUrl = adminUrl;
    this.url = url;
    this.dropOptions = dropOptions;
  }

  /** Creates the database and returns its URL. */
  String create() throws SQLException {
    sql("CREATE DATABASE " + name);
    created = true;
    return url.apply(name);
  }

  void drop() throws SQLException {
    if (created) {
      sql("DROP DATABASE IF EXISTS " + name + dropOptions);
    }
  }

  /** The database name is generated above, never input. */
  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
