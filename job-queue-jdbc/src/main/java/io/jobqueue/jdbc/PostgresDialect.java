package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * PostgreSQL: reserve is one {@code UPDATE … FOR UPDATE SKIP LOCKED … RETURNING}; inserts and
 * returned jobs fire a trigger that NOTIFYs, so waiting reservers sleep until then.
 */
final class PostgresDialect implements SqlDialect {

  /**
   * A waiting reserve wakes on NOTIFY and when next-due.sql says a job comes due; this only
   * catches what neither announces: a job another process reserved after that query, whose TTR
   * then runs out. An idle process polls once per interval whatever its number of waiting threads,
   * with three statements (connection check, reserve, next-due): at 5 s that is 0.6 per second.
   */
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  private final String database;

  PostgresDialect(String database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public boolean supportsReturning() {
    return true;
  }

  /**
   * pgJDBC's rewritten batches carry at most 128 rows per statement, each size a new statement to
   * plan: batches of 1,000 went in at 55,000 jobs/s, over arrays at 155,000 (job-queue-benchmark).
   */
  @Override
  public BatchInsert batchInsert() {
    return BatchInsert.ARRAYS;
  }

  @Override
  public boolean groupsAdds() {
    return false;
  }

  @Override
  public boolean notifiesJobs() {
    return true;
  }

  @Override
  public boolean pollsWithRead() {
    return false;
  }

  @Override
  public Duration pollInterval() {
    return POLL_INTERVAL;
  }

  /** Ten for requests, as HikariCP advises for a small server; the listener holds one more. */
  @Override
  public int defaultPoolSize() {
    return 10;
  }

  @Override
  public void configure(HikariConfig config, JdbcSettings settings) {
    config.setMaximumPoolSize(settings.poolSize(this) + 1);
  }

  @Override
  public <T> T withMigrationLock(Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work) {
    // DDL is transactional here, and the transaction-scoped advisory lock ends with it.
    return handle.inTransaction(tx -> {
      tx.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:name))) AS l")
          .bind("name", "jobqueue migrate " + tablePrefix)
          .mapTo(Integer.class)
          .one();
      return work.withHandle(tx);
    });
  }
}
