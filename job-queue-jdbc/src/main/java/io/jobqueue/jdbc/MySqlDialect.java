package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.jobqueue.Job;
import io.jobqueue.JobQueueException;
import io.jobqueue.NewJob;
import io.jobqueue.spi.Jobs;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * MySQL 8 and MariaDB 10.6+ (both through Connector/J): reserve locks candidates with {@code SELECT
 * … FOR UPDATE SKIP LOCKED} and updates them in the same transaction. Waiting reservers poll.
 */
final class MySqlDialect implements SqlDialect {

  /**
   * An empty reserve measured 2.1 ms here (MariaDB 10.11, its transaction included): at 100 ms a
   * waiting reserve sees another process's job, or a job coming due, within a tenth of a second for
   * about 2% of one connection. Jobs added or released in this process wake waiters at once.
   */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private static final int MIGRATION_LOCK_SECONDS = 60;

  /**
   * InnoDB may pick a reserve or a grouped delete as a deadlock victim (their locks meet in the
   * jobs' secondary and primary index in different orders); the victim is rolled back whole, so it
   * is run again, this many times at most.
   */
  private static final int DEADLOCK_ATTEMPTS = 5;

  private static final int ER_LOCK_DEADLOCK = 1213;

  /** Ten connections, as HikariCP advises for a small server. */
  private static final DialectCapabilities CAPABILITIES =
      new DialectCapabilities(
          /* notifiesJobs= */ false,
          /* groupsAdds= */ false,
          POLL_INTERVAL,
          /* defaultPoolSize= */ JdbcJobQueue.DEFAULT_POOL_SIZE,
          "com.mysql:mysql-connector-j");

  /**
   * Connector/J's connection, looked up by name in the driver's own class loader when a batch is
   * prepared: the driver is the application's dependency, and this module compiles without it.
   */
  private static final String CONNECTOR_J_CONNECTION = "com.mysql.cj.jdbc.JdbcConnection";

  private final String database;

