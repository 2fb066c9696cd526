package io.jobqueue.schedule.spi;

import io.jobqueue.JobOptions;
import io.jobqueue.JobState;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The queue as a tick's claim sees it: what a {@link ScheduleStore} hands to the claim's work. A
 * SQL store whose jobs live in the same database does all of it in the claim's transaction; for
 * another queue, {@link QueueTickJobs} goes through the {@code JobQueue} API.
 */
public interface TickJobs {

  /**
   * The job of the schedule's most recent enqueued tick, if there was one (for the overlap policy;
   * asked at most once per claim, and only when the schedule's policy needs it).
   */
  OptionalLong lastJobId();

  /** The state of this job, empty when it is gone (deleted, or never existed). */
  Optional<JobState> state(long jobId);

  /** Deletes this job if it is ready or delayed (nobody started it); returns whether it did. */
  boolean deleteUnstarted(long jobId);

  /** Adds the tick's job and returns its id. */
  long add(String pipeline, byte[] payload, JobOptions options);
}
