package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.jobqueue.Job;
import io.jobqueue.NewJob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * What differs between the databases. Where they do an operation differently (reserve, the grouped
 * delete, a batch insert), the dialect owns the whole operation and runs its own steps, {@code
 * <name>/private/*.sql}; everything else runs the contract statements {@code <name>/*.sql}, which
 * have the same names, parameters and meaning in every dialect folder (see {@link SqlStatements}).
 * The rest are facts in {@link #capabilities()}, never checks of which database this is.
 */
interface SqlDialect {

  /** The resource folder of this dialect's SQL, e.g. {@code postgres}. */
  String name();

  /** The database product for logs, e.g. {@code MariaDB 10.11.19}. */
  String database();

  /** The facts about this database that the shared classes act on. */
  DialectCapabilities capabilities();

  /** Driver settings for a pool this backend creates from a URL. */
  void configure(HikariConfig config, JdbcSettings settings);

  /**
   * Reserves up to {@code max} of the most urgent ready jobs of {@code pipelines} (lowest priority
   * value, then oldest) with a new lease each, atomically: no other reserve gets them.
   *
   * @param poll the caller waits and the last reserve found these pipelines empty: a dialect whose
   *     empty reserve costs more than a plain read may look with the read first and return none
   * @param waits the caller waits when none is found: a dialect that knows when the next job comes
   *     due says so in {@link Reserved#nanosUntilDue()}
   */
  Reserved reserve(
      Connection connection,
      SqlStatements sql,
      List<String> pipelines,
      int max,
      boolean poll,
      boolean waits);

  /**
   * Reserves up to {@code max} of the most urgent ready jobs of one limited pipeline inside the
   * caller's open transaction ({@link LimitedPipelines} checked its limits in it). Plain reserves
   * skip limited pipelines; this one does not.
   */
  List<Job> reserveLimited(Connection transaction, SqlStatements sql, String pipeline, int max);

  /**
   * Deletes those of several jobs whose lease is still current, in one transaction; returns their
   * ids.
   */
  Set<Long> deleteHeld(Connection connection, SqlStatements sql, List<Job> jobs);

  /**
   * Inserts several jobs into one pipeline in the connection's current transaction, the fastest way
   * this database has; returns their ids in the jobs' order.
   */
  List<Long> addAll(Connection connection, SqlStatements sql, String pipeline, List<NewJob> jobs);

  /**
   * Runs {@code private/reserve.sql} where it is one statement (PostgreSQL, SQLite); {@code
   * limited} reserves from a limited pipeline, which a plain reserve skips.
   */
  static List<Job> reserveStatement(
      Connection connection, SqlStatements sql, List<String> pipelines, int max, boolean limited) {
    return PlainSql.of("reserve", sql.get("private/reserve"))
        .bindList("pipelines", pipelines)
        .bind("limit", max)
        .bind("limited", limited)
        .jobs(connection);
  }

  /**
   * Runs {@code add.sql} for each job on one statement, as a JDBC batch when {@code batch}; returns
   * the ids in order.
   */
  static List<Long> addEach(
      Connection connection,
      SqlStatements sql,
      String pipeline,
      List<NewJob> jobs,
      PlainSql.Prepare prepare,
      boolean batch) {
    return PlainSql.of(
            "add " + jobs.size() + " jobs to pipeline '" + pipeline + "'", sql.get("add"))
        .insert(
            connection,
            prepare,
            batch,
            jobs,
            (statement, job) -> bindJob(statement, pipeline, job));
  }

  /**
   * Binds a new job's {@code :pipeline}, {@code :payload}, {@code :priority}, {@code :delay_ms} and
   * {@code :ttr_ms}, the values of {@code add.sql} and of the outbox's insert.
   */
  static PlainSql bindJob(PlainSql statement, String pipeline, NewJob job) {
    return statement
        .bind("pipeline", pipeline)
        .bind("payload", job.payload())
        .bind("priority", job.options().priority())
        .bind("delay_ms", PlainSql.millis(job.options().delay()))
        .bind("ttr_ms", job.options().ttr().toMillis());
  }

  /**
   * Opens a pool created from a URL ({@code open} makes its first connection); by default once.
   * Where the first connection can find the database busy with another process's first one, the
   * dialect tries again.
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
   * Runs one writing statement whose loss in a database crash only makes a job run again (reserve,
   * delete, release, bury, touch), never loses a job; by default like {@link #write}.
   */
  default <T> T acknowledge(Connection connection, Work<T> work) {
    return write(connection, work);
  }

  /**
   * {@link #inTransaction} for a transaction that only reserves or acknowledges (a limited
   * pipeline's reserve), which commits like {@link #acknowledge}; by default like any transaction.
   */
  default <T> T acknowledgeInTransaction(Connection connection, Work<T> work) {
    return inTransaction(connection, work);
  }

  /**
   * A transaction begun and ended by statements on a connection in auto-commit, where that costs
   * fewer round trips (MySQL) or is the only way to take the write lock up front (SQLite's {@code
   * BEGIN IMMEDIATE}): {@code begin} starts it, then {@code COMMIT}, or {@code ROLLBACK} when
   * {@code work} throws.
   */
  static <T> T statementTransaction(
      Connection connection, Consumer<Connection> begin, Work<T> work) {
    begin.accept(connection);
    T result;
    try {
      result = work.on(connection);
    } catch (RuntimeException | Error e) {
      try {
        execute(connection, "ROLLBACK");
      } catch (RuntimeException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
    execute(connection, "COMMIT");
    return result;
  }

  /** Runs one statement without parameters, e.g. a PRAGMA or COMMIT. */
  static void execute(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    }
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
  <T> T withMigrationLock(
      Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work);

  /** Statements on one connection; failures are thrown as {@link SqlFailure}. */
  @FunctionalInterface
  interface Work<T> {
    T on(Connection connection);
  }

  /**
   * The dialect for the database behind this connection, as its metadata describes it.
   *
   * @param durableAcknowledgements SQLite commits reserves and acknowledgements at the configured
   *     {@code synchronous} level instead of NORMAL (PostgreSQL's is in {@link SqlStatements})
   */
  static SqlDialect detect(DatabaseMetaData metaData, boolean durableAcknowledgements)
      throws SQLException {
    String product = metaData.getDatabaseProductName();
    String version = metaData.getDatabaseProductVersion();
    // Connector/J calls MariaDB "MySQL"; the version string, e.g. 5.5.5-10.11.19-MariaDB, tells.
    if (product.toLowerCase(Locale.ROOT).contains("mariadb")
        || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
      return new MySqlDialect("MariaDB " + version.replaceFirst("^5\\.5\\.5-", ""));
    }
    return switch (product.toLowerCase(Locale.ROOT)) {
      case "postgresql" -> new PostgresDialect("PostgreSQL " + version);
      case "mysql" -> new MySqlDialect("MySQL " + version);
      case "sqlite" -> new SqliteDialect("SQLite " + version, durableAcknowledgements);
      default ->
          throw new IllegalArgumentException(
              "unsupported database '"
                  + product
                  + " "
                  + version
                  + "'; the JDBC backend supports PostgreSQL, MySQL, MariaDB"
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
      // Only configures pools and names statements: nothing it returns acknowledges.
      return new SqliteDialect("SQLite", false);
    }
    throw new IllegalArgumentException(
        "unknown database '"
            + io.jobqueue.spi.Checks.redact(urlOrName)
            + "': use a jdbc:postgresql:, jdbc:mysql:,"
            + " jdbc:mariadb: or jdbc:sqlite: URL, or one of postgres, mysql, mariadb, sqlite");
  }
}