  MySqlDialect(String database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public DialectCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void configure(HikariConfig config, JdbcSettings settings) {
    // The batch insert of addJobs becomes multi-row INSERTs.
    config.addDataSourceProperty("rewriteBatchedStatements", "true");
    // Server-side prepared statements, cached per connection (HikariCP's advice for Connector/J):
    // the server parses add.sql once instead of at every job; one job per call ran 0.78x the
    // naive insert without them, 1.08x with them (job-queue-benchmark, enqueue-one, MariaDB 10.11).
    config.addDataSourceProperty("useServerPrepStmts", "true");
    config.addDataSourceProperty("cachePrepStmts", "true");
    config.addDataSourceProperty("prepStmtCacheSize", "250");
    config.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
    // Under REPEATABLE READ a locking read also locks the gaps and the rows it skips over, which
    // blocks inserts and other reservers; READ COMMITTED locks only the rows it returns.
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setMaximumPoolSize(settings.poolSize(this));
  }

  /**
   * Locks the candidates with {@code SELECT … FOR UPDATE SKIP LOCKED} and reserves them with one
   * UPDATE in the same transaction, since MySQL has no UPDATE … RETURNING. Each job's lease is a
   * random base plus its id: its own, and new at every reserve. A poll first reads without a
   * transaction: an empty reserve is a transaction of four statements here. The transaction is
   * begun and committed by statements in auto-commit ({@link #explicitTransaction}): four round
   * trips instead of the five of switching auto-commit off and on.
   */
  @Override
  public Reserved reserve(
      Connection connection,
      SqlStatements sql,
      List<String> pipelines,
      int max,
      boolean poll,
      boolean waits) {
    if (poll
        && PlainSql.of("look for ready jobs", sql.get("private/has-ready"))
                .bindList("pipelines", pipelines)
                .number(connection)
            == null) {
      return Reserved.NONE;
    }
    return Reserved.of(
        retryDeadlocks(() ->
            explicitTransaction(connection, tx -> reserveIn(tx, sql, pipelines, max, false))));
  }

  @Override
  public List<Job> reserveLimited(
      Connection transaction, SqlStatements sql, String pipeline, int max) {
    return reserveIn(transaction, sql, List.of(pipeline), max, true);
  }

  private static List<Job> reserveIn(
      Connection tx, SqlStatements sql, List<String> pipelines, int max, boolean limited) {
    List<Job> candidates =
        PlainSql.of("reserve", sql.get("private/reserve-candidates"))
            .bindList("pipelines", pipelines)
            .bind("limit", max)
            .bind("limited", limited)
            .jobs(tx);
    if (candidates.isEmpty()) {
      return candidates;
    }
    long base = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    PlainSql.of("reserve", sql.get("private/reserve-mark"))
        .bind("lease_base", base)
        .bindList("ids", candidates.stream().map(Job::id).toList())
        .update(tx);
    return candidates.stream().map(job -> Jobs.withLease(job, base + job.id())).toList();
  }

  /**
   * Locks the jobs still held, then deletes them, in one transaction begun and committed by
   * statements, like the reserve's: MySQL has no DELETE … RETURNING (MariaDB has, but Connector/J
   * refuses to read rows from a DELETE).
   */
  @Override
  public Set<Long> deleteHeld(Connection connection, SqlStatements sql, List<Job> jobs) {
    String action = "delete " + jobs.size() + " jobs";
    List<long[]> held = jobs.stream().map(job -> new long[] {job.id(), job.lease()}).toList();
    return retryDeadlocks(() ->
        explicitTransaction(
            connection,
            tx -> {
              Set<Long> locked =
                  PlainSql.of(action, sql.get("private/lock-held")).bindList("jobs", held).ids(tx);
              if (!locked.isEmpty()) {
                PlainSql.of(action, sql.get("private/delete-locked"))
                    .bindList("ids", List.copyOf(locked))
                    .update(tx);
              }
              return locked;
            }));
  }

  /**
   * A JDBC batch of {@code add.sql}, which Connector/J sends as multi-row INSERTs and which reports
   * every id.
   */
  @Override
  public List<Long> addAll(
      Connection connection, SqlStatements sql, String pipeline, List<NewJob> jobs) {
    return SqlDialect.addEach(connection, sql, pipeline, jobs, MySqlDialect::prepareBatch, true);
  }

  /**
   * A batch goes to a client-side statement: Connector/J rewrites only those into multi-row INSERTs
   * (rewriteBatchedStatements); as a server-side one it sent a row per round trip, a quarter of the
   * rate. A caller's connection from another driver gets a plain statement.
   */
  private static PreparedStatement prepareBatch(Connection connection, String sql)
      throws SQLException {
    Class<?> connectorJ = connectorJ(connection);
    if (connectorJ == null || !connection.isWrapperFor(connectorJ)) {
      return PlainSql.RETURNING_ID.prepare(connection, sql);
    }
    try {
      return (PreparedStatement)
          connectorJ
              .getMethod("clientPrepareStatement", String.class, String[].class)
              .invoke(connection.unwrap(connectorJ), sql, new String[] {"id"});
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof SQLException cause ? cause : new SQLException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new SQLException(
          "cannot call " + CONNECTOR_J_CONNECTION + ".clientPrepareStatement", e);
    }
  }

  /**
   * Connector/J's connection type, as the driver behind this connection loaded it; null when
   * another driver's.
   */
  private static Class<?> connectorJ(Connection connection) throws SQLException {
    try {
      ClassLoader driver = connection.unwrap(Connection.class).getClass().getClassLoader();
      return Class.forName(CONNECTOR_J_CONNECTION, false, driver);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  @Override
  public <T> T inTransaction(Connection connection, Work<T> work) {
    return retryDeadlocks(() -> SqlDialect.super.inTransaction(connection, work));
  }

  /**
   * {@code START TRANSACTION} … {@code COMMIT} as statements on a connection in auto-commit, for
   * the reserve on every job's path: the driver's {@code setAutoCommit(false)} and {@code (true)}
   * are a round trip each, where {@code START TRANSACTION} is one and the commit needs none more.
   */
  private static <T> T explicitTransaction(Connection connection, Work<T> work) {
    return SqlDialect.statementTransaction(
        connection, c -> SqlDialect.execute(c, "START TRANSACTION"), work);
  }

  /** Runs {@code work} again when InnoDB picked it as a deadlock's victim (rolled back whole). */
  private static <T> T retryDeadlocks(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (attempt == DEADLOCK_ATTEMPTS || !isDeadlock(e)) {
          throw e;
        }
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 1_000_000L * attempt));
      }
    }
  }

  private static boolean isDeadlock(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == ER_LOCK_DEADLOCK) {
        return true;
      }
    }
    return false;
  }

  @Override
  public <T> T withMigrationLock(
      Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work) {
    // DDL commits implicitly in MySQL, so the lock is a named session lock, not a transaction.
    String lock = "jobqueue migrate " + tablePrefix;
    Integer got =
        handle
            .createQuery("SELECT GET_LOCK(:name, :seconds)")
            .bind("name", lock)
            .bind("seconds", MIGRATION_LOCK_SECONDS)
            .mapTo(Integer.class)
            .one();
    if (got == null || got != 1) {
      throw new JobQueueException(
          "could not take the migration lock '"
              + lock
              + "' within "
              + MIGRATION_LOCK_SECONDS
              + " s: another process is migrating the tables, or holds the lock");
    }
    try {
      return work.withHandle(handle);
    } finally {
      handle
          .createQuery("SELECT RELEASE_LOCK(:name)")
          .bind("name", lock)
          .mapTo(Integer.class)
          .one();
    }
  }
}
