package io.jobqueue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.AddResult;
import io.jobqueue.AttemptRecord;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobQueues;
import io.jobqueue.JobRecord;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.WorkerInfo;
import io.jobqueue.spi.AbstractJobQueue;
import io.jobqueue.spi.Checks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
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
 *   <li>{@value #PROPERTY_DURABLE_ACKNOWLEDGEMENTS}: reserves and acknowledgements wait for the
 *       disk too, default {@value #DEFAULT_DURABLE_ACKNOWLEDGEMENTS} (see Durability).
 * </ul>
 *
 * <p>Durability: adding a job commits durably. Reserving, deleting, releasing, burying and touching
 * do not wait for the disk (PostgreSQL: {@code synchronous_commit} off for those transactions;
 * SQLite: {@code synchronous=NORMAL} for them): a database or power failure can lose the last of
 * them, and then a job runs again, as at-least-once delivery allows; no job is lost. On PostgreSQL
 * this made a drain's commits about ten times cheaper (pgbench). With {@value
 * #PROPERTY_DURABLE_ACKNOWLEDGEMENTS} {@code true} they commit like adds: PostgreSQL at the
 * session's {@code synchronous_commit} (on by default), SQLite at the {@value
 * #PROPERTY_SYNCHRONOUS} setting; MySQL and MariaDB always follow the server's {@code
 * innodb_flush_log_at_trx_commit}, which this setting does not change. On SQLite, where writers
 * take turns, jobs that threads add one by one at the same moment share a commit (and its fsync);
 * each call still returns only once its own job is committed.
 *
 * <p>Jobs can join the caller's transaction: {@link #addJob(Connection, String, byte[],
 * JobOptions)} adds a job that exists if and only if the caller commits.
 */
public final class JdbcJobQueue extends AbstractJobQueue {

  /** Prefix of every table this backend uses. */
  public static final String PROPERTY_TABLE_PREFIX = "tablePrefix";

  /**
   * Tables are {@code jobqueue_jobs}, {@code jobqueue_pipelines}, {@code jobqueue_schema_version}.
   */
  public static final String DEFAULT_TABLE_PREFIX = "jobqueue_";

  /** Whether opening the queue creates or updates the tables: {@code true} or {@code false}. */
  public static final String PROPERTY_MIGRATE = "migrate";

  /**
   * Tables are created and updated at open, under a lock, so several processes may open at once.
   */
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

  /**
   * Whether reserves and acknowledgements (delete, release, bury, touch) commit durably: {@code
   * true} or {@code false}.
   */
  public static final String PROPERTY_DURABLE_ACKNOWLEDGEMENTS = "durableAcknowledgements";

  /** A crash may lose the last acknowledgements, and their jobs run again; never a job. */
  public static final boolean DEFAULT_DURABLE_ACKNOWLEDGEMENTS = false;

  private static final Logger log = LoggerFactory.getLogger(JdbcJobQueue.class);
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  /** A delete by id looks again this often when the job's reservation ends just as it looks. */
  private static final int DELETE_ATTEMPTS = 5;

  // The work is done by package-private parts with one job each; this class is what a user calls.
  private final Connector connector;
  private final Inserter inserter;
  private final LimitedPipelines limits;
  private final Reserver reserver;
  private final Acknowledger acknowledger;
  private final Admin admin;
  private final WorkerTable workers;
  private final HistoryTables history;
  // For JdbcScheduleStore, whose claims run in this queue's transactions.
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters = new Waiters();
  private final PostgresListener listener;
  private final AutoCloseable ownedPool;

  private JdbcJobQueue(Builder builder, String description) {
    super(description, builder.maxPayloadBytes);
    this.connector = new Connector(description, builder.dataSource);
    this.ownedPool = builder.ownedPool;
    SqlDialect dialect =
        connector.withHandle(
            "detect the database",
            h -> {
              try {
                return SqlDialect.detect(
                    h.getConnection().getMetaData(), builder.durableAcknowledgements);
              } catch (SQLException e) {
                throw new SqlFailure("read the database metadata", e);
              }
            });
    log.info(
        "{}: {} through the {} dialect, tables {}*",
        description,
        dialect.database(),
        dialect.name(),
        builder.tablePrefix);
    SqlStatements sql =
        new SqlStatements(dialect.name(), builder.tablePrefix, builder.durableAcknowledgements);
    connector.withHandle(
        "migrate the tables",
        h -> {
          if (builder.migrate) {
            Migrations.migrate(h, dialect, sql, builder.tablePrefix, description);
          } else {
            Migrations.check(h, builder.tablePrefix, description);
          }
          return null;
        });
    this.dialect = dialect;
    this.sql = sql;
    this.inserter = new Inserter(connector, dialect, sql, waiters);
    this.limits = new LimitedPipelines(connector, dialect, sql);
    this.reserver = new Reserver(connector, dialect, sql, waiters, limits, this::isClosed);
    this.acknowledger = new Acknowledger(connector, dialect, sql, waiters);
    this.admin = new Admin(connector, dialect, sql, waiters);
    this.workers = new WorkerTable(connector, dialect, sql);
    this.history = new HistoryTables(connector, dialect, sql);
    if (dialect.capabilities().notifiesJobs()) {
      listener =
          new PostgresListener(
              builder.dataSource, sql, builder.tablePrefix + "jobs", waiters, description);
      listener.start();
    } else {
      listener = null;
    }
  }

