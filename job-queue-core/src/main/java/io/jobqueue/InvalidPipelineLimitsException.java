package io.jobqueue;

/** {@link PipelineLimits} out of their bounds; the message says which value and what is allowed. */
public class InvalidPipelineLimitsException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  public InvalidPipelineLimitsException(String message) {
    super(message);
  }
}
