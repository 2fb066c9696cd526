package io.jobqueue.beanstalkd;

import io.jobqueue.Job;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leases of one queue. Every reservation a reserve hands out gets a new lease token, which its
 * {@link Job} carries; a held job's command finds by that token the {@link Reservation}, and
 * through it the connection that holds the job. A lease is current from {@link #hold} until its
 * reservation ends (deleted, released, buried, not held any more, or its connection lost); a stale
 * lease finds nothing, so a caller that lost its job cannot act on it.
 *
 * <p>Tokens start at a random value, so a lease of an earlier queue (or another process) is
 * unlikely to match one of this queue's.
 */
final class Leases {

  private final AtomicLong last = new AtomicLong(new SecureRandom().nextLong());
  private final Map<Long, Reservation> byLease = new ConcurrentHashMap<>();

  /** A new lease token, never 0 (a job that no one reserved carries 0). */
  long next() {
    long lease;
    do {
      lease = last.incrementAndGet();
    } while (lease == 0);
    return lease;
  }

  /** Records a reservation made over its connection, which the caller has locked. */
  void hold(Reservation reservation) {
    Reservation replaced = reservation.connection.held().put(reservation.jobId, reservation);
    if (replaced != null) {
      // the same connection reserved the job again after its TTR ran out: the old lease is stale
      byLease.remove(replaced.lease, replaced);
    }
    byLease.put(reservation.lease, reservation);
  }

  /** The reservation the job's lease stands for, or null when it ended or is another job's. */
  Reservation find(Job job) {
    Reservation reservation = byLease.get(job.lease());
    return reservation == null || reservation.jobId != job.id() ? null : reservation;
  }

  /**
   * Whether the reservation is still the one its connection holds for its job. Ask under the
   * connection's lock: a reservation found earlier may have ended since.
   */
  static boolean current(Reservation reservation) {
    return reservation.connection.held().get(reservation.jobId) == reservation;
  }

  /** Forgets a finished reservation. */
  void end(Reservation reservation) {
    reservation.connection.held().remove(reservation.jobId, reservation);
    byLease.remove(reservation.lease, reservation);
  }

  /** Forgets every reservation of a connection that is closed or whose reservations all ran out. */
  void endAll(BeanstalkdConnection connection) {
    for (Reservation reservation : connection.held().values()) {
      byLease.remove(reservation.lease, reservation);
    }
    connection.held().clear();
  }

  /**
   * Makes every lease stale: the queue is closed. The connections keep their reservations, so that
   * the pool closes one that holds jobs only after their TTR.
   */
  void forgetAll() {
    byLease.clear();
  }
}
