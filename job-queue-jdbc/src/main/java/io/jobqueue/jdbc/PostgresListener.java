package io.jobqueue.jdbc;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection that LISTENs on {@code <prefix>jobs} and wakes this queue's waiting reserves
 * when a job is added or returned (the triggers of V2 NOTIFY). Writers notify only for pipelines
 * some process waits on: on this connection it holds the advisory locks that say so ({@code
 * listen-arm.sql}) for the pipelines this queue's reserves wait on, or waited on within {@link
 * #LINGER}, and wakes the waiters once they are taken, since jobs added before were not announced.
 * Reconnects after a failure and then wakes everyone, since notifications may have been missed
 * meanwhile.
 */
final class PostgresListener implements AutoCloseable {

  /**
   * How long one wait for notifications lasts: how soon a pipeline newly waited on is armed, and
   * how long close() may wait for the thread. The wait sends nothing to the database.
   */
  private static final int RECEIVE_MILLIS = 20;

  /**
   * A pipeline stays armed this long after its last reserve stopped waiting, so a worker that waits
   * between every job (a light load) does not lock and unlock for each.
   */
  static final Duration LINGER = Duration.ofSeconds(5);

  private static final int SLOTS = 8;
  private static final List<Integer> ALL_SLOTS = List.of(0, 1, 2, 3, 4, 5, 6, 7);

  /**
   * pgJDBC's connection type, whose {@code getNotifications(int)} waits for notifications; looked
   * up by name in the driver's class loader, because JDBC has no such call and the driver is the
   * application's dependency: this module compiles without it.
   */
  private static final String PG_CONNECTION = "org.postgresql.PGConnection";

  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);

  private final DataSource dataSource;
  private final SqlStatements sql;
  private final String channel;
  private final Waiters waiters;
  private final String description;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param channel a validated table prefix followed by {@code jobs}: safe to put into SQL
   */
  PostgresListener(
      DataSource dataSource,
      SqlStatements sql,
      String channel,
      Waiters waiters,
      String description) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.channel = channel;
    this.waiters = waiters;
    this.description = description;
    this.thread =
        Thread.ofPlatform().name("jobqueue-listen-" + channel).daemon().unstarted(this::run);
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
      Connection connection = null;
      try {
        connection = dataSource.getConnection();
        listen(connection);
        connection.close();
      } catch (SQLException | RuntimeException e) {
        // the connection may still LISTEN and hold locks: it must not go back to the pool
        abort(connection);
        if (!running) {
          return;
        }
        log.warn(
            "{}: LISTEN connection failed, reconnecting in {} (waiting reserves poll meanwhile): {}",
            description,
            RECONNECT_DELAY,
            e.toString());
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
    Notifications notifications = Notifications.of(connection);
    Set<String> armed = new HashSet<>();
    while (running) {
      Set<String> wanted = waiters.watched(LINGER.toNanos());
      boolean newlyArmed = false;
      for (String pipeline : wanted) {
        if (!armed.contains(pipeline) && arm(connection, pipeline)) {
          armed.add(pipeline);
          newlyArmed = true;
        }
      }
      for (Iterator<String> i = armed.iterator(); i.hasNext(); ) {
        String pipeline = i.next();
        if (!wanted.contains(pipeline)) {
          disarm(connection, pipeline, ALL_SLOTS);
          i.remove();
        }
      }
      if (newlyArmed) {
        waiters.wakeAll();
      }
      if (notifications.receive(RECEIVE_MILLIS)) {
        waiters.wakeAll();
      }
    }
    for (String pipeline : armed) {
      disarm(connection, pipeline, ALL_SLOTS);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("UNLISTEN " + channel);
    }
  }

  /**
   * Takes the pipeline's shared locks; true when all are held. A writer holding one until its
   * commit makes this fail, and the locks taken are given back to be tried again next round.
   */
  private boolean arm(Connection connection, String pipeline) {
    Set<Long> held =
        PlainSql.of("wait on pipeline '" + pipeline + "'", sql.get("private/listen-arm"))
            .bind("pipeline", pipeline)
            .ids(connection);
    if (held.size() == SLOTS) {
      return true;
    }
    disarm(connection, pipeline, held.stream().map(Long::intValue).toList());
    return false;
  }

  private void disarm(Connection connection, String pipeline, List<Integer> slots) {
    if (!slots.isEmpty()) {
      PlainSql.of("stop waiting on pipeline '" + pipeline + "'", sql.get("private/listen-disarm"))
          .bind("pipeline", pipeline)
          .bindList("slots", slots)
          .ids(connection);
    }
  }

  private static void abort(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.abort(Runnable::run);
    } catch (SQLException e) {
      log.debug("aborting the LISTEN connection failed", e);
    }
  }

  /** {@code PGConnection.getNotifications(int)} on one connection. */
  private record Notifications(Object pgConnection, Method getNotifications) {

    static Notifications of(Connection connection) throws SQLException {
      Connection physical = connection.unwrap(Connection.class);
      try {
        Class<?> type = Class.forName(PG_CONNECTION, true, physical.getClass().getClassLoader());
        return new Notifications(
            connection.unwrap(type), type.getMethod("getNotifications", int.class));
      } catch (ReflectiveOperationException e) {
        throw new SQLException(
            "LISTEN needs pgJDBC's " + PG_CONNECTION + ", not found beside " + physical.getClass(),
            e);
      }
    }

    /** Waits up to {@code millis} for notifications; whether any came. */
    boolean receive(int millis) throws SQLException {
      try {
        Object received = getNotifications.invoke(pgConnection, millis);
        return received != null && Array.getLength(received) > 0;
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof SQLException cause ? cause : new SQLException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new SQLException("cannot call " + PG_CONNECTION + ".getNotifications", e);
      }
    }
  }
}
