package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.Job;
import io.jobqueue.JobQueueException;
import io.jobqueue.NewJob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * SQLite in WAL mode. SQLite has one writer at a time, so every transaction of several statements
 * is an explicit {@code BEGIN IMMEDIATE … COMMIT} (the driver's own transaction mode would begin
 * the next transaction at commit and keep the write lock on an idle connection); one statement runs
 * in auto-commit. Writers in this process take turns on a lock; a writer in another process makes
 * {@code BEGIN IMMEDIATE} or the statement fail with SQLITE_BUSY, which is retried with a short
 * randomized backoff instead of SQLite's busy handler, whose growing sleeps let a waiting writer
 * starve for seconds.
 *
 * <p>Reserves and acknowledgements commit with {@code synchronous=NORMAL} whatever the setting (a
 * power loss can lose the last of them, and the job runs again), unless durable acknowledgements
 * are asked for; adding jobs commits with the setting, by default {@code FULL}. In WAL mode a FULL
 * commit also makes every earlier commit durable. At FULL a commit costs an fsync (about 3,500
 * one-job transactions/s here), at NORMAL it does not (about 17,000/s).
 */
final class SqliteDialect implements SqlDialect {

  /**
   * An empty reserve measured 0.5 ms here (an empty write transaction does not sync): at 100 ms a
   * waiting reserve sees another process's job, or a job coming due, within a tenth of a second for
   * 0.5% of the write lock. Jobs added or released in this process wake waiters at once.
   */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  /** How long a writer keeps retrying while another process holds the write lock. */
  private static final Duration BUSY_LIMIT = Duration.ofSeconds(30);

  private static final long FIRST_BACKOFF_NANOS = 50_000;
  private static final long MAX_BACKOFF_NANOS = 5_000_000;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int NORMAL = 1;

  /**
   * Adds are grouped: writers take turns anyway. Four connections: only one of them writes at a
   * time, the others serve peek and stats, which WAL lets run beside the writer.
   */
  private static final DialectCapabilities CAPABILITIES =
      new DialectCapabilities(
          /* notifiesJobs= */ false,
          /* groupsAdds= */ true,
          POLL_INTERVAL,
          /* defaultPoolSize= */ JdbcJobQueue.DEFAULT_SQLITE_POOL_SIZE,
          "org.xerial:sqlite-jdbc");

  private final String database;
  private final boolean durableAcknowledgements;

  /**
   * Not fair: a fair lock hands over to the longest waiter, a thread switch per write when several
   * threads write; the writer that holds the CPU may take it again instead.
   */
  private final ReentrantLock writers = new ReentrantLock();

  /** Each connection's configured and current synchronous level; only used holding writers. */
  private final Map<Connection, Synchronous> levels = new WeakHashMap<>();

  SqliteDialect(String database, boolean durableAcknowledgements) {
    this.database = database;
    this.durableAcknowledgements = durableAcknowledgements;
  }

  @Override
  public String name() {
    return "sqlite";
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
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", settings.synchronous());
    // Opening a connection writes (the switch to WAL of a new file, recovery of the log): it waits
    // for another process's open in SQLite's busy handler, which only the driver can call there.
    config.addDataSourceProperty("busy_timeout", String.valueOf(BUSY_LIMIT.toMillis()));
    // Once open, busy waits are retried here (see class comment), not in SQLite's busy handler.
    config.setConnectionInitSql("PRAGMA busy_timeout = 0");
    config.setMaximumPoolSize(settings.poolSize(this));
  }

  /**
   * One {@code UPDATE … RETURNING}, which holds the write lock. A poll first reads without it:
   * writers in other processes would wait for an empty reserve.
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
        && read(
                connection,
                c ->
                    PlainSql.of("look for ready jobs", sql.get("private/has-ready"))
                        .bindList("pipelines", pipelines)
                        .number(c))
            == null) {
      return Reserved.NONE;
    }
    return Reserved.of(
        acknowledge(connection, c -> SqlDialect.reserveStatement(c, sql, pipelines, max, false)));
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
                .bindList("ids", jobs.stream().map(Job::id).toList())
                .bindList(
                    "jobs", jobs.stream().map(job -> new long[] {job.id(), job.lease()}).toList())
                .ids(c));
  }

  /**
   * {@code add.sql} once per job: the driver reports only the last id of a batch, and a row costs
   * no round trip here.
   */
  @Override
  public List<Long> addAll(
      Connection connection, SqlStatements sql, String pipeline, List<NewJob> jobs) {
    return SqlDialect.addEach(connection, sql, pipeline, jobs, PlainSql.RETURNING_ID, false);
  }

