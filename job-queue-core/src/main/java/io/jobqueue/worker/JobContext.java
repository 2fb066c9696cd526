package io.jobqueue.worker;

import io.jobqueue.Job;
import java.time.Duration;

/**
 * The job a {@link JobHandler} is working on, and what the handler may decide about it instead of
 * the worker's default (delete on return, retry or bury on exception). After {@link #release} or
 * {@link #bury} the worker leaves the job alone when the handler returns; deciding twice throws
 * {@link IllegalStateException}.
 */
public interface JobContext {

  /** The reserved job; {@link Job#attempts()} is 1 on the first attempt. */
  Job job();

  /**
   * Gives the job back now, to be reserved again after {@code delay}, with its priority unchanged.
   * The attempt does not count as a failure for the retry policy, but the next reservation still
   * raises {@link Job#attempts()}.
   */
  void release(Duration delay);

  /** Gives the job back now with a new priority, to be reserved again after {@code delay}. */
  void release(long priority, Duration delay);

  /**
   * Puts the job aside now, until someone kicks it; {@code reason} is kept where the backend can.
   */
  void bury(String reason);

  /**
   * Extends the reservation by one TTR now. Rarely needed: the worker touches jobs that run for
   * half their TTR by itself.
   */
  void touch();

  /**
   * Whether the worker is stopping; a long handler may finish early or {@link #release} its job.
   */
  boolean stopRequested();
}
