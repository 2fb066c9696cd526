package io.jobqueue;

/**
 * The backend cannot do what was asked (for example, beanstalkd cannot list buried jobs beyond
 * the first). It extends {@link UnsupportedOperationException}, as Java's collections do for
 * optional operations. Nothing was changed.
 */
public class UnsupportedByBackendException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  public UnsupportedByBackendException(String message) {
    super(message);
  }
}
