package io.jobqueue.jdbc;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.NewJob;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.spi.Checks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Transactional enqueue for a queue that cannot join a database transaction (beanstalkd): an outbox
 * table {@code <prefix>outbox} in the caller's own database. {@link #addJob(Connection, String,
 * byte[], JobOptions)} inserts the job there inside the caller's transaction, so it exists if and
 * only if the caller commits; an {@link OutboxRelay} puts the committed rows into the target queue
 * and then deletes them.
 *
 * <pre>{@code
 * JdbcOutbox outbox = JdbcOutbox.builder("jdbc:postgresql://127.0.0.1:5432/shop?user=app").build();
 * outbox.createTable();                        // once; or run createTableSql in your migrations
 * outbox.addJob(connection, "emails", payload, JobOptions.DEFAULT); // in your transaction
 * try (OutboxRelay relay = outbox.startRelay(JobQueues.open("beanstalk://127.0.0.1:11300"))) { … }
 * }</pre>
 *
 * <p>Delivery is at least once, in id order: the relay reads the oldest rows, puts each, and
 * deletes its row after the put. If it dies between a put and that delete, the row is put again
 * when it (or the next relay) starts: that is the duplicate window. Every job the relay puts
 * carries its row's id in its body ({@link OutboxEnvelope}), the same in every put, so a handler
 * that must act once detects a re-put by it. Order: rows of one pipeline are put in id order, and a
 * row whose put fails is retried before any later row; rows of transactions that commit out of id
 * order (concurrent writers) are put in the order they become visible. Run one relay per outbox
 * table: two relays would put rows twice. Delays count from the put, not from the commit.
 */
public final class JdbcOutbox {

  /** How often an idle relay looks for new rows, unless {@link Builder#pollInterval} says. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** How many rows the relay reads at a time, unless {@link Builder#batchSize} says. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  private final String url;
  private final SqlStatements sql;
  private final Duration pollInterval;
  private final int batchSize;
  private final int maxPayloadBytes;

  private JdbcOutbox(Builder builder) {
    this.url = builder.url;
    this.sql = new SqlStatements(SqlDialect.named(builder.url).name(), builder.tablePrefix);
    this.pollInterval = builder.pollInterval;
    this.batchSize = builder.batchSize;
    this.maxPayloadBytes = builder.maxPayloadBytes;
  }

  /**
   * An outbox in this database.
   *
   * @param url the JDBC URL of the caller's database ({@code jdbc:postgresql:}, {@code
   *     jdbc:mysql:}, {@code jdbc:mariadb:} or {@code jdbc:sqlite:}), which the relay connects to
   */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * The {@code CREATE TABLE IF NOT EXISTS} of the outbox table, for the caller's own migrations.
   */
  public static String createTableSql(String database, String tablePrefix) {
    Objects.requireNonNull(database, "database must not be null");
    return new SqlStatements(SqlDialect.named(database).name(), tablePrefix).get("outbox-create");
  }

  /** Creates the outbox table if it does not exist yet. */
  public void createTable() {
    try (Connection connection = DriverManager.getConnection(url)) {
      PlainSql.of("create the outbox table", sql.get("outbox-create")).update(connection);
    } catch (SQLException e) {
      throw new JobQueueException("cannot connect to " + Checks.redact(url), e);
    } catch (SqlFailure e) {
      throw new JobQueueException(e.getMessage(), e.getCause());
    }
  }

  /**
   * Writes a job into the outbox on the caller's connection, inside the caller's transaction: the
   * relay puts it into the target queue if and only if the caller commits. The connection is left
   * as it was: not committed, rolled back, closed or switched to auto-commit.
   *
   * @return the outbox row's id, which the job carries ({@link OutboxEnvelope#outboxId()})
   * @throws IllegalArgumentException for a pipeline name the queues do not allow
   * @throws JobTooLargeException when the payload and its header are over {@link
   *     Builder#maxPayloadBytes}
   * @throws UnsupportedByBackendException for options with a unique key
   */
  public long addJob(Connection connection, String pipeline, byte[] payload, JobOptions options) {
    return addJobs(connection, pipeline, List.of(new NewJob(payload, options))).get(0);
  }

