package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobState;
import io.jobqueue.schedule.Tick;
import io.jobqueue.schedule.TickOutcome;
import io.jobqueue.schedule.spi.QueueTickJobs;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore.Claim;
import io.jobqueue.schedule.spi.StoredSchedule;
import io.jobqueue.schedule.spi.TickJobs;
import io.jobqueue.schedule.spi.TickWork;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.mapper.RowMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules and their ticks in the tables {@code <prefix>schedules} and {@code
 * <prefix>schedule_ticks} of a JDBC queue's database (migration {@code V5__create_schedules}), for
 * {@link io.jobqueue.schedule.Scheduler}.
 *
 * <p>A claim is one transaction ({@link #claimAll}: several claims in one): {@code
 * schedule-advance.sql} moves the schedule's next tick on (and locks its row, so racing schedulers
 * wait and then find nothing to do), the tick's job is inserted, and {@code tick-insert.sql}
 * records the tick under the primary key (schedule, tick). When the scheduler's queue is this
 * database's own {@link JdbcJobQueue}, the job's insert is in that transaction: a crash before the
 * commit leaves neither the tick nor the job, so another scheduler claims the tick again; after it,
 * both exist. Nothing can lose or double a tick.
 *
 * <p><b>Another queue (beanstalkd)</b>: the jobs go through its API ({@link QueueTickJobs}), and
 * {@code put} cannot join a SQL transaction. The claim puts the job as the last step of its work,
 * followed only by the insert that records the tick and the commit. If the commit fails, the job is
 * deleted again. If the scheduler process dies (or loses the database) after beanstalkd answered
 * the {@code put} and before the commit took effect — a window of one insert and one commit on an
 * open connection, about a millisecond — the claim rolls back, another scheduler claims the tick
 * again, and the tick runs twice. It is never lost: the queue's own guarantee is at least once, and
 * the scheduler keeps it.
 */
