package io.jobqueue.beanstalkd;

import static io.jobqueue.beanstalkd.BeanstalkdConnection.PIPELINE_CHUNK;

import io.jobqueue.Job;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes of held jobs, grouped by the connection that holds them: one write carries the deletes of
 * many jobs, so the jobs of one reserved batch cost one round trip to delete rather than one each.
 * Jobs held over several connections have their deletes written to all of them before any answer is
 * read, so the round trips overlap rather than follow one another. A single delete waits for the
 * holding connection's lock as a {@link PendingDelete}, and whoever takes the lock sends every
 * delete waiting then.
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
   * Deletes the jobs: one write (or two, see above) per holding connection, all connections' writes
   * out before the first answer is read. Returns the ids no longer held.
   *
   * @throws RuntimeException the first connection's failure, after the other connections' deletes
   *     were done
   */
  List<Long> deleteAll(List<Job> jobs) {
    Map<BeanstalkdConnection, List<Reservation>> byConnection = new IdentityHashMap<>();
    List<Long> notHeld = new ArrayList<>();
    for (Job job : jobs) {
      Reservation reservation = leases.find(job);
      if (reservation == null) {
        notHeld.add(job.id());
      } else {
        byConnection
            .computeIfAbsent(reservation.connection, c -> new ArrayList<>())
            .add(reservation);
      }
    }
    // locked in one order by every caller, so two callers never wait for each other's locks
    List<BeanstalkdConnection> connections = new ArrayList<>(byConnection.keySet());
    connections.sort(Comparator.comparingLong(c -> c.number));
    List<BeanstalkdConnection> locked = new ArrayList<>(connections.size());
    try {
      for (BeanstalkdConnection connection : connections) {
        connection.lock().lock();
        locked.add(connection);
      }
      List<Batch> batches = new ArrayList<>(connections.size());
      for (BeanstalkdConnection connection : connections) {
        List<Reservation> current = new ArrayList<>();
        for (Reservation reservation : byConnection.get(connection)) {
          if (Leases.current(reservation)) {
            current.add(reservation);
          } else {
            notHeld.add(reservation.jobId);
          }
        }
        batches.add(new Batch(connection, current));
      }
      deleteHeld(batches);
      RuntimeException failure = null;
      for (Batch batch : batches) {
        notHeld.addAll(batch.notHeld);
        if (batch.failure != null && failure == null) {
          failure = batch.failure;
        } else if (batch.failure != null) {
          failure.addSuppressed(batch.failure);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return notHeld;
    } finally {
      locked.forEach(pool::unlock);
    }
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
    Batch batch = new Batch(connection, List.copyOf(current));
    deleteHeld(List.of(batch));
    Set<Long> notHeld = new HashSet<>(batch.notHeld);
    for (PendingDelete delete : deletes) {
      if (delete.done()) {
        continue;
      }
      if (notHeld.contains(delete.reservation.jobId)) {
        delete.finish(false);
      } else if (batch.failure != null) {
        delete.fail(batch.failure);
      } else {
        delete.finish(true);
      }
    }
  }

  /**
   * Deletes the reservations of every batch, whose connection the caller has locked, and ends them,
   * chunk by chunk: each chunk's commands go to every connection before any answer is read. Those
   * surely held are deleted at once, the others touched first in the same write and deleted in a
   * second one where the touch confirmed them.
   */
  private void deleteHeld(List<Batch> batches) {
    for (int start = 0; ; start += PIPELINE_CHUNK) {
      List<Batch> round = new ArrayList<>();
      for (Batch batch : batches) {
        if (batch.failure == null && batch.startChunk(start)) {
          round.add(batch);
        }
      }
      if (round.isEmpty()) {
        return;
      }
      round.forEach(Batch::sendFirst);
      round.forEach(Batch::readFirst);
      round.forEach(Batch::sendSecond);
      round.forEach(Batch::readSecond);
    }
  }

  private static String deleting(Reservation reservation) {
    return "delete job " + reservation.jobId + " in pipeline '" + reservation.pipeline + "'";
  }

  private static List<Request> deletes(List<Reservation> reservations) {
    List<Request> requests = new ArrayList<>(reservations.size());
    for (Reservation reservation : reservations) {
      requests.add(Request.of("delete " + reservation.jobId));
    }
    return requests;
  }

  /**
   * The deletes over one connection: the ids it no longer held, or the failure that ended its
   * connection (whose reservations the pool then ends; the server makes their jobs ready).
   */
  private final class Batch {

    final BeanstalkdConnection connection;
    final List<Reservation> reservations;
    final List<Long> notHeld = new ArrayList<>();
    RuntimeException failure;

    private final List<Reservation> sure = new ArrayList<>();
    private final List<Reservation> unsure = new ArrayList<>();
    private final List<Reservation> touched = new ArrayList<>();
    private List<Request> sent = List.of();

    Batch(BeanstalkdConnection connection, List<Reservation> reservations) {
      this.connection = connection;
      this.reservations = reservations;
    }

    /** Takes the chunk from {@code start}; false when there is none. */
    boolean startChunk(int start) {
      if (start >= reservations.size()) {
        return false;
      }
      sure.clear();
      unsure.clear();
      touched.clear();
      long now = System.nanoTime();
      for (Reservation r :
          reservations.subList(start, Math.min(reservations.size(), start + PIPELINE_CHUNK))) {
        (r.surelyHeld(now) ? sure : unsure).add(r);
      }
      return true;
    }

    void sendFirst() {
      List<Request> requests = deletes(sure);
      for (Reservation reservation : unsure) {
        requests.add(Request.of("touch " + reservation.jobId));
      }
      send(requests);
    }

    void readFirst() {
      read(replies -> {
        for (int i = 0; i < sure.size(); i++) {
          deleted(sure.get(i), replies.get(i));
        }
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
      });
    }

    void sendSecond() {
      if (failure == null) {
        send(deletes(touched));
      }
    }

    void readSecond() {
      read(replies -> {
        for (int i = 0; i < touched.size(); i++) {
          deleted(touched.get(i), replies.get(i));
        }
      });
    }

    private void send(List<Request> requests) {
      sent = requests;
      if (requests.isEmpty()) {
        return;
      }
      try {
        connection.send(requests);
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    /**
     * Reads the answers to what was sent last and hands them to {@code outcomes}, unless this batch
     * failed. A failure, or an error answer, ends this batch only: the other connections' answers
     * are still read.
     */
    private void read(Consumer<List<Reply>> outcomes) {
      if (failure != null) {
        return;
      }
      try {
        outcomes.accept(sent.isEmpty() ? List.of() : connection.receive(sent));
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    /**
     * Ends a reservation after the answer to its delete; adds its id to {@code notHeld} when the
     * server had none.
     */
    private void deleted(Reservation reservation, Reply reply) {
      pool.end(reservation);
      if (ServerErrors.expect(reply, connection, deleting(reservation), "DELETED", "NOT_FOUND")
          .is("NOT_FOUND")) {
        notHeld.add(reservation.jobId);
      }
    }
  }
}
