package io.jobqueue;

/**
 * No job with the given id exists (it was deleted or never added), or it is not in the pipeline
 * named.
 */
public class JobNotFoundException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public JobNotFoundException(String message) {
    super(message);
  }

  public JobNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
