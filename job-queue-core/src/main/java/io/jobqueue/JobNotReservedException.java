package io.jobqueue;

/** The caller no longer holds the job's reservation: its TTR ran out (and maybe another worker took it), or it was already deleted, released or buried. Nothing was changed. */
public class JobNotReservedException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public JobNotReservedException(String message) {
    super(message);
  }

  public JobNotReservedException(String message, Throwable cause) {
    super(message, cause);
  }
}
