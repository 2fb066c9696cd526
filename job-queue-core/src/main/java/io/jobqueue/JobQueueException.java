package io.jobqueue;

/** The root of every exception a queue throws for a failure of its own; unchecked. */
public class JobQueueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobQueueException(String message) {
    super(message);
  }

  public JobQueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
