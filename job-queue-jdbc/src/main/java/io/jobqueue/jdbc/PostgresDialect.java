package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.jobqueue.Job;
import io.jobqueue.NewJob;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * PostgreSQL: reserve is one {@code UPDATE … FOR UPDATE SKIP LOCKED … RETURNING}; inserts and
 * returned jobs fire a trigger that NOTIFYs, so waiting reservers sleep until then.
 */
final class PostgresDialect implements SqlDialect {

  /**
   * A waiting reserve wakes on NOTIFY and when next-due.sql says a job comes due; this only catches
   * what neither announces: a job another process reserved after that query, whose TTR then runs
   * out. An idle process polls once per interval whatever its number of waiting threads, with three
   * statements (connection check, reserve, next-due): at 5 s that is 0.6 per second.
   */
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  /**
   * Ten connections for requests, as HikariCP advises for a small server; the listener holds one
   * more.
   */
  private static final DialectCapabilities CAPABILITIES =
      new DialectCapabilities(
          /* notifiesJobs= */ true,
          /* groupsAdds= */ false,
          POLL_INTERVAL,
          /* defaultPoolSize= */ JdbcJobQueue.DEFAULT_POOL_SIZE,
          "org.postgresql:postgresql");

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
  public DialectCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void configure(HikariConfig config, JdbcSettings settings) {
    config.setMaximumPoolSize(settings.poolSize(this) + 1);
  }

  /**
   * One {@code UPDATE … FOR UPDATE SKIP LOCKED … RETURNING}; when it finds nothing and the caller
   * waits, the same connection reads when the next job comes due, the one thing NOTIFY does not
   * announce.
   */
  @Override
  public Reserved reserve(
      Connection connection,
      SqlStatements sql,
      List<String> pipelines,
      int max,
      boolean poll,
      boolean waits) {
    List<Job> jobs =
        acknowledge(connection, c -> SqlDialect.reserveStatement(c, sql, pipelines, max, false));
    if (!jobs.isEmpty() || !waits) {
      return Reserved.of(jobs);
    }
    Long millis =
        PlainSql.of("look for jobs coming due", sql.get("private/next-due"))
            .bindList("pipelines", pipelines)
            .number(connection);
    return new Reserved(
        jobs, millis == null ? Long.MAX_VALUE : Duration.ofMillis(millis).toNanos());
  }

  @Override
  public List<Job> reserveLimited(
      Connection transaction, SqlStatements sql, String pipeline, int max) {
    return SqlDialect.reserveStatement(transaction, sql, List.of(pipeline), max, true);
  }

  @Override
  public Set<Long> deleteHeld(Connection connection, SqlStatements sql, List<Job> jobs) {
    return acknowledge(
        connection,
        c ->
            PlainSql.of("delete " + jobs.size() + " jobs", sql.get("private/delete-held"))
                .bind("ids", jobs.stream().mapToLong(Job::id).toArray())
                .bind("leases", jobs.stream().mapToLong(Job::lease).toArray())
                .ids(c));
  }

  /**
   * One statement over arrays ({@code add-all.sql}), the same text for any batch size. pgJDBC's
   * rewritten batches carry at most 128 rows per statement, each size a new statement to plan:
   * batches of 1,000 went in at 55,000 jobs/s, over arrays at 155,000 (job-queue-benchmark).
   */
  @Override
  public List<Long> addAll(
      Connection connection, SqlStatements sql, String pipeline, List<NewJob> jobs) {
    String action = "add " + jobs.size() + " jobs to pipeline '" + pipeline + "'";
    Set<Long> ids =
        PlainSql.of(action, sql.get("private/add-all"))
            .bind("pipeline", pipeline)
            .bind("payloads", jobs.stream().map(NewJob::payload).toArray(byte[][]::new))
            .bind("priorities", jobs.stream().mapToLong(job -> job.options().priority()).toArray())
            .bind(
                "delays",
                jobs.stream().mapToLong(job -> PlainSql.millis(job.options().delay())).toArray())
            .bind("ttrs", jobs.stream().mapToLong(job -> job.options().ttr().toMillis()).toArray())
            .ids(connection);
    // Identity values follow the insert's ORDER BY, so sorted they are in the jobs' order.
    return ids.stream().sorted().toList();
  }

  @Override
  public <T> T withMigrationLock(
      Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work) {
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
