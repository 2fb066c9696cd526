package io.jobqueue.beanstalkd;

/**
 * A delete waiting for the lock of the connection that holds its job. Whoever takes that lock first
 * sends every delete waiting then in one write, so concurrent deletes of jobs reserved in one batch
 * share their round trips instead of queueing for them. The outcome is written and read under the
 * connection's lock.
 */
final class PendingDelete {

  final Reservation reservation;
  private boolean done;
  private boolean deleted;
  private RuntimeException failure;

  PendingDelete(Reservation reservation) {
    this.reservation = reservation;
  }

  boolean done() {
    return done;
  }

  /** The server answered: {@code deleted}, or the caller no longer held the job. */
  void finish(boolean deleted) {
    this.done = true;
    this.deleted = deleted;
  }

  /** The write that carried this delete failed: the job is as the broken connection left it. */
  void fail(RuntimeException failure) {
    this.done = true;
    this.failure = failure;
  }

  /** Whether the job was deleted; throws the failure of the write that carried the delete. */
  boolean deleted() {
    if (failure != null) {
      throw failure;
    }
    return deleted;
  }
}
