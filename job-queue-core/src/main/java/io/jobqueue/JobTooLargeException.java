package io.jobqueue;

/**
 * The payload is larger than the queue accepts (see the message for the limit). Nothing was stored.
 */
public class JobTooLargeException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public JobTooLargeException(String message) {
    super(message);
  }

  public JobTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
