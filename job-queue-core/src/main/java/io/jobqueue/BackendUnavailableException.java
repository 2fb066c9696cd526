package io.jobqueue;

/**
 * The backend could not be reached or failed to answer; the operation may be retried once it is
 * back.
 */
public class BackendUnavailableException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
