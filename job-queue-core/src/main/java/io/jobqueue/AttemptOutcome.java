package io.jobqueue;

/** How one attempt at a job ended, as the worker that ran it saw it. */
public enum AttemptOutcome {
  /** The handler returned and the job was deleted. */
  SUCCEEDED,
  /** The handler threw and the job was released to be tried again. */
  FAILED,
  /** The handler asked for the job to be released. */
  RELEASED,
  /** The job was buried: its last attempt failed, or the handler asked. */
  BURIED
}
