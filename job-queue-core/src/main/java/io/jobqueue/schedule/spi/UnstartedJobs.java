package io.jobqueue.schedule.spi;

/**
 * Implemented by a {@link io.jobqueue.JobQueue} that can delete a job nobody holds, which the
 * scheduler needs for {@link io.jobqueue.schedule.OverlapPolicy#REPLACE} and to take back a job
 * whose claim failed when the queue does not share the store's transaction.
 */
public interface UnstartedJobs {

  /**
   * Deletes this job if it is ready or delayed; returns false when it is reserved, buried or gone.
   */
  boolean deleteUnstarted(long jobId);
}