  /**
   * Processes opening a new file at once contend for its switch to WAL mode; when two hold it
   * shared and both need it exclusive, SQLite answers one of them BUSY at once, without its busy
   * handler (which would deadlock), so that open is run again.
   */
  @Override
  public <T> T connect(Supplier<T> open) {
    return retryWhileBusy(open);
  }

  @Override
  public <T> T read(Connection connection, Work<T> work) {
    return retryWhileBusy(() -> work.on(connection));
  }

  /**
   * One statement needs no BEGIN IMMEDIATE: in auto-commit SQLite takes the write lock when the
   * statement starts, and a statement that found it taken (SQLITE_BUSY) wrote nothing and is run
   * again. Saves the BEGIN and COMMIT of every add and acknowledgement.
   */
  @Override
  public <T> T write(Connection connection, Work<T> work) {
    return writeOne(connection, false, work);
  }

  @Override
  public <T> T acknowledge(Connection connection, Work<T> work) {
    return writeOne(connection, true, work);
  }

  private <T> T writeOne(Connection connection, boolean acknowledgement, Work<T> work) {
    writers.lock();
    try {
      syncLevel(connection, acknowledgement);
      return retryWhileBusy(() -> work.on(connection));
    } finally {
      writers.unlock();
    }
  }

  @Override
  public <T> T inTransaction(Connection connection, Work<T> work) {
    return transaction(connection, false, work);
  }

  /**
   * A limited pipeline's reserve commits at NORMAL like any reserve: at FULL its sync held the one
   * write lock, and an unlimited pipeline beside it drained at a sixth of its rate.
   */
  @Override
  public <T> T acknowledgeInTransaction(Connection connection, Work<T> work) {
    return transaction(connection, true, work);
  }

  private <T> T transaction(Connection connection, boolean acknowledgement, Work<T> work) {
    writers.lock();
    try {
      syncLevel(connection, acknowledgement);
      return SqlDialect.statementTransaction(
          connection,
          c ->
              retryWhileBusy(() -> {
                SqlDialect.execute(c, "BEGIN IMMEDIATE");
                return null;
              }),
          work);
    } finally {
      writers.unlock();
    }
  }

  /**
   * Sets the connection to NORMAL (at most) for an acknowledgement that need not be durable, to its
   * own level otherwise.
   */
  private void syncLevel(Connection connection, boolean acknowledgement) {
    Connection physical;
    try {
      physical = connection.unwrap(Connection.class);
    } catch (SQLException e) {
      throw new SqlFailure("unwrap the connection", e);
    }
    Synchronous level =
        levels.computeIfAbsent(
            physical,
            c -> {
              int configured = query(c, "PRAGMA synchronous");
              return new Synchronous(configured, configured);
            });
    int wanted =
        acknowledgement && !durableAcknowledgements
            ? Math.min(level.configured(), NORMAL)
            : level.configured();
    if (wanted != level.current()) {
      SqlDialect.execute(connection, "PRAGMA synchronous = " + wanted);
      levels.put(physical, new Synchronous(level.configured(), wanted));
    }
  }

  @Override
  public <T> T withMigrationLock(
      Handle handle, String tablePrefix, HandleCallback<T, RuntimeException> work) {
    return inTransaction(handle.getConnection(), c -> work.withHandle(handle));
  }

  /**
   * Runs {@code action} again while SQLite answers SQLITE_BUSY (another process writes), for up to
   * {@link #BUSY_LIMIT}. Reads use it too: in WAL mode they are busy only while another connection
   * recovers the log after a crash.
   */
  <T> T retryWhileBusy(Supplier<T> action) {
    long deadline = System.nanoTime() + BUSY_LIMIT.toNanos();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      try {
        return action.get();
      } catch (RuntimeException e) {
        if (!isBusy(e)) {
          throw e;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new BackendUnavailableException(
              database + " stayed locked by another process for " + BUSY_LIMIT.toSeconds() + " s",
              e);
        }
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
        if (Thread.currentThread().isInterrupted()) {
          throw new JobQueueException(
              "interrupted while waiting for the " + database + " write lock", e);
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      }
    }
  }

  private static boolean isBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        int primary = sql.getErrorCode() & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
      }
    }
    return false;
  }

  private static int query(Connection connection, String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    }
  }

  /** PRAGMA synchronous as numbers: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  private record Synchronous(int configured, int current) {}
}