  /** {@link #addJob(Connection, String, byte[], JobOptions)} for several jobs; ids in order. */
  public List<Long> addJobs(Connection connection, String pipeline, List<NewJob> jobs) {
    Objects.requireNonNull(connection, "connection must not be null");
    Checks.pipelineName(pipeline);
    Objects.requireNonNull(jobs, "jobs must not be null");
    for (NewJob job : jobs) {
      checkPayload(pipeline, Objects.requireNonNull(job, "jobs must not contain null").payload());
      if (job.options().unique() != null) {
        throw new UnsupportedByBackendException(
            "unique jobs (JobOptions.withUniqueKey) are not available through the outbox: the"
                + " relay puts every committed row, and beanstalkd cannot refuse a key; nothing"
                + " was added");
      }
    }
    try {
      return PlainSql.of(
              "add " + jobs.size() + " jobs to the outbox for pipeline '" + pipeline + "'",
              sql.shared("outbox-insert"))
          .insert(
              connection,
              PlainSql.RETURNING_ID,
              false,
              jobs,
              (statement, job) -> SqlDialect.bindJob(statement, pipeline, job));
    } catch (SqlFailure e) {
      throw new JobQueueException(
          e.getMessage() + " (was the outbox table created? see JdbcOutbox.createTable)",
          e.getCause());
    }
  }

  /** {@link #addJob(Connection, String, byte[], JobOptions)} on a Jdbi handle's transaction. */
  public long addJob(Handle handle, String pipeline, byte[] payload, JobOptions options) {
    Objects.requireNonNull(handle, "handle must not be null");
    return addJob(handle.getConnection(), pipeline, payload, options);
  }

  /** {@link #addJobs(Connection, String, List)} on a Jdbi handle's transaction. */
  public List<Long> addJobs(Handle handle, String pipeline, List<NewJob> jobs) {
    Objects.requireNonNull(handle, "handle must not be null");
    return addJobs(handle.getConnection(), pipeline, jobs);
  }

  /**
   * Starts a relay on a thread of its own that puts committed rows into {@code target} until it is
   * closed; {@code target} stays the caller's to close.
   */
  public OutboxRelay startRelay(JobQueue target) {
    return new OutboxRelay(this, Objects.requireNonNull(target, "target must not be null"));
  }

  String url() {
    return url;
  }

  SqlStatements sql() {
    return sql;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  int batchSize() {
    return batchSize;
  }

  private void checkPayload(String pipeline, byte[] payload) {
    Objects.requireNonNull(payload, "payload must not be null");
    if (payload.length + OutboxEnvelope.MAX_HEADER_BYTES > maxPayloadBytes) {
      throw new JobTooLargeException(
          "payload of "
              + payload.length
              + " bytes for pipeline '"
              + pipeline
              + "' is over the outbox's limit of "
              + (maxPayloadBytes - OutboxEnvelope.MAX_HEADER_BYTES)
              + " bytes (maxPayloadBytes "
              + maxPayloadBytes
              + " less "
              + OutboxEnvelope.MAX_HEADER_BYTES
              + " for the outbox id's header); nothing was added");
    }
  }

  /** Settings of a {@link JdbcOutbox}. */
  public static final class Builder {
    private final String url;
    private String tablePrefix = JdbcJobQueue.DEFAULT_TABLE_PREFIX;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxPayloadBytes = io.jobqueue.JobQueueConfig.DEFAULT_MAX_PAYLOAD_BYTES;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url must not be null");
      SqlDialect.named(url);
    }

    /** The outbox table is {@code <tablePrefix>outbox}; default {@code jobqueue_}. */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = JdbcSettings.checkTablePrefix(tablePrefix);
      return this;
    }

    /** How long an idle relay waits before it looks for new rows again; 10 ms to 1 hour. */
    public Builder pollInterval(Duration pollInterval) {
      Objects.requireNonNull(pollInterval, "pollInterval must not be null");
      if (pollInterval.compareTo(Duration.ofMillis(10)) < 0
          || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "pollInterval " + pollInterval + " is out of range: use 10 ms to 1 hour");
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** How many rows the relay reads at a time; 1 to 10,000. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException(
            "batchSize " + batchSize + " is out of range: use 1 to 10000");
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The target queue's payload limit (default 65,535, beanstalkd's); a payload plus its header
     * line must fit, so {@code addJob} refuses what the relay could never put.
     */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      if (maxPayloadBytes <= OutboxEnvelope.MAX_HEADER_BYTES) {
        throw new IllegalArgumentException(
            "maxPayloadBytes "
                + maxPayloadBytes
                + " is too small: use more than "
                + OutboxEnvelope.MAX_HEADER_BYTES
                + " (the outbox id's header)");
      }
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    public JdbcOutbox build() {
      return new JdbcOutbox(this);
    }
  }
}
