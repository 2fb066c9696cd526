package io.jobqueue.beanstalkd;

import static io.jobqueue.beanstalkd.BeanstalkdConnection.PIPELINE_CHUNK;

import io.jobqueue.Job;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes of held jobs, grouped by the connection that holds them: one write carries the deletes of
 * many jobs, so the jobs of one reserved batch cost one round trip to delete rather than one each.
 * A single delete waits for the holding connection's lock as a {@link PendingDelete}, and whoever
 * takes the lock sends every delete waiting then.
 *
 * <p>A reservation {@linkplain Reservation#surelyHeld surely held} is deleted at once; a later one
 * is touched first, in the same write, and deleted in a second write only where the touch confirmed
 * that the connection still holds it (see {@link BeanstalkdJobQueue} on fencing).
 */
final class GroupedDeletes {

  private final ConnectionPool pool;
  private final Leases leases;

  GroupedDeletes(ConnectionPool pool, Leases leases) {
    this.pool = pool;
    this.leases = leases;
  }

  /**
   * Deletes one held job, in the same write as the other deletes waiting for its connection;
   * returns false when the connection no longer held it.
   *
   * @throws io.jobqueue.BackendUnavailableException when the write that carried the delete failed
   */
  boolean delete(Reservation reservation) {
    BeanstalkdConnection connection = reservation.connection;
    PendingDelete delete = new PendingDelete(reservation);
    connection.pendingDeletes().add(delete);
    pool.runLocked(
        connection,
        () -> {
          if (!delete.done()) {
            sendPendingDeletes(connection);
          }
        });
    return delete.deleted();
  }

  /**
   * Deletes the jobs, one write (or two, see above) per holding connection; returns the ids no
   * longer held.
   */
  List<Long> deleteAll(List<Job> jobs) {
    Map<BeanstalkdConnection, List<Job>> byConnection = new LinkedHashMap<>();
    List<Long> notHeld = new ArrayList<>();
    for (Job job : jobs) {
      Reservation reservation = leases.find(job);
      if (reservation == null) {
        notHeld.add(job.id());
      } else {
        byConnection.computeIfAbsent(reservation.connection, c -> new ArrayList<>()).add(job);
      }
    }
    byConnection.forEach((connection, held) -> notHeld.addAll(deleteCurrent(connection, held)));
    return notHeld;
  }

  /** Deletes jobs held over one connection, under its lock; returns the ids it no longer held. */
  private List<Long> deleteCurrent(BeanstalkdConnection connection, List<Job> jobs) {
    List<Long> notHeld = new ArrayList<>();
    pool.runLocked(
        connection,
        () -> {
          List<Reservation> current = new ArrayList<>();
          for (Job job : jobs) {
            Reservation reservation = leases.find(job);
            if (reservation != null && Leases.current(reservation)) {
              current.add(reservation);
            } else {
              notHeld.add(job.id());
            }
          }
          notHeld.addAll(deleteHeldInChunks(connection, current));
        });
    return notHeld;
  }

  /**
   * Sends every delete waiting for {@code connection}, which the caller has locked, and records
   * their outcomes.
   */
  private void sendPendingDeletes(BeanstalkdConnection connection) {
    List<PendingDelete> deletes = new ArrayList<>();
    for (PendingDelete delete = connection.pendingDeletes().poll();
        delete != null;
        delete = connection.pendingDeletes().poll()) {
      deletes.add(delete);
    }
    Set<Reservation> current = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PendingDelete delete : deletes) {
      // a job deleted twice at once: only the first delete can succeed
      if (!Leases.current(delete.reservation) || !current.add(delete.reservation)) {
        delete.finish(false);
      }
    }
    try {
      Set<Long> notHeld = new HashSet<>(deleteHeldInChunks(connection, List.copyOf(current)));
      for (PendingDelete delete : deletes) {
        if (!delete.done()) {
          delete.finish(!notHeld.contains(delete.reservation.jobId));
        }
      }
    } catch (RuntimeException e) {
      for (PendingDelete delete : deletes) {
        if (!delete.done()) {
          delete.fail(e);
        }
      }
    }
  }

  private List<Long> deleteHeldInChunks(
      BeanstalkdConnection connection, List<Reservation> reservations) {
    List<Long> notHeld = new ArrayList<>();
    for (int start = 0; start < reservations.size(); start += PIPELINE_CHUNK) {
      int end = Math.min(reservations.size(), start + PIPELINE_CHUNK);
      notHeld.addAll(deleteHeld(connection, reservations.subList(start, end)));
    }
    return notHeld;
  }

  /**
   * Deletes reservations of {@code connection}, which the caller has locked, and ends them; returns
   * the ids the server no longer held for it. Those surely held are deleted at once, the others
   * touched first in the same write and deleted in a second one where the touch confirmed them.
   */
  private List<Long> deleteHeld(BeanstalkdConnection connection, List<Reservation> reservations) {
    long now = System.nanoTime();
    List<Reservation> sure = new ArrayList<>();
    List<Reservation> unsure = new ArrayList<>();
    for (Reservation reservation : reservations) {
      (reservation.surelyHeld(now) ? sure : unsure).add(reservation);
    }
    List<Request> requests = new ArrayList<>(deletes(sure));
    unsure.forEach(r -> requests.add(Request.of("touch " + r.jobId)));
    List<Reply> replies = connection.call(requests);
    List<Long> notHeld = new ArrayList<>();
    for (int i = 0; i < sure.size(); i++) {
      deleted(connection, sure.get(i), replies.get(i), notHeld);
    }
    List<Reservation> touched = new ArrayList<>();
    for (int i = 0; i < unsure.size(); i++) {
      Reservation reservation = unsure.get(i);
      Reply reply = replies.get(sure.size() + i);
      if (ServerErrors.expect(reply, connection, deleting(reservation), "TOUCHED", "NOT_FOUND")
          .is("TOUCHED")) {
        touched.add(reservation);
      } else {
        pool.end(reservation);
        notHeld.add(reservation.jobId);
      }
    }
    if (!touched.isEmpty()) {
      List<Reply> deleted = connection.call(deletes(touched));
      for (int i = 0; i < touched.size(); i++) {
        deleted(connection, touched.get(i), deleted.get(i), notHeld);
      }
    }
    return notHeld;
  }

  /**
   * Ends a reservation after the answer to its delete; adds its id to {@code notHeld} when the
   * server had none.
   */
  private void deleted(
      BeanstalkdConnection connection, Reservation reservation, Reply reply, List<Long> notHeld) {
    pool.end(reservation);
    if (ServerErrors.expect(reply, connection, deleting(reservation), "DELETED", "NOT_FOUND")
        .is("NOT_FOUND")) {
      notHeld.add(reservation.jobId);
    }
  }

  private static List<Request> deletes(List<Reservation> reservations) {
    return reservations.stream().map(r -> Request.of("delete " + r.jobId)).toList();
  }

  private static String deleting(Reservation reservation) {
    return "delete job " + reservation.jobId + " in pipeline '" + reservation.pipeline + "'";
  }
}
