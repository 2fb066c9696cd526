package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;

/**
 * The backend under test, as a backend module's test subclass describes it: a name for reports, how
 * to open it (also from a child JVM, so by configuration, not by object), and what it can do.
 *
 * @param name short name for reports, e.g. {@code postgres}
 * @param config how {@link JobQueues#open(JobQueueConfig)} reaches the backend
 * @param capabilities what the backend can do beyond the common contract
 */
public record TestBackend(String name, JobQueueConfig config, Capabilities capabilities) {

  /** Opens a new queue on this backend. */
  public JobQueue open() {
    return JobQueues.open(config);
  }
}
