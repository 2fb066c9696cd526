package io.jobqueue.http;

/**
 * A request refused by the API itself (not by the queue): its status and the {@code error} code of
 * the body.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
