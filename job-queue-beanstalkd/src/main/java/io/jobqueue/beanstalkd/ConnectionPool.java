package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueueClosedException;
import io.jobqueue.beanstalkd.BeanstalkdConnection.PoolState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one queue, and whether each may be lent: one that holds reservations (see
 * {@link Leases}) is kept for their holders.
 *
 * <p>A connection is borrowed by one caller at a time for anything that is not a held job's own
 * command (put, reserve, peek, stats…). After a reserve it holds jobs: it is then <em>pinned</em>,
 * never lent again, because another caller's blocking reserve on it would delay the holder's
 * delete, and its reservations must stay on it. The holders' delete/release/bury/touch go over it
 * under its lock. When its last reservation is finished it becomes idle again. A pinned connection
 * whose reservations all passed their TTR (the holder never finished them) is reused after dropping
 * those reservations; late commands with their leases fail as not reserved.
 *
 * <p>Idle connections are reused last-in first-out; one idle for a while is checked before reuse,
 * so a server restart costs no failed call. Lock order: a connection's lock, then the pool's; the
 * pool only ever tries a connection's lock.
 */
final class ConnectionPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);
  private static final long CHECK_AFTER_IDLE_NANOS = Duration.ofMillis(500).toNanos();
  private static final Duration WATCHDOG_PERIOD = Duration.ofMillis(200);

  private final Endpoint endpoint;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<BeanstalkdConnection> idle = new ArrayDeque<>();
  private final Set<BeanstalkdConnection> pinned = new HashSet<>();
  private final Set<BeanstalkdConnection> all = new HashSet<>();
  private final Set<BeanstalkdConnection> lingering = new HashSet<>();
  private final Leases leases;
  private final ScheduledExecutorService watchdog;
  private boolean closed;

  ConnectionPool(Endpoint endpoint, String description, Leases leases) {
    this.endpoint = endpoint;
    this.description = description;
    this.leases = leases;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("jobqueue-beanstalkd-watchdog").factory());
    long period = WATCHDOG_PERIOD.toMillis();
    watchdog.scheduleWithFixedDelay(this::watchOverdue, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * A connection for this caller alone: an idle one, a pinned one whose holders are gone, or a new
   * one.
   */
  BeanstalkdConnection borrow() {
    while (true) {
      BeanstalkdConnection connection = takeIdle();
      if (connection == null) {
        break;
      }
      if (System.nanoTime() - connection.idleSinceNanos < CHECK_AFTER_IDLE_NANOS
          || !connection.closedByServer()) {
        return connection;
      }
      LOG.debug("{}: dropping an idle connection the server closed", description);
      discard(connection);
    }
    BeanstalkdConnection abandoned = takeAbandoned();
    if (abandoned != null) {
      return abandoned;
    }
    BeanstalkdConnection connection = BeanstalkdConnection.open(endpoint);
    lock.lock();
    try {
      if (closed) {
        connection.close();
        throw closedException();
      }
      all.add(connection);
      connection.poolState = PoolState.BORROWED;
      return connection;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a borrow: the connection becomes pinned if it holds reservations, idle otherwise. */
  void giveBack(BeanstalkdConnection connection) {
    if (connection.isBroken()) {
      discard(connection);
      return;
    }
    lock.lock();
    try {
      if (connection.poolState != PoolState.BORROWED) {
        return;
      }
      if (!connection.held().isEmpty()) {
        connection.poolState = PoolState.PINNED;
        pinned.add(connection);
      } else {
        makeIdle(connection);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} over a connection under its lock, for the holders of its reservations; a
   * connection the work left broken is discarded.
   */
  void runLocked(BeanstalkdConnection connection, Runnable work) {
    connection.lock().lock();
    try {
      work.run();
    } finally {
      unlock(connection);
    }
  }

  /**
   * Unlocks a connection a holder locked; one its work left broken is discarded (after the unlock:
   * lock order).
   */
  void unlock(BeanstalkdConnection connection) {
    connection.lock().unlock();
    if (connection.isBroken()) {
      discard(connection);
    }
  }

  /** Forgets a finished reservation; its connection becomes idle when it held no other. */
  void end(Reservation reservation) {
    BeanstalkdConnection connection = reservation.connection;
    leases.end(reservation);
    lock.lock();
    try {
      if (connection.poolState == PoolState.PINNED && connection.held().isEmpty()) {
        pinned.remove(connection);
        makeIdle(connection);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes a connection that failed; its reservations end (the server makes the jobs ready), and
   * idle connections are dropped too, since a failure usually means the server went away.
   */
  void discard(BeanstalkdConnection connection) {
    List<BeanstalkdConnection> stale;
    lock.lock();
    try {
      connection.poolState = PoolState.CLOSED;
      all.remove(connection);
      pinned.remove(connection);
      idle.remove(connection);
      stale = new ArrayList<>(idle);
      idle.clear();
      all.removeAll(stale);
      stale.forEach(c -> c.poolState = PoolState.CLOSED);
    } finally {
      lock.unlock();
    }
    connection.close();
    leases.endAll(connection);
    stale.forEach(BeanstalkdConnection::close);
  }

  /** Open connections: idle, pinned and borrowed. */
  int size() {
    lock.lock();
    try {
      return all.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes every connection, borrowed ones too, so that blocked reserves return at once. A
   * connection that holds reservations is closed only after their TTR, by the watchdog: closing it
   * earlier would make beanstalkd release those jobs at once, and a queue's close leaves jobs as
   * they are (a job still reserved comes back after its TTR, as on every backend).
   */
  @Override
  public void close() {
    List<BeanstalkdConnection> now = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      for (BeanstalkdConnection connection : all) {
        (connection.poolState == PoolState.PINNED ? lingering : now).add(connection);
        connection.poolState = PoolState.CLOSED;
      }
      all.clear();
      idle.clear();
      pinned.clear();
      if (lingering.isEmpty()) {
        watchdog.shutdown();
      }
    } finally {
      lock.unlock();
    }
    now.forEach(BeanstalkdConnection::close);
    leases.forgetAll();
  }

  JobQueueClosedException closedException() {
    return new JobQueueClosedException(
        "queue " + description + " is closed; open a new one with JobQueues.open");
  }

  /**
   * Nudges connections whose reservations passed their TTR, and closes lingering connections once
   * their reservations are surely over. beanstalkd 1.12 sometimes drops an idle connection from its
   * timeout schedule, so a job whose holder stays silent is never made ready again (reproduced here
   * with a plain socket; beanstalkd issues #262, #334); any command on that connection makes the
   * server look again and time the job out. The nudge is {@code list-tube-used}, which changes
   * nothing.
   */
  private void watchOverdue() {
    List<BeanstalkdConnection> holding;
    lock.lock();
    try {
      holding = new ArrayList<>(pinned);
      holding.addAll(lingering);
    } finally {
      lock.unlock();
    }
    long now = System.nanoTime();
    for (BeanstalkdConnection connection : holding) {
      List<Reservation> overdue =
          connection.held().values().stream().filter(r -> r.overdue(now)).toList();
      if (!overdue.isEmpty() && connection.lock().tryLock()) {
        try {
          connection.call(Request.of("list-tube-used"));
          overdue.forEach(Reservation::nudged);
        } catch (RuntimeException e) {
          LOG.debug(
              "{}: nudging a connection that holds overdue reservations failed: {}",
              description,
              e.getMessage());
        } finally {
          connection.lock().unlock();
        }
      }
      if (connection.isBroken()) {
        discard(connection);
      }
    }
    lock.lock();
    try {
      lingering.removeIf(connection -> {
        boolean over =
            connection.isBroken()
                || connection.held().values().stream().allMatch(r -> r.expired(now));
        if (over) {
          connection.close();
        }
        return over;
      });
      if (closed && lingering.isEmpty()) {
        watchdog.shutdown();
      }
    } finally {
      lock.unlock();
    }
  }

  private BeanstalkdConnection takeIdle() {
    lock.lock();
    try {
      if (closed) {
        throw closedException();
      }
      BeanstalkdConnection connection = idle.pollFirst();
      if (connection != null) {
        connection.poolState = PoolState.BORROWED;
      }
      return connection;
    } finally {
      lock.unlock();
    }
  }

  private BeanstalkdConnection takeAbandoned() {
    lock.lock();
    try {
      long now = System.nanoTime();
      for (BeanstalkdConnection connection : pinned) {
        if (!connection.lock().tryLock()) {
          continue;
        }
        try {
          if (connection.held().values().stream().allMatch(r -> r.expired(now))) {
            LOG.debug(
                "{}: reusing a connection whose {} reservation(s) passed their TTR unfinished",
                description,
                connection.held().size());
            leases.endAll(connection);
            pinned.remove(connection);
            connection.poolState = PoolState.BORROWED;
            return connection;
          }
        } finally {
          connection.lock().unlock();
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void makeIdle(BeanstalkdConnection connection) {
    if (closed || idle.size() >= endpoint.maxIdleConnections()) {
      connection.poolState = PoolState.CLOSED;
      all.remove(connection);
      connection.close();
      return;
    }
    connection.poolState = PoolState.IDLE;
    connection.idleSinceNanos = System.nanoTime();
    idle.addFirst(connection);
  }
}
