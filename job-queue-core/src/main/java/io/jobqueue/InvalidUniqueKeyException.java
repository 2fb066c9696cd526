package io.jobqueue;

/** A {@link UniqueKey} broke a rule (blank, too long, bad window); nothing was added. */
public class InvalidUniqueKeyException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public InvalidUniqueKeyException(String message) {
    super(message);
  }
}
