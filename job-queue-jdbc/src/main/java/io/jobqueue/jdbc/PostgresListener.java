package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection that LISTENs on {@code <prefix>jobs} and wakes this queue's waiting
 * reserves when a job is added or returned (the triggers of V1 NOTIFY). Reconnects after a failure
 * and then wakes everyone, since notifications may have been missed meanwhile.
 */
final class PostgresListener implements AutoCloseable {

  /** How long one wait for notifications lasts; bounds how long close() waits for the thread. */
  private static final int RECEIVE_MILLIS = 500;

  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);

  private final DataSource dataSource;
  private final String channel;
  private final Waiters waiters;
  private final String description;
  private final Thread thread;
  private volatile boolean running = true;

  /** @param channel a validated table prefix followed by {@code jobs}: safe to put into SQL */
  PostgresListener(DataSource dataSource, String channel, Waiters waiters, String description) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.waiters = waiters;
    this.description = description;
    this.thread = Thread.ofPlatform().name("jobqueue-listen-" + channel).daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(RECEIVE_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        listen(connection);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("{}: LISTEN connection failed, reconnecting in {} (waiting reserves poll meanwhile): {}",
            description, RECONNECT_DELAY, e.toString());
        waiters.wakeAll();
        try {
          Thread.sleep(RECONNECT_DELAY);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void listen(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("LISTEN " + channel);
    }
    waiters.wakeAll();
    PGConnection pg = connection.unwrap(PGConnection.class);
    while (running) {
      PGNotification[] notifications = pg.getNotifications(RECEIVE_MILLIS);
      if (notifications != null && notifications.length > 0) {
        waiters.wakeAll();
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("UNLISTEN " + channel);
    }
  }
}
