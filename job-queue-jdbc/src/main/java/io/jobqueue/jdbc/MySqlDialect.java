package io.jobqueue.jdbc;

import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariConfig;
import io.jobqueue.JobQueueException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * MySQL 8 and MariaDB 10.6+ (both through Connector/J): reserve locks candidates with {@code
 * SELECT … FOR UPDATE SKIP LOCKED} and updates them in the same transaction. Waiting reservers
 * poll.
 */
final class MySqlDialect implements SqlDialect {

  /**
   * An empty reserve measured 2.1 ms here (MariaDB 10.11, its transaction included): at 100 ms a
   * waiting reserve sees another process's job, or a job coming due, within a tenth of a second
   * for about 2% of one connection. Jobs added or released in this process wake waiters at once.
   */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private static final int MIGRATION_LOCK_SECONDS = 60;

  /**
   * InnoDB may pick a reserve or a grouped delete as a deadlock victim (their locks meet in the
   * jobs' secondary and primary index in different orders); the victim is rolled back whole, so
   * it is run again, this many times at most.
   */
  private static final int DEADLOCK_ATTEMPTS = 5;

  private static final int ER_LOCK_DEADLOCK = 1213;

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
  public boolean supportsReturning() {
    return false;
  }

  @Override
  public BatchInsert batchInsert() {
    return BatchInsert.JDBC_BATCH;
  }

  @Override
  public boolean groupsAdds() {
    return false;
  }

  @Override
  public boolean notifiesJobs() {
    return false;
  }

  @Override
  public boolean pollsWithRead() {
    return true;
  }

  @Override
  public Duration pollInterval() {
    return POLL_INTERVAL;
  }

  /** Ten, as HikariCP advises for a small server. */
  @Override
  public int defaultPoolSize() {
    return 10;
  }

  /**
   * A batch goes to a client-side statement: Connector/J rewrites only those into multi-row
   * INSERTs (rewriteBatchedStatements); as a server-side one it sent a row per round trip, a
   * quarter of the rate. A caller's connection from another driver gets a plain statement.
   */
  @Override
  public PreparedStatement prepareInsert(Connection connection, String sql, boolean batch) throws SQLException {
    if (batch && connection.isWrapperFor(JdbcConnection.class)) {
      return connection.unwrap(JdbcConnection.class).clientPrepareStatement(sql, new String[] {"id"});
    }
    return connection.prepareStatement(sql, new String[] {"id"});
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

  @Override
  public <T> T inTransaction(Connection connection, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return SqlDialect.super.inTransaction(connection, work);
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
  public <T> T withMigrationLock(Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work) {
    // DDL commits implicitly in MySQL, so the lock is a named session lock, not a transaction.
    String lock = "jobqueue migrate " + tablePrefix;
    Integer got = handle.createQuery("SELECT GET_LOCK(:name, :seconds)")
        .bind("name", lock)
        .bind("seconds", MIGRATION_LOCK_SECONDS)
        .mapTo(Integer.class)
        .one();
    if (got == null || got != 1) {
      throw new JobQueueException(
          "could not take the migration lock '" + lock + "' within " + MIGRATION_LOCK_SECONDS
              + " s: another process is migrating the tables, or holds the lock");
    }
    try {
      return work.withHandle(handle);
    } finally {
      handle.createQuery("SELECT RELEASE_LOCK(:name)").bind("name", lock).mapTo(Integer.class).one();
    }
  }
}
