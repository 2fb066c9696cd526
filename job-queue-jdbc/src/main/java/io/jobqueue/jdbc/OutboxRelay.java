package io.jobqueue.jdbc;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.spi.Checks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the committed rows of a {@link JdbcOutbox} into a target queue, oldest first, and deletes
 * each row after its put, on a thread of its own until {@link #close()}. When the outbox is empty
 * it waits the outbox's poll interval before it reads again (one {@code SELECT} per interval,
 * nothing else); after a failure (database or queue down) it waits the same interval and tries the
 * same row again, so rows are never skipped or reordered. Started in a worker process by {@link
 * JdbcOutbox#startRelay}, or as a process of its own by {@link #main}.
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final JdbcOutbox outbox;
  private final JobQueue target;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;
  private Connection connection;

  OutboxRelay(JdbcOutbox outbox, JobQueue target) {
    this.outbox = outbox;
    this.target = target;
    this.thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
  }

  /**
   * Runs a relay as a process of its own until it is stopped (SIGTERM): {@code OutboxRelay
   * <outbox-jdbc-url> <queue-url> [table-prefix [poll-interval]]}, e.g. {@code OutboxRelay
   * jdbc:postgresql://127.0.0.1/shop?user=app beanstalk://127.0.0.1:11300 jobqueue_ 1s}.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2 || args.length > 4) {
      System.err.println(
          "usage: OutboxRelay <outbox-jdbc-url> <queue-url> [table-prefix [poll-interval]]");
      System.exit(2);
    }
    JdbcOutbox.Builder builder = JdbcOutbox.builder(args[0]);
    if (args.length > 2) {
      builder.tablePrefix(args[2]);
    }
    if (args.length > 3) {
      builder.pollInterval(Checks.parseDuration(args[3]));
    }
    JobQueue target = JobQueues.open(args[1]);
    OutboxRelay relay = builder.build().startRelay(target);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              relay.close();
              target.close();
              stopped.countDown();
            }));
    System.out.println("outbox relay: started");
    stopped.await();
  }

  /** Stops after the put in progress (and its row's delete); waits up to 30 s for that. */
  @Override
  public void close() {
    stopping.countDown();
    try {
      if (!thread.join(STOP_TIMEOUT)) {
        LOG.warn("outbox relay: still busy after {}; left running as a daemon", STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (stopping.getCount() > 0) {
      boolean more = false;
      try {
        more = relayBatch() == outbox.batchSize();
      } catch (RuntimeException e) {
        LOG.warn("outbox relay: {}; trying again in {}", e.getMessage(), outbox.pollInterval());
        disconnect();
      }
      if (!more && awaitStop(outbox.pollInterval())) {
        break;
      }
    }
    disconnect();
  }

  /** Puts the oldest rows, each followed by its row's delete; returns how many rows were read. */
  private int relayBatch() {
    Connection c = connection();
    SqlStatements sql = outbox.sql();
    List<Row> rows =
        PlainSql.of("read the outbox", sql.shared("outbox-next"))
            .bind("limit", outbox.batchSize())
            .rows(
                c,
                (rs, context) ->
                    new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6)));
    for (Row row : rows) {
      if (stopping.getCount() == 0) {
        return 0;
      }
      target
          .selectPipeline(row.pipeline())
          .addJob(new OutboxEnvelope(row.id(), row.payload()).body(), row.options());
      PlainSql.of("delete outbox row " + row.id(), sql.shared("outbox-delete"))
          .bind("id", row.id())
          .update(c);
    }
    return rows.size();
  }

  private Connection connection() {
    if (connection == null) {
      try {
        connection = DriverManager.getConnection(outbox.url());
        // execute, not executeUpdate: SQLite's PRAGMA answers with a row
        try (Statement session = connection.createStatement()) {
          session.execute(outbox.sql().get("outbox-session"));
        }
      } catch (SQLException e) {
        disconnect();
        throw new SqlFailure("connect to " + Checks.redact(outbox.url()), e);
      }
    }
    return connection;
  }

  private void disconnect() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("outbox relay: closing the connection failed", e);
      }
      connection = null;
    }
  }

  /** Waits up to {@code interval}; true when the relay is being closed. */
  private boolean awaitStop(Duration interval) {
    try {
      return stopping.await(interval.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private record Row(
      long id, String pipeline, byte[] payload, long priority, long delayMs, long ttrMs) {
    JobOptions options() {
      return JobOptions.DEFAULT
          .withPriority(priority)
          .withDelay(Duration.ofMillis(delayMs))
          .withTtr(Duration.ofMillis(ttrMs));
    }
  }
}
