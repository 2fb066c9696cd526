package io.jobqueue;

/**
 * The backend cannot do what was asked (for example, beanstalkd cannot list buried jobs beyond the
 * first). Nothing was changed. Like every failure of a queue, it is a {@link JobQueueException}.
 */
public class UnsupportedByBackendException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public UnsupportedByBackendException(String message) {
    super(message);
  }
}
