package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.spi.Checks;
import io.jobqueue.spi.Jobs;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineStats;
import io.jobqueue.jdbc.SqlDialect.BatchInsert;
import io.jobqueue.spi.AbstractJobQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue on PostgreSQL, MySQL/MariaDB or SQLite. Open it by URL through {@link
 * JobQueues#open} or {@link #open(JobQueueConfig)}, or on your own {@link DataSource} with {@link
 * #builder()}.
 *
 * <p>Settings, as {@link JobQueueConfig} properties (essential first):
 *
 * <ul>
 *   <li>{@value #PROPERTY_TABLE_PREFIX}: prefix of every table, default {@value
 *       #DEFAULT_TABLE_PREFIX}; {@code [a-z][a-z0-9_]{0,30}}.
 *   <li>{@value #PROPERTY_MIGRATE}: create or update the tables at open, default {@value
 *       #DEFAULT_MIGRATE}; with {@code false} a DBA runs {@link #migrationSql} instead.
 *   <li>{@value #PROPERTY_POOL_SIZE}: connections for requests, default {@value #DEFAULT_POOL_SIZE}
 *       on servers (PostgreSQL holds one more for LISTEN) and {@value #DEFAULT_SQLITE_POOL_SIZE} on
 *       SQLite.
 *   <li>{@value #PROPERTY_SYNCHRONOUS} (SQLite): {@value #DEFAULT_SYNCHRONOUS} syncs every commit
 *       that adds jobs to disk; {@code NORMAL} is several times faster but can lose the last
 *       commits on power loss.
 * </ul>
 *
 * <p>Durability: adding a job commits durably. Reserving, deleting, releasing, burying and
 * touching do not wait for the disk (PostgreSQL: {@code synchronous_commit} off for those
 * transactions; SQLite: {@code synchronous=NORMAL} for them): a database or power failure can lose
 * the last of them, and then a job runs again, as at-least-once delivery allows; no job is lost.
 * On PostgreSQL this made a drain's commits about ten times cheaper (pgbench). On SQLite, where
 * writers take turns, jobs that threads add one by one at the same moment share a commit (and its
 * fsync); each call still returns only once its own job is committed.
 *
 * <p>Jobs can join the caller's transaction: {@link #addJob(Connection, String, byte[],
 * JobOptions)} adds a job that exists if and only if the caller commits.
 */
public final class JdbcJobQueue extends AbstractJobQueue {

  /** Prefix of every table this backend uses. */
  public static final String PROPERTY_TABLE_PREFIX = "tablePrefix";
  /** Tables are {@code jobqueue_jobs}, {@code jobqueue_pipelines}, {@code jobqueue_schema_version}. */
  public static final String DEFAULT_TABLE_PREFIX = "jobqueue_";
  /** Whether opening the queue creates or updates the tables: {@code true} or {@code false}. */
  public static final String PROPERTY_MIGRATE = "migrate";
  /** Tables are created and updated at open, under a lock, so several processes may open at once. */
  public static final boolean DEFAULT_MIGRATE = true;
  /** Connections in the pool a queue opened by URL creates. */
  public static final String PROPERTY_POOL_SIZE = "poolSize";
  /** Ten, as HikariCP advises for a small database server. */
  public static final int DEFAULT_POOL_SIZE = 10;
  /** Four on SQLite: one writes at a time, the others read beside it in WAL mode. */
  public static final int DEFAULT_SQLITE_POOL_SIZE = 4;
  /** SQLite's {@code PRAGMA synchronous}: {@code FULL}, {@code NORMAL} or {@code EXTRA}. */
  public static final String PROPERTY_SYNCHRONOUS = "synchronous";
  /** Every commit is on disk when it returns; batch with addJobs and reserveBatch for speed. */
  public static final String DEFAULT_SYNCHRONOUS = "FULL";

  private static final Logger log = LoggerFactory.getLogger(JdbcJobQueue.class);
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  /** Longer waits are cut to this, which keeps deadline arithmetic from overflowing. */
  private static final Duration MAX_WAIT = Duration.ofDays(10_000);
  private static final Comparator<Job> RESERVE_ORDER =
      Comparator.comparingLong(Job::priority).thenComparingLong(Job::id);

  private final Jdbi jdbi;
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters = new Waiters();
  private final Grouped<Job, Boolean> deletes = new Grouped<>(this::deleteGroup);
  private final Grouped<Add, Long> adds = new Grouped<>(this::addGroup);
  private final PostgresListener listener;
  private final AutoCloseable ownedPool;

  private JdbcJobQueue(Builder builder, String description) {
    super(description, builder.maxPayloadBytes);
    this.jdbi = Jdbi.create(builder.dataSource);
    this.dataSource = builder.dataSource;
    this.ownedPool = builder.ownedPool;
    this.dialect = call("detect the database", h -> {
      try {
        return SqlDialect.detect(h.getConnection().getMetaData());
      } catch (SQLException e) {
        throw new SqlFailure("read the database metadata", e);
      }
    });
    log.info("{}: {} through the {} dialect, tables {}*", description, dialect.database(), dialect.name(),
        builder.tablePrefix);
    this.sql = new SqlStatements(dialect.name(), builder.tablePrefix);
    call("migrate the tables", h -> {
      if (builder.migrate) {
        Migrations.migrate(h, dialect, sql, builder.tablePrefix, description);
      } else {
        Migrations.check(h, builder.tablePrefix, description);
      }
      return null;
    });
    if (dialect.notifiesJobs()) {
      listener = new PostgresListener(builder.dataSource, sql, builder.tablePrefix + "jobs", waiters, description);
      listener.start();
    } else {
      listener = null;
    }
  }

  /**
   * Opens the queue a {@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code jdbc:mariadb:} or
   * {@code jdbc:sqlite:} URL names, with a connection pool of its own that {@link #close()} closes.
   */
  public static JdbcJobQueue open(JobQueueConfig config) {
    JdbcSettings settings = JdbcSettings.from(config);
    String url = driverUrl(config.url());
    SqlDialect expected = SqlDialect.named(url);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setPoolName("jobqueue-" + expected.name());
    pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    expected.configure(pool, settings);
    // Connections open when needed; an idle queue keeps few open on a shared server.
    pool.setMinimumIdle(Math.min(2, pool.getMaximumPoolSize()));
    String description = Checks.redact(config.url());
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new BackendUnavailableException("cannot connect to " + description + ": " + rootMessage(e), e);
    }
    try {
      Builder builder = builder()
          .dataSource(dataSource)
          .tablePrefix(settings.tablePrefix())
          .migrate(settings.migrate())
          .maxPayloadBytes(config.maxPayloadBytes());
      builder.ownedPool = dataSource;
      return new JdbcJobQueue(builder, description);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** Starts a queue on a {@link DataSource} the caller owns (and closes). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SQL that creates this backend's tables, for a DBA to run before opening with {@code
   * migrate=false}.
   *
   * @param database a JDBC URL, or {@code postgres}, {@code mysql}, {@code mariadb} or {@code sqlite}
   * @param tablePrefix the prefix of every table, e.g. {@value #DEFAULT_TABLE_PREFIX}
   */
  public static String migrationSql(String database, String tablePrefix) {
    Objects.requireNonNull(database, "database must not be null");
    SqlDialect dialect = SqlDialect.named(database);
    return Migrations.script(new SqlStatements(dialect.name(), tablePrefix), tablePrefix);
  }

  /**
   * Adds a job on the caller's connection, inside the caller's transaction: it exists if and only
   * if the caller commits, and waiting reserves see it after the commit. The connection is left as
   * it was: not committed, rolled back, closed or switched to auto-commit. Validated like {@link
   * Pipeline#addJob(byte[], JobOptions)}.
   *
   * @return the job's id
   */
  public long addJob(Connection connection, String pipeline, byte[] payload, JobOptions options) {
    return addJobs(connection, pipeline, List.of(new NewJob(payload, options))).get(0);
  }

  /** {@link #addJob(Connection, String, byte[], JobOptions)} for several jobs; returns their ids in order. */
  public List<Long> addJobs(Connection connection, String pipeline, List<NewJob> jobs) {
    checkOpen();
    Objects.requireNonNull(connection, "connection must not be null");
    Checks.pipelineName(pipeline);
    Objects.requireNonNull(jobs, "jobs must not be null");
    for (NewJob job : jobs) {
      checkPayload(pipeline, Objects.requireNonNull(job, "jobs must not contain null").payload());
    }
    if (jobs.isEmpty()) {
      return List.of();
    }
    try {
      return insert(connection, pipeline, List.copyOf(jobs));
    } catch (SqlFailure e) {
      throw SqlErrors.translate(description(), "add " + jobs.size() + " jobs to pipeline '" + pipeline + "'", e);
    }
  }

  /** {@link #addJob(Connection, String, byte[], JobOptions)} on a Jdbi handle's transaction. */
  public long addJob(Handle handle, String pipeline, byte[] payload, JobOptions options) {
    Objects.requireNonNull(handle, "handle must not be null");
    return addJob(handle.getConnection(), pipeline, payload, options);
  }

  /** {@link #addJobs(Connection, String, List)} on a Jdbi handle's transaction. */
  public List<Long> addJobs(Handle handle, String pipeline, List<NewJob> jobs) {
    return addJobs(Objects.requireNonNull(handle, "handle must not be null").getConnection(), pipeline, jobs);
  }

  /** On SQLite, adds from threads at the same time share a transaction: one commit (and fsync) for all. */
  @Override
  protected long doAdd(String pipeline, byte[] payload, JobOptions options) {
    NewJob job = new NewJob(payload, options);
    long id = dialect.groupsAdds() ? adds.run(new Add(pipeline, job)) : addNow(pipeline, List.of(job)).get(0);
    waiters.wakeAll();
    return id;
  }

  /** Adds a group of single jobs from several callers in one transaction. */
  private List<Long> addGroup(List<Add> group) {
    if (group.size() == 1) {
      return addNow(group.get(0).pipeline(), List.of(group.get(0).job()));
    }
    return connect("add " + group.size() + " jobs", c -> dialect.inTransaction(c, tx -> {
      List<Long> ids = new ArrayList<>(group.size());
      int from = 0;
      while (from < group.size()) {
        String pipeline = group.get(from).pipeline();
        int to = from + 1;
        while (to < group.size() && group.get(to).pipeline().equals(pipeline)) {
          to++;
        }
        ids.addAll(insert(tx, pipeline, group.subList(from, to).stream().map(Add::job).toList()));
        from = to;
      }
      return ids;
    }));
  }

  /** Deletes a group of single jobs; a job twice in the group (two threads at once) is deleted for one. */
  private List<Boolean> deleteGroup(List<Job> group) {
    Set<Long> unclaimed = new HashSet<>(deleteHeld(group));
    return group.stream().map(job -> unclaimed.remove(job.id())).toList();
  }

  @Override
  protected List<Long> doAddAll(String pipeline, List<NewJob> jobs) {
    List<Long> ids = addNow(pipeline, jobs);
    waiters.wakeAll();
    return ids;
  }

  /** Adds jobs to one pipeline; one job without BEGIN and COMMIT, since one statement commits itself. */
  private List<Long> addNow(String pipeline, List<NewJob> jobs) {
    return connect("add " + jobs.size() + " jobs to pipeline '" + pipeline + "'", c -> jobs.size() == 1
        ? dialect.write(c, tx -> insert(tx, pipeline, jobs))
        : dialect.inTransaction(c, tx -> insert(tx, pipeline, jobs)));
  }

  @Override
  protected Optional<Job> doReserve(List<String> pipelines, Duration timeout) {
    return doReserveBatch(pipelines, 1, timeout).stream().findFirst();
  }

  @Override
  protected List<Job> doReserveBatch(List<String> pipelines, int max, Duration timeout) {
    long deadline = System.nanoTime() + (timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : timeout).toNanos();
    boolean waits = !timeout.isZero();
    while (true) {
      long seen = waiters.generation();
      long now = System.nanoTime();
      // A reserve that may wait trusts what another found moments ago; one that may not always asks.
      long quietUntil = waits ? waiters.emptyUntil(pipelines, seen, now) : 0;
      if (quietUntil == 0) {
        boolean poll = waits && dialect.pollsWithRead() && waiters.polling(pipelines, seen);
        Reserved reserved = poll && !hasReady(pipelines) ? Reserved.NONE : reserveNow(pipelines, max, waits);
        if (!reserved.jobs().isEmpty()) {
          return reserved.jobs();
        }
        now = System.nanoTime();
        quietUntil = now + Math.min(dialect.pollInterval().toNanos(), reserved.nanosUntilDue());
        waiters.foundEmpty(pipelines, seen, quietUntil);
      }
      long left = deadline - now;
      if (left <= 0 || isClosed()) {
        return List.of();
      }
      waiters.watch(pipelines);
      try {
        waiters.await(seen, Math.min(left, quietUntil - now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      } finally {
        waiters.unwatch(pipelines);
      }
      if (isClosed()) {
        return List.of();
      }
    }
  }

  @Override
  protected void doDelete(Job job) {
    if (!deletes.run(job)) {
      throw notReserved(job, "delete");
    }
  }

  @Override
  protected void doDeleteAll(List<Job> jobs) {
    Set<Long> deleted = deleteHeld(jobs);
    List<Long> notHeld = jobs.stream().map(Job::id).filter(id -> !deleted.contains(id)).toList();
    if (!notHeld.isEmpty()) {
      throw notReserved(jobs, notHeld);
    }
  }

  @Override
  protected void doRelease(Job job, long priority, Duration delay) {
    Binding binding = update -> update.bind("priority", priority).bind("delay_ms", ceilMillis(delay));
    if (changeHeld(job, "release", "release", binding) == 0) {
      throw notReserved(job, "release");
    }
    waiters.wakeAll();
  }

  @Override
  protected void doBury(Job job, String reason) {
    if (changeHeld(job, "bury", "bury", update -> update.bind("reason", reason)) == 0) {
      throw notReserved(job, "bury");
    }
  }

  @Override
  protected void doTouch(Job job) {
    if (changeHeld(job, "touch", "touch", Binding.NONE) == 0) {
      throw notReserved(job, "touch");
    }
  }

  @Override
  protected Optional<Job> doPeek(long id) {
    return call("peek at job " + id, h -> dialect.read(h.getConnection(), c -> h.createQuery(sql.get("peek"))
        .bind("id", id)
        .map(JobMapper.INSTANCE)
        .findOne()));
  }

  @Override
  protected Optional<Job> doPeek(String pipeline, JobState state) {
    return doPeek(pipeline, state, 1).stream().findFirst();
  }

  @Override
  protected List<Job> doPeek(String pipeline, JobState state, int limit) {
    String name = "peek-" + state.name().toLowerCase(Locale.ROOT);
    return call("peek at " + state + " jobs in pipeline '" + pipeline + "'", h -> dialect.read(h.getConnection(), c -> h
        .createQuery(sql.get(name))
        .bind("pipeline", pipeline)
        .bind("limit", limit)
        .map(JobMapper.INSTANCE)
        .list()));
  }

  @Override
  protected long doKick(String pipeline, long bound) {
    int limit = (int) Math.min(bound, Integer.MAX_VALUE);
    String action = "kick up to " + bound + " jobs in pipeline '" + pipeline + "'";
    long kicked = call(action, h -> dialect.inTransaction(h.getConnection(), c -> {
      int buried = h.createUpdate(sql.get("kick-buried")).bind("pipeline", pipeline).bind("bound", limit).execute();
      return buried > 0
          ? buried
          : h.createUpdate(sql.get("kick-delayed")).bind("pipeline", pipeline).bind("bound", limit).execute();
    }));
    if (kicked > 0) {
      waiters.wakeAll();
    }
    return kicked;
  }

  @Override
  protected boolean doKickJob(String pipeline, long id) {
    int kicked = call("kick job " + id + " in pipeline '" + pipeline + "'", h -> dialect.write(h.getConnection(), c -> h
        .createUpdate(sql.get("kick-job"))
        .bind("id", id)
        .bind("pipeline", pipeline)
        .execute()));
    if (kicked > 0) {
      waiters.wakeAll();
      return true;
    }
    if (doPeek(id).filter(job -> job.pipeline().equals(pipeline)).isPresent()) {
      return false;
    }
    throw notFound(pipeline, id);
  }

  @Override
  protected PipelineStats doStats(String pipeline) {
    return call("read the stats of pipeline '" + pipeline + "'", h -> dialect.read(h.getConnection(), c -> h
        .createQuery(sql.get("stats"))
        .bind("pipeline", pipeline)
        .map((rs, ctx) -> pipelineStats(pipeline, rs))
        .one()));
  }

  /** One grouped query for every pipeline, instead of one query per pipeline. */
  @Override
  protected List<PipelineStats> doStatsAll() {
    List<PipelineStats> all = call("read the stats of every pipeline", h -> dialect.read(h.getConnection(), c -> h
        .createQuery(sql.get("stats-all"))
        .map((rs, ctx) -> pipelineStats(rs.getString("pipeline"), rs))
        .list()));
    return all.stream().sorted(Comparator.comparing(PipelineStats::pipeline)).toList();
  }

  private static PipelineStats pipelineStats(String pipeline, ResultSet rs) throws SQLException {
    return new PipelineStats(pipeline, rs.getLong("urgent"), rs.getLong("ready"), rs.getLong("reserved"),
        rs.getLong("delayed"), rs.getLong("buried"), Duration.ofMillis(rs.getLong("pause_ms")));
  }

  @Override
  protected List<String> doPipelines() {
    List<String> names = call("list the pipelines", h -> dialect.read(h.getConnection(), c -> h
        .createQuery(sql.get("pipelines"))
        .mapTo(String.class)
        .list()));
    // Sorted here, not in SQL: database collations order names differently from String.
    return names.stream().sorted().toList();
  }

  @Override
  protected void doPause(String pipeline, Duration duration) {
    call("pause pipeline '" + pipeline + "'", h -> dialect.write(h.getConnection(), c -> h
        .createUpdate(sql.get("pause"))
        .bind("pipeline", pipeline)
        .bind("pause_ms", ceilMillis(duration))
        .execute()));
    waiters.wakeAll();
  }

  @Override
  protected void doClose() {
    waiters.wakeAll();
    if (listener != null) {
      listener.close();
    }
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        log.warn("{}: closing the connection pool failed", description(), e);
      }
    }
    log.info("{}: closed", description());
  }

  /**
   * Reserves up to {@code max} jobs; when there are none and {@code waits}, also reads (on the same
   * connection) how long until a job comes due, where the database announces everything else.
   */
  private Reserved reserveNow(List<String> pipelines, int max, boolean waits) {
    String action = "reserve from pipelines " + pipelines;
    return connect(action, c -> {
      List<Job> jobs = dialect.supportsReturning()
          ? dialect.acknowledge(c, tx -> PlainSql.of(action, sql.get("reserve"))
              .bindList("pipelines", pipelines)
              .bind("limit", max)
              .jobs(tx))
          : dialect.inTransaction(c, tx -> reserveLocked(tx, action, pipelines, max));
      long due = jobs.isEmpty() && waits && dialect.notifiesJobs() ? nanosUntilDue(c, pipelines) : Long.MAX_VALUE;
      return new Reserved(jobs.stream().sorted(RESERVE_ORDER).toList(), due);
    });
  }

  /**
   * Locks the candidates, then reserves them in one UPDATE, for databases without UPDATE …
   * RETURNING. Each job's lease is a random base plus its id: its own, and new at every reserve.
   */
  private List<Job> reserveLocked(Connection tx, String action, List<String> pipelines, int max) {
    List<Job> candidates = PlainSql.of(action, sql.get("reserve-candidates"))
        .bindList("pipelines", pipelines)
        .bind("limit", max)
        .jobs(tx);
    if (candidates.isEmpty()) {
      return candidates;
    }
    long base = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    PlainSql.of(action, sql.get("reserve"))
        .bind("lease_base", base)
        .bindList("ids", candidates.stream().map(Job::id).toList())
        .update(tx);
    return candidates.stream().map(job -> Jobs.withLease(job, base + job.id())).toList();
  }

  /** Whether a reserve would find a job now; a read without locks. */
  private boolean hasReady(List<String> pipelines) {
    String action = "look for ready jobs in pipelines " + pipelines;
    return connect(action, c -> dialect.read(c, r -> PlainSql.of(action, sql.get("has-ready"))
        .bindList("pipelines", pipelines)
        .number(r)) != null);
  }

  private long nanosUntilDue(Connection connection, List<String> pipelines) {
    Long millis = dialect.read(connection, c -> PlainSql.of("look for jobs coming due in pipelines " + pipelines,
        sql.get("next-due")).bindList("pipelines", pipelines).number(c));
    return millis == null ? Long.MAX_VALUE : Duration.ofMillis(millis).toNanos();
  }

  /** Deletes the jobs the caller holds; returns the ids it deleted. */
  private Set<Long> deleteHeld(List<Job> jobs) {
    if (jobs.size() == 1) {
      Job job = jobs.get(0);
      return changeHeld(job, "delete", "delete", Binding.NONE) == 1 ? Set.of(job.id()) : Set.of();
    }
    String action = "delete " + jobs.size() + " jobs";
    List<long[]> held = jobs.stream().map(job -> new long[] {job.id(), job.lease()}).toList();
    return connect(action, c -> dialect.supportsReturning()
        ? dialect.acknowledge(c, tx -> PlainSql.of(action, sql.get("delete-all"))
            .bindList("ids", jobs.stream().map(Job::id).toList())
            .bindList("jobs", held)
            .bind("id_array", jobs.stream().mapToLong(Job::id).toArray())
            .bind("lease_array", jobs.stream().mapToLong(Job::lease).toArray())
            .ids(tx))
        : dialect.inTransaction(c, tx -> {
          Set<Long> locked = PlainSql.of(action, sql.get("held")).bindList("jobs", held).ids(tx);
          if (!locked.isEmpty()) {
            PlainSql.of(action, sql.get("delete-all")).bindList("ids", List.copyOf(locked)).update(tx);
          }
          return locked;
        }));
  }

  /** Runs {@code statement} on a job the caller should hold; returns the rows changed (0 or 1). */
  private int changeHeld(Job job, String action, String statement, Binding binding) {
    String what = action + " job " + job.id() + " in pipeline '" + job.pipeline() + "'";
    return connect(what, c -> dialect.acknowledge(c, tx -> {
      PlainSql update = PlainSql.of(what, sql.get(statement)).bind("id", job.id()).bind("lease", job.lease());
      binding.bind(update);
      return update.update(tx);
    }));
  }

  /** Inserts with plain JDBC, so it runs the same on the caller's connection and on ours. */
  private List<Long> insert(Connection connection, String pipeline, List<NewJob> jobs) {
    if (jobs.size() > 1 && dialect.batchInsert() == BatchInsert.ARRAYS) {
      return insertArrays(connection, pipeline, jobs);
    }
    String insert = sql.get("add");
    boolean batch = jobs.size() > 1 && dialect.batchInsert() == BatchInsert.JDBC_BATCH;
    try (PreparedStatement statement = dialect.prepareInsert(connection, insert, batch)) {
      List<Long> ids = new ArrayList<>(jobs.size());
      for (NewJob job : jobs) {
        long delay = ceilMillis(job.options().delay());
        statement.setString(1, pipeline);
        statement.setBytes(2, job.payload());
        statement.setLong(3, job.options().priority());
        statement.setLong(4, delay);
        statement.setLong(5, job.options().ttr().toMillis());
        statement.setLong(6, delay);
        if (batch) {
          statement.addBatch();
        } else {
          statement.executeUpdate();
          readIds(statement, ids);
        }
      }
      if (batch) {
        statement.executeBatch();
        readIds(statement, ids);
      }
      if (ids.size() != jobs.size()) {
        throw new JobQueueException(
            description() + ": the database returned " + ids.size() + " ids for " + jobs.size() + " jobs added to"
                + " pipeline '" + pipeline + "'");
      }
      return ids;
    } catch (SQLException e) {
      throw new SqlFailure("add jobs", e);
    }
  }

  /** Inserts a batch as one statement over arrays ({@code add-all.sql}); the ids, sorted, are in the jobs' order. */
  private List<Long> insertArrays(Connection connection, String pipeline, List<NewJob> jobs) {
    Set<Long> ids = PlainSql.of("add " + jobs.size() + " jobs to pipeline '" + pipeline + "'", sql.get("add-all"))
        .bind("pipeline", pipeline)
        .bind("payloads", jobs.stream().map(NewJob::payload).toArray(byte[][]::new))
        .bind("priorities", jobs.stream().mapToLong(job -> job.options().priority()).toArray())
        .bind("delays", jobs.stream().mapToLong(job -> ceilMillis(job.options().delay())).toArray())
        .bind("ttrs", jobs.stream().mapToLong(job -> job.options().ttr().toMillis()).toArray())
        .ids(connection);
    if (ids.size() != jobs.size()) {
      throw new JobQueueException(description() + ": the database returned " + ids.size() + " ids for " + jobs.size()
          + " jobs added to pipeline '" + pipeline + "'");
    }
    return ids.stream().sorted().toList();
  }

  private static void readIds(PreparedStatement statement, List<Long> ids) throws SQLException {
    try (ResultSet keys = statement.getGeneratedKeys()) {
      while (keys.next()) {
        ids.add(keys.getLong(1));
      }
    }
  }

  /**
   * Runs {@code work} in one transaction on a pooled connection, then wakes this process's waiting
   * reserves: the hook {@link JdbcScheduleStore} claims ticks through, so a tick's job is inserted
   * in the claim's transaction. {@code write} false runs it as a read.
   */
  <T> T inTransaction(String action, boolean write, SqlDialect.Work<T> work) {
    if (!write) {
      return connect(action, c -> dialect.read(c, work));
    }
    T result = connect(action, c -> dialect.inTransaction(c, work));
    waiters.wakeAll();
    return result;
  }

  /** This queue's statements, for {@link JdbcScheduleStore}, whose tables share the prefix. */
  SqlStatements statements() {
    return sql;
  }

  /**
   * Runs {@code work} on a pooled connection without a Jdbi handle, for what every job goes
   * through: opening a handle copies Jdbi's configuration, a quarter of the client's CPU time when
   * adding jobs one by one (JFR).
   */
  private <T> T connect(String action, SqlDialect.Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.on(connection);
    } catch (SQLException | SqlFailure e) {
      throw SqlErrors.translate(description(), action, e);
    }
  }

  private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException | SqlFailure e) {
      throw SqlErrors.translate(description(), action, e);
    }
  }

  private static long ceilMillis(Duration duration) {
    long millis = duration.toMillis();
    return duration.minusMillis(millis).isZero() ? millis : millis + 1;
  }

  /** {@code jdbc:mariadb:} URLs go to Connector/J, the MySQL-family driver this module ships. */
  private static String driverUrl(String url) {
    return url.startsWith("jdbc:mariadb:") ? "jdbc:mysql:" + url.substring("jdbc:mariadb:".length()) : url;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** What one reserve query found: the jobs, or when none, how long until one comes due. */
  private record Reserved(List<Job> jobs, long nanosUntilDue) {
    static final Reserved NONE = new Reserved(List.of(), Long.MAX_VALUE);
  }

  /** One job that one caller adds. */
  private record Add(String pipeline, NewJob job) {}

  /** Binds the parameters one held-job statement has beyond id and lease. */
  @FunctionalInterface
  private interface Binding {
    Binding NONE = update -> {};

    void bind(PlainSql update);
  }

  /**
   * Configures a {@link JdbcJobQueue} on a {@link DataSource} the caller owns: the queue never
   * closes it. Use it when the application already has a pool, or for transactional enqueue on the
   * application's own connections.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private boolean migrate = DEFAULT_MIGRATE;
    private int maxPayloadBytes = JobQueueConfig.DEFAULT_MAX_PAYLOAD_BYTES;
    private String description;
    private AutoCloseable ownedPool;

    private Builder() {}

    /** Where connections come from; required. On SQLite, put it in WAL mode with a busy timeout of 0. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** Prefix of every table; default {@value JdbcJobQueue#DEFAULT_TABLE_PREFIX}. */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
      return this;
    }

    /** Whether to create or update the tables at open; default {@value JdbcJobQueue#DEFAULT_MIGRATE}. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** The largest payload accepted; default {@value JobQueueConfig#DEFAULT_MAX_PAYLOAD_BYTES}. */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /** Names the queue in messages and logs; default the database's URL, without password. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Connects, checks or migrates the tables, and returns the open queue.
     *
     * @throws IllegalArgumentException naming a setting that is missing or invalid
     * @throws BackendUnavailableException when the database cannot be reached
     */
    public JdbcJobQueue build() {
      if (dataSource == null) {
        throw new IllegalArgumentException("dataSource is required: JdbcJobQueue.builder().dataSource(...)");
      }
      JdbcSettings.checkTablePrefix(tablePrefix);
      if (maxPayloadBytes < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be at least 1, was " + maxPayloadBytes);
      }
      return new JdbcJobQueue(this, description != null ? description : describe(dataSource));
    }

    private static String describe(DataSource dataSource) {
      try (Connection connection = dataSource.getConnection()) {
        return Checks.redact(connection.getMetaData().getURL());
      } catch (SQLException e) {
        throw new BackendUnavailableException("cannot connect to the data source " + dataSource + ": " + e.getMessage(),
            e);
      }
    }
  }
}
