package io.jobqueue;

/** The queue was used after {@link JobQueue#close()}. */
public class JobQueueClosedException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public JobQueueClosedException(String message) {
    super(message);
  }

  public JobQueueClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
