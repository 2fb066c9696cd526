package io.jobqueue.schedule.spi;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.UnsupportedByBackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@link TickJobs} through the {@link JobQueue} API, for a store that does not share the queue's
 * transaction (beanstalkd, whose schedules live in a SQL database). A job added here exists as soon
 * as {@link #add} returns, before the store commits the claim; a store that fails to commit calls
 * {@link #undo()}, which deletes those jobs again.
 */
public final class QueueTickJobs implements TickJobs {

  private final JobQueue queue;
  private final Supplier<OptionalLong> lastJobId;
  private final List<Long> added = new ArrayList<>();

  /**
   * @param queue the queue the ticks' jobs go to
   * @param lastJobId reads the job of the schedule's most recent enqueued tick from the store's
   *     records
   */
  public QueueTickJobs(JobQueue queue, Supplier<OptionalLong> lastJobId) {
    this.queue = queue;
    this.lastJobId = lastJobId;
  }

  @Override
  public OptionalLong lastJobId() {
    return lastJobId.get();
  }

  @Override
  public Optional<JobState> state(long jobId) {
    return queue.peek(jobId).map(Job::state);
  }

  /**
   * Needs a queue that implements {@link UnstartedJobs}.
   *
   * @throws UnsupportedByBackendException when the queue cannot delete a job nobody holds
   */
  @Override
  public boolean deleteUnstarted(long jobId) {
    if (!(queue instanceof UnstartedJobs unstarted)) {
      throw new UnsupportedByBackendException(
          "the queue "
              + queue
              + " cannot delete a job nobody holds, which OverlapPolicy.REPLACE needs");
    }
    return unstarted.deleteUnstarted(jobId);
  }

  @Override
  public long add(String pipeline, byte[] payload, JobOptions options) {
    long id = queue.selectPipeline(pipeline).addJob(payload, options);
    added.add(id);
    return id;
  }

  /**
   * Deletes the jobs added here, for a claim that was not committed; returns the ids it could not
   * delete.
   */
  public List<Long> undo() {
    List<Long> left = new ArrayList<>();
    for (long id : added) {
      try {
        if (!deleteUnstarted(id)) {
          left.add(id);
        }
      } catch (RuntimeException e) {
        left.add(id);
      }
    }
    return left;
  }
}