  /**
   * Opens the queue a {@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code jdbc:mariadb:} or
   * {@code jdbc:sqlite:} URL names, with a connection pool of its own that {@link #close()} closes.
   *
   * @throws IllegalArgumentException when a setting or the URL is malformed (e.g. a port that is
   *     not a number), or the URL names a SQLite file or directory that this process cannot write
   * @throws BackendUnavailableException when the database cannot be reached, e.g. its host name
   *     does not resolve
   */
  public static JdbcJobQueue open(JobQueueConfig config) {
    JdbcSettings settings = JdbcSettings.from(config);
    JdbcUrl.check(config.url());
    String url = driverUrl(config.url());
    SqlDialect expected = SqlDialect.named(url);
    String description = Checks.redact(config.url());
    checkDriver(url, expected, description);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setPoolName("jobqueue-" + expected.name());
    pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    expected.configure(pool, settings);
    // Connections open when needed; an idle queue keeps few open on a shared server.
    pool.setMinimumIdle(Math.min(2, pool.getMaximumPoolSize()));
    HikariDataSource dataSource;
    try {
      dataSource = expected.connect(() -> new HikariDataSource(pool));
    } catch (RuntimeException e) {
      throw SqlErrors.cannotConnect(description, e);
    }
    try {
      Builder builder =
          builder()
              .dataSource(dataSource)
              .tablePrefix(settings.tablePrefix())
              .migrate(settings.migrate())
              .durableAcknowledgements(settings.durableAcknowledgements())
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
   * @param database a JDBC URL, or {@code postgres}, {@code mysql}, {@code mariadb} or {@code
   *     sqlite}
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

  /**
   * {@link #addJob(Connection, String, byte[], JobOptions)} for several jobs; returns their ids in
   * order.
   */
  public List<Long> addJobs(Connection connection, String pipeline, List<NewJob> jobs) {
    return addAll(connection, pipeline, jobs).stream().map(AddResult::id).toList();
  }

  /**
   * {@link #addJobs(Connection, String, List)} that says, job by job, whether it was added or its
   * {@link io.jobqueue.UniqueKey} was held, like {@link Pipeline#addAll(List)}.
   */
  public List<AddResult> addAll(Connection connection, String pipeline, List<NewJob> jobs) {
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
    List<AddResult> results = inserter.addOn(connection, pipeline, List.copyOf(jobs));
    countAdded(pipeline, added(results));
    return results;
  }

  /** {@link #addJob(Connection, String, byte[], JobOptions)} on a Jdbi handle's transaction. */
  public long addJob(Handle handle, String pipeline, byte[] payload, JobOptions options) {
    Objects.requireNonNull(handle, "handle must not be null");
    return addJob(handle.getConnection(), pipeline, payload, options);
  }

  /** {@link #addJobs(Connection, String, List)} on a Jdbi handle's transaction. */
  public List<Long> addJobs(Handle handle, String pipeline, List<NewJob> jobs) {
    return addJobs(
        Objects.requireNonNull(handle, "handle must not be null").getConnection(), pipeline, jobs);
  }

  @Override
  protected long doAdd(String pipeline, byte[] payload, JobOptions options) {
    return inserter.add(pipeline, new NewJob(payload, options));
  }

  @Override
  protected boolean hasUniqueJobs() {
    return true;
  }

  @Override
  protected AddResult doAddUnique(String pipeline, NewJob job) {
    return inserter.addUnique(pipeline, job);
  }

  @Override
  protected List<AddResult> doAddAll(String pipeline, List<NewJob> jobs) {
    return inserter.addAll(pipeline, jobs);
  }

  @Override
  protected Optional<Job> doReserve(List<String> pipelines, Duration timeout) {
    return reserver.reserve(pipelines, 1, timeout).stream().findFirst();
  }

  @Override
  protected List<Job> doReserveBatch(List<String> pipelines, int max, Duration timeout) {
    return reserver.reserve(pipelines, max, timeout);
  }

  @Override
  protected void doDelete(Job job) {
    if (!acknowledger.delete(job)) {
      throw notReserved(job, "delete");
    }
    freed(List.of(job));
  }

  @Override
  protected void doDeleteAll(List<Job> jobs) {
    Set<Long> deleted = acknowledger.deleteAll(jobs);
    List<Long> notHeld = jobs.stream().map(Job::id).filter(id -> !deleted.contains(id)).toList();
    freed(jobs);
    if (!notHeld.isEmpty()) {
      throw notReserved(jobs, notHeld);
    }
  }

  /**
   * Wakes this process's waiting reserves when a job of a limited pipeline stopped being held: a
   * reserve held back by its limit may take one now. Unlimited pipelines' deletes wake nobody, as
   * before: a delete makes no job ready there.
   */
  private void freed(List<Job> jobs) {
    if (jobs.stream().anyMatch(job -> limits.seenLimited(job.pipeline()))) {
      waiters.wakeAll();
    }
  }

  @Override
  protected void doRelease(Job job, long priority, Duration delay) {
    if (!acknowledger.release(job, priority, delay)) {
      throw notReserved(job, "release");
    }
  }

  @Override
  protected void doBury(Job job, String reason) {
    if (!acknowledger.bury(job, reason)) {
      throw notReserved(job, "bury");
    }
    freed(List.of(job));
  }

  @Override
  protected void doTouch(Job job) {
    if (!acknowledger.touch(job)) {
      throw notReserved(job, "touch");
    }
  }

  @Override
  protected Optional<Job> doPeek(long id) {
    return admin.peek(id);
  }

  @Override
  protected Optional<Job> doPeek(String pipeline, JobState state) {
    return admin.peek(pipeline, state, 0, 1).stream().findFirst();
  }

  @Override
  protected List<Job> doPeek(String pipeline, JobState state, int offset, int limit) {
    return admin.peek(pipeline, state, offset, limit);
  }

  /**
   * One statement deletes the job unless it is held; only when it deleted nothing does a peek tell
   * why. A job whose state changed between the two (its reservation just ended) is tried again.
   */
  @Override
  protected void doDeleteJob(long id, boolean force) {
    for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
      if (admin.deleteJob(id, force)) {
        return;
      }
      Job job = admin.peek(id).orElseThrow(() -> notFound(null, id));
      if (job.state() == JobState.RESERVED) {
        throw reserved(job.pipeline(), id);
      }
    }
    throw new JobQueueException(
        "cannot delete job "
            + id
            + " on "
            + description()
            + ": it kept changing state between the delete and the look at it");
  }

  @Override
  protected long doPurge(String pipeline, JobState state) {
    return admin.purge(pipeline, state);
  }

  @Override
  protected long doKick(String pipeline, long bound) {
    return admin.kick(pipeline, bound);
  }

  @Override
  protected boolean doKickJob(String pipeline, long id) {
    if (admin.kickJob(pipeline, id)) {
      return true;
    }
    if (admin.peek(id).filter(job -> job.pipeline().equals(pipeline)).isPresent()) {
      return false;
    }
    throw notFound(pipeline, id);
  }

  @Override
  protected PipelineStats doStats(String pipeline) {
    return admin.stats(pipeline);
  }

  @Override
  protected List<PipelineStats> doStatsAll() {
    return admin.statsAll();
  }

  @Override
  protected List<String> doPipelines() {
    return admin.pipelines();
  }

  @Override
  protected void doPause(String pipeline, Duration duration) {
    admin.pause(pipeline, duration);
  }

  @Override
  protected void doSetLimits(String pipeline, PipelineLimits limits) {
    this.limits.set(pipeline, limits);
    // Waiting reserves of this process look again under the new limits.
    waiters.wakeAll();
  }

  @Override
  protected Optional<PipelineLimits> doLimits(String pipeline) {
    return limits.get(pipeline);
  }

  @Override
  protected Map<String, PipelineLimits> doAllLimits() {
    return limits.all();
  }

  @Override
  protected void doKeepHistory(String pipeline, HistoryRetention retention) {
    history.keep(pipeline, retention);
  }

  @Override
  protected Optional<HistoryRetention> doHistoryRetention(String pipeline) {
    return history.retention(pipeline);
  }

  @Override
  protected List<JobRecord> doHistory(String pipeline, int offset, int limit) {
    return history.page(pipeline, offset, limit);
  }

  @Override
  protected Optional<JobRecord> doHistory(long jobId) {
    return history.job(jobId);
  }

  @Override
  protected void doRecordAttempts(List<AttemptRecord> attempts) {
    history.record(attempts);
  }

  @Override
  protected List<WorkerInfo> doWorkers() {
    return workers.list();
  }

  @Override
  protected void doHeartbeat(WorkerInfo worker) {
    workers.heartbeat(worker);
  }

  @Override
  protected void doUnregisterWorker(String workerId) {
    workers.unregister(workerId);
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
   * Runs {@code work} in one transaction on a pooled connection, then wakes this process's waiting
   * reserves: the hook {@link JdbcScheduleStore} claims ticks through, so a tick's job is inserted
   * in the claim's transaction. {@code write} false runs it as a read.
   */
  <T> T inTransaction(String action, boolean write, SqlDialect.Work<T> work) {
    if (!write) {
      return connector.connect(action, c -> dialect.read(c, work));
    }
    T result = connector.connect(action, c -> dialect.inTransaction(c, work));
    waiters.wakeAll();
    return result;
  }

  /** This queue's statements, for {@link JdbcScheduleStore}, whose tables share the prefix. */
  SqlStatements statements() {
    return sql;
  }

  /**
   * Says which driver to add when the application has none for this URL: this module brings none.
   */
  private static void checkDriver(String url, SqlDialect dialect, String description) {
    if (accepted(url)) {
      return;
    }
    // A driver that takes a plain URL of the same scheme is there, so it is this URL's form it
    // refuses.
    String scheme = url.substring(0, url.indexOf(':', "jdbc:".length()) + 1);
    if (accepted(scheme + "//127.0.0.1/probe")) {
      throw new IllegalArgumentException(
          "no JDBC driver accepts the URL '"
              + description
              + "': check its form, e.g. "
              + scheme
              + "//127.0.0.1:PORT/DATABASE");
    }
    throw new JobQueueException(
        "cannot open "
            + description
            + ": no JDBC driver for it on the class path; add "
            + dialect.capabilities().driverArtifact()
            + " to the application's dependencies (job-queue-jdbc brings none)");
  }

  private static boolean accepted(String url) {
    try {
      DriverManager.getDriver(url);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** {@code jdbc:mariadb:} URLs go to Connector/J, the MySQL-family driver this module supports. */
  private static String driverUrl(String url) {
    return url.startsWith("jdbc:mariadb:")
        ? "jdbc:mysql:" + url.substring("jdbc:mariadb:".length())
        : url;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
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
    private boolean durableAcknowledgements = DEFAULT_DURABLE_ACKNOWLEDGEMENTS;
    private int maxPayloadBytes = JobQueueConfig.DEFAULT_MAX_PAYLOAD_BYTES;
    private String description;
    private AutoCloseable ownedPool;

    private Builder() {}

    /**
     * Where connections come from; required. On SQLite, put it in WAL mode with a busy timeout of
     * 0.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** Prefix of every table; default {@value JdbcJobQueue#DEFAULT_TABLE_PREFIX}. */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * Whether to create or update the tables at open; default {@value
     * JdbcJobQueue#DEFAULT_MIGRATE}.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Whether reserves and acknowledgements commit durably; default {@value
     * JdbcJobQueue#DEFAULT_DURABLE_ACKNOWLEDGEMENTS}, which lets a database crash lose the last of
     * them (their jobs run again). No effect on MySQL and MariaDB, which follow the server's {@code
     * innodb_flush_log_at_trx_commit}.
     */
    public Builder durableAcknowledgements(boolean durableAcknowledgements) {
      this.durableAcknowledgements = durableAcknowledgements;
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
        throw new IllegalArgumentException(
            "dataSource is required: JdbcJobQueue.builder().dataSource(...)");
      }
      JdbcSettings.checkTablePrefix(tablePrefix);
      if (maxPayloadBytes < 1) {
        throw new IllegalArgumentException(
            "maxPayloadBytes must be at least 1, was " + maxPayloadBytes);
      }
      return new JdbcJobQueue(this, description != null ? description : describe(dataSource));
    }

    private static String describe(DataSource dataSource) {
      try (Connection connection = dataSource.getConnection()) {
        return Checks.redact(connection.getMetaData().getURL());
      } catch (SQLException e) {
        throw new BackendUnavailableException(
            "cannot connect to the data source " + dataSource + ": " + e.getMessage(), e);
      }
    }
  }
}
