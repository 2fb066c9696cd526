package io.jobqueue;

import java.util.Collection;
import java.util.List;

/**
 * The caller no longer holds the job's reservation: its TTR ran out (and maybe another worker took
 * it), or it was already deleted, released or buried. Nothing was changed.
 */
public class JobNotReservedException extends JobQueueException {
  private static final long serialVersionUID = 1L;

  private final List<Long> jobIds;

  public JobNotReservedException(String message) {
    this(message, List.of());
  }

  public JobNotReservedException(String message, Throwable cause) {
    super(message, cause);
    this.jobIds = List.of();
  }

  /** For an operation on several jobs: {@code jobIds} are those the caller no longer held. */
  public JobNotReservedException(String message, Collection<Long> jobIds) {
    super(message);
    this.jobIds = List.copyOf(jobIds);
  }

  /**
   * The ids of the jobs whose reservation the caller no longer held, when the backend says which;
   * empty when it does not. After {@link JobQueue#delete(Collection)} every other job was deleted.
   */
  public List<Long> jobIds() {
    return jobIds;
  }
}
