package io.jobqueue;

/** How a job kept in the {@linkplain JobRecord history} ended. */
public enum JobOutcome {
  /** Its handler succeeded and it was deleted. */
  FINISHED,
  /** It was buried (its last attempt failed, or its handler asked). */
  BURIED
}
