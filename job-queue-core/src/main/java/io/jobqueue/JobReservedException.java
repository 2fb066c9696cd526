package io.jobqueue;

/**
 * A job could not be deleted by id because a worker holds it reserved and may still finish it.
 * Nothing was changed; {@link JobQueue#forceDeleteJob} deletes it anyway.
 */
public class JobReservedException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public JobReservedException(String message) {
    super(message);
  }
}