public final class JdbcScheduleStore implements ScheduleStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcScheduleStore.class);
  private static final RowMapper<StoredSchedule> SCHEDULE =
      (rs, ctx) ->
          new StoredSchedule(
              rs.getString("name"),
              rs.getString("definition"),
              rs.getBoolean("paused"),
              instant(rs, "next_tick"));
  private static final RowMapper<Tick> TICK =
      (rs, ctx) ->
          new Tick(
              rs.getString("schedule"),
              instant(rs, "tick"),
              rs.getLong("job_id"),
              TickOutcome.valueOf(rs.getString("outcome")),
              rs.getString("detail"),
              instant(rs, "recorded_at"));

  private final JdbcJobQueue db;
  private final SqlStatements sql;
  private final boolean ownsQueue;

  private JdbcScheduleStore(JdbcJobQueue db, boolean ownsQueue) {
    this.db = db;
    this.sql = db.statements();
    this.ownsQueue = ownsQueue;
  }

  /**
   * Schedules in this queue's database; a scheduler whose queue is this one inserts each tick's job
   * in the claim's transaction. The store does not close the queue.
   */
  public static JdbcScheduleStore of(JdbcJobQueue queue) {
    return new JdbcScheduleStore(Objects.requireNonNull(queue, "queue must not be null"), false);
  }

  /**
   * Schedules in the database this URL names (e.g. {@code jdbc:sqlite:schedules.db}), for a
   * scheduler whose queue is elsewhere (beanstalkd); {@link #close()} closes the connection pool.
   */
  public static JdbcScheduleStore open(JobQueueConfig config) {
    return new JdbcScheduleStore(JdbcJobQueue.open(config), true);
  }

  @Override
  public boolean upsert(String name, String definition, Instant nextTick) {
    return db.inTransaction(
        "store schedule '" + name + "'",
        true,
        c -> {
          int inserted =
              statement("schedule-insert", "store schedule '" + name + "'")
                  .bind("name", name)
                  .bind("definition", definition)
                  .bind("next_tick", millis(nextTick))
                  .update(c);
          return inserted > 0
              || statement("schedule-redefine", "redefine schedule '" + name + "'")
                      .bind("name", name)
                      .bind("definition", definition)
                      .bind("next_tick", millis(nextTick))
                      .update(c)
                  > 0;
        });
  }

  @Override
  public List<StoredSchedule> due(Instant until, int limit) {
    return db.inTransaction(
        "find due schedules",
        false,
        c ->
            statement("schedule-due", "find due schedules")
                .bind("until", until.toEpochMilli())
                .bind("limit", limit)
                .rows(c, SCHEDULE));
  }

  @Override
  public List<StoredSchedule> list() {
    return db.inTransaction(
        "list schedules",
        false,
        c -> statement("schedule-list", "list schedules").rows(c, SCHEDULE));
  }

  @Override
  public Optional<StoredSchedule> find(String name) {
    return db.inTransaction(
        "find schedule '" + name + "'",
        false,
        c ->
            statement("schedule-find", "find schedule")
                .bind("name", name)
                .rows(c, SCHEDULE)
                .stream()
                .findFirst());
  }

  @Override
  public boolean setPaused(String name, boolean paused) {
    String action = (paused ? "pause" : "resume") + " schedule '" + name + "'";
    return db.inTransaction(
        action,
        true,
        c ->
            statement("schedule-pause", action).bind("name", name).bind("paused", paused).update(c)
                > 0);
  }

  @Override
  public boolean delete(String name) {
    String action = "delete schedule '" + name + "'";
    return db.inTransaction(
        action,
        true,
        c -> {
          statement("tick-delete-all", action).bind("name", name).update(c);
          return statement("schedule-delete", action).bind("name", name).update(c) > 0;
        });
  }

  @Override
  public Optional<List<Tick>> claim(
      String name, Instant expectedNext, Instant newNext, JobQueue queue, TickWork work) {
    Claim claim = new Claim(name, expectedNext, newNext, work);
    String action = action(claim);
    QueueTickJobs[] outside = new QueueTickJobs[1];
    try {
      return db.inTransaction(
          action,
          true,
          c ->
              claimOn(
                  c,
                  claim,
                  lastJob ->
                      queue == db
                          ? new SameTransaction(c, lastJob)
                          : (outside[0] = new QueueTickJobs(queue, lastJob))));
    } catch (TickTaken e) {
      undo(outside[0], action);
      return Optional.empty();
    } catch (RuntimeException e) {
      undo(outside[0], action);
      throw e;
    }
  }

  /**
   * The claims in one transaction (one commit, one fsync on SQLite, for all of them) when the jobs
   * are this database's own; the rows of the schedules are locked in the order of their names, so
   * schedulers claiming overlapping batches wait for each other instead of deadlocking. Jobs of
   * another queue (beanstalkd) are claimed one transaction each: a put cannot join the transaction,
   * and a batch would widen the window in which a crash runs ticks twice from one put to the whole
   * batch's.
   *
   * @throws IllegalStateException when another scheduler recorded one of the ticks meanwhile;
   *     nothing changed
   */
  @Override
  public List<Optional<List<Tick>>> claimAll(List<Claim> claims, JobQueue queue) {
    if (queue != db || claims.size() < 2) {
      return ScheduleStore.super.claimAll(claims, queue);
    }
    List<Claim> byName = claims.stream().sorted(Comparator.comparing(Claim::name)).toList();
    String action = "claim the due ticks of " + claims.size() + " schedules";
    Map<Claim, Optional<List<Tick>>> results = new IdentityHashMap<>();
    try {
      db.inTransaction(
          action,
          true,
          c -> {
            for (Claim claim : byName) {
              results.put(claim, claimOn(c, claim, lastJob -> new SameTransaction(c, lastJob)));
            }
            return null;
          });
    } catch (TickTaken e) {
      throw new IllegalStateException(
          "could not " + action + ": another scheduler recorded one of the ticks meanwhile", e);
    }
    return claims.stream().map(results::get).toList();
  }

  /**
   * One claim on the transaction of {@code c}: advances the schedule, runs the work on the jobs
   * {@code jobs} gives, records the ticks.
   *
   * @throws TickTaken when a tick is recorded already; the transaction must roll back
   */
  private Optional<List<Tick>> claimOn(
      Connection c, Claim claim, Function<Supplier<OptionalLong>, TickJobs> jobs) {
    String action = action(claim);
    int moved =
        statement("schedule-advance", action)
            .bind("name", claim.name())
            .bind("expected", millis(claim.expectedNext()))
            .bind("next_tick", millis(claim.newNext()))
            .update(c);
    if (moved == 0) {
      return Optional.empty();
    }
    Supplier<OptionalLong> lastJob =
        () -> {
          Long last = statement("tick-last-job", action).bind("name", claim.name()).number(c);
          return last == null ? OptionalLong.empty() : OptionalLong.of(last);
        };
    List<Tick> ticks = claim.work().run(jobs.apply(lastJob));
    for (Tick tick : ticks) {
      int inserted =
          statement("tick-insert", action)
              .bind("name", claim.name())
              .bind("tick", millis(tick.instant()))
              .bind("job_id", tick.jobId() == 0 ? null : tick.jobId())
              .bind("outcome", tick.outcome().name())
              .bind("detail", tick.detail())
              .bind("recorded_at", millis(tick.recordedAt()))
              .update(c);
      if (inserted == 0) {
        throw new TickTaken();
      }
    }
    return Optional.of(ticks);
  }

  private static String action(Claim claim) {
    return "claim tick " + claim.expectedNext() + " of schedule '" + claim.name() + "'";
  }

  @Override
  public List<Tick> history(String name, int limit) {
    return db.inTransaction(
        "read the history of schedule '" + name + "'", false, c -> history(c, name, limit));
  }

  @Override
  public int prune(String name, int keep, Instant olderThan) {
    String action = "prune the history of schedule '" + name + "'";
    return db.inTransaction(
        action,
        true,
        c -> {
          List<Tick> kept = history(c, name, keep);
          if (kept.isEmpty()) {
            return 0;
          }
          Instant newest = kept.get(0).instant();
          Instant byCount = kept.size() == keep ? kept.get(keep - 1).instant() : Instant.EPOCH;
          Instant before = byCount.isAfter(olderThan) ? byCount : olderThan;
          if (before.isAfter(newest)) {
            before = newest;
          }
          return statement("tick-prune", action)
              .bind("name", name)
              .bind("before", millis(before))
              .update(c);
        });
  }

  /** Closes the connection pool if {@link #open} opened it; closing twice does nothing. */
  @Override
  public void close() {
    if (ownsQueue) {
      db.close();
    }
  }

  @Override
  public String toString() {
    return "schedules in " + db.description();
  }

  private List<Tick> history(Connection c, String name, int limit) {
    return statement("tick-history", "read the history of schedule '" + name + "'")
        .bind("name", name)
        .bind("limit", limit)
        .rows(c, TICK);
  }

  /**
   * A statement: {@code schedule-insert.sql} and {@code tick-insert.sql} differ by database (how an
   * insert of an existing key does nothing) and live in each dialect's folder; the rest are the
   * same everywhere and shared.
   */
  private PlainSql statement(String name, String action) {
    boolean perDialect = name.equals("schedule-insert") || name.equals("tick-insert");
    return PlainSql.of(action, perDialect ? sql.get(name) : sql.shared(name));
  }

  /** Jobs put outside the transaction are taken back when it did not commit. */
  private static void undo(QueueTickJobs outside, String action) {
    if (outside != null) {
      List<Long> left = outside.undo();
      if (!left.isEmpty()) {
        log.warn(
            "could not {}; the jobs {} it added could not be deleted again and will run",
            action,
            left);
      }
    }
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /** Another scheduler recorded one of the ticks first; the claim rolls back. */
  private static final class TickTaken extends JobQueueException {
    private static final long serialVersionUID = 1L;

    TickTaken() {
      super("tick claimed by another scheduler");
    }
  }

  /** The queue's jobs on the claim's own connection and transaction. */
  private final class SameTransaction implements TickJobs {
    private final Connection connection;
    private final Supplier<OptionalLong> lastJobId;

    SameTransaction(Connection connection, Supplier<OptionalLong> lastJobId) {
      this.connection = connection;
      this.lastJobId = lastJobId;
    }

    @Override
    public OptionalLong lastJobId() {
      return lastJobId.get();
    }

    @Override
    public Optional<JobState> state(long jobId) {
      return PlainSql.of("read the state of job " + jobId, sql.shared("peek"))
          .bind("id", jobId)
          .jobs(connection)
          .stream()
          .findFirst()
          .map(Job::state);
    }

    @Override
    public boolean deleteUnstarted(long jobId) {
      return statement("delete-unstarted", "delete job " + jobId)
              .bind("id", jobId)
              .update(connection)
          > 0;
    }

    @Override
    public long add(String pipeline, byte[] payload, JobOptions options) {
      return db.addJob(connection, pipeline, payload, options);
    }
  }
}
