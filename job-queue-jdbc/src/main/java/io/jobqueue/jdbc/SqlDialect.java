package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * What differs between the databases, as capabilities rather than database checks. The SQL itself
 * lives in classpath resources {@code io/jobqueue/jdbc/<name>/<statement>.sql}, one complete
 * statement per file and the same file names for every database.
 */
interface SqlDialect {

  /** The resource folder of this dialect's SQL, e.g. {@code postgres}. */
  String name();

  /** The database product for logs, e.g. {@code MariaDB 10.11.19}. */
  String database();

  /**
   * Whether UPDATE and DELETE can return the rows they changed: reserve and grouped delete are
   * then one statement ({@code reserve.sql}, {@code delete-all.sql}); otherwise reserve locks rows
   * with {@code reserve-candidates.sql} and grouped delete with {@code held.sql} first.
   */
  boolean supportsReturning();

  /** How {@code addJobs} inserts several jobs. */
  BatchInsert batchInsert();

  /** The ways to insert several jobs, fastest first. */
  enum BatchInsert {
    /** One statement over arrays ({@code add-all.sql}): its text is the same for any batch size. */
    ARRAYS,
    /** A JDBC batch of {@code add.sql}, which the driver sends as multi-row INSERTs and which reports every id. */
    JDBC_BATCH,
    /** {@code add.sql} once per job, inside the transaction. */
    ONE_BY_ONE
  }

  /**
   * Whether single adds from several threads at once share one transaction. Where writers take
   * turns anyway (SQLite) that saves a commit per job; where they run in parallel (PostgreSQL,
   * MySQL) it made one-per-call adds 35% slower by putting them in line.
   */
  boolean groupsAdds();

  /**
   * Prepares the insert of {@code add.sql}, returning the generated {@code id}s; {@code batch}
   * when it will run as a JDBC batch of several jobs.
   */
  default PreparedStatement prepareInsert(Connection connection, String sql, boolean batch) throws SQLException {
    return connection.prepareStatement(sql, new String[] {"id"});
  }

  /**
   * Whether the database announces new and returned jobs ({@code LISTEN}/{@code NOTIFY}), so a
   * waiting reserve can sleep until then or until {@code next-due.sql} says a job comes due.
   */
  boolean notifiesJobs();

  /**
   * Whether a waiting reserve polls with a plain read ({@code has-ready.sql}) and reserves only
   * when it finds a job, because an empty reserve costs more here than a read (MySQL: a
   * transaction of four statements; SQLite: the write lock, which writers in other processes wait
   * for).
   */
  boolean pollsWithRead();

  /** How long a waiting reserve sleeps before it asks the database again. */
  Duration pollInterval();

  /** Connections for a queue opened by URL when {@code poolSize} is not set. */
  int defaultPoolSize();

  /** Driver settings for a pool this backend creates from a URL. */
  void configure(HikariConfig config, JdbcSettings settings);

  /**
   * Opens a pool created from a URL ({@code open} makes its first connection); by default once. Where
   * the first connection can find the database busy with another process's first one, the dialect
   * tries again.
   */
  default <T> T connect(Supplier<T> open) {
    return open.get();
  }

  /** Runs statements that only read. */
  default <T> T read(Connection connection, Work<T> work) {
    return work.on(connection);
  }

  /** Runs one writing statement (auto-commit on servers). */
  default <T> T write(Connection connection, Work<T> work) {
    return work.on(connection);
  }

  /**
   * Runs one writing statement whose loss in a database crash only makes a job run again
   * (reserve, delete, release, bury, touch), never loses a job; by default like {@link #write}.
   */
  default <T> T acknowledge(Connection connection, Work<T> work) {
    return write(connection, work);
  }

  /** Runs several statements as one transaction that may write. */
  default <T> T inTransaction(Connection connection, Work<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.on(connection);
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new SqlFailure("commit a transaction", e);
    }
  }

  /**
   * Runs the schema migrations while holding a lock that other processes opening the same tables
   * also take, so only one of them migrates.
   */
  <T> T withMigrationLock(Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work);

  /** Statements on one connection; failures are thrown as {@link SqlFailure}. */
  @FunctionalInterface
  interface Work<T> {
    T on(Connection connection);
  }

  /** The dialect for the database behind this connection, as its metadata describes it. */
  static SqlDialect detect(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName();
    String version = metaData.getDatabaseProductVersion();
    // Connector/J calls MariaDB "MySQL"; the version string, e.g. 5.5.5-10.11.19-MariaDB, tells.
    if (product.toLowerCase(Locale.ROOT).contains("mariadb") || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
      return new MySqlDialect("MariaDB " + version.replaceFirst("^5\\.5\\.5-", ""));
    }
    return switch (product.toLowerCase(Locale.ROOT)) {
      case "postgresql" -> new PostgresDialect("PostgreSQL " + version);
      case "mysql" -> new MySqlDialect("MySQL " + version);
      case "sqlite" -> new SqliteDialect("SQLite " + version);
      default -> throw new IllegalArgumentException(
          "unsupported database '" + product + " " + version + "'; the JDBC backend supports PostgreSQL, MySQL, MariaDB"
              + " and SQLite");
    };
  }

  /**
   * The dialect a JDBC URL or a dialect name ({@code postgres}, {@code mysql}, {@code mariadb},
   * {@code sqlite}) stands for, without connecting.
   */
  static SqlDialect named(String urlOrName) {
    String s = urlOrName.toLowerCase(Locale.ROOT);
    if (s.equals("postgres") || s.equals("postgresql") || s.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect("PostgreSQL");
    }
    if (s.equals("mysql") || s.startsWith("jdbc:mysql:")) {
      return new MySqlDialect("MySQL");
    }
    if (s.equals("mariadb") || s.startsWith("jdbc:mariadb:")) {
      return new MySqlDialect("MariaDB");
    }
    if (s.equals("sqlite") || s.startsWith("jdbc:sqlite:")) {
      return new SqliteDialect("SQLite");
    }
    throw new IllegalArgumentException(
        "unknown database '" + io.jobqueue.spi.Checks.redact(urlOrName) + "': use a jdbc:postgresql:, jdbc:mysql:,"
            + " jdbc:mariadb: or jdbc:sqlite: URL, or one of postgres, mysql, mariadb, sqlite");
  }
}
