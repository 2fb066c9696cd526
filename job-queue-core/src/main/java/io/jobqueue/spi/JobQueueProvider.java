package io.jobqueue.spi;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import java.util.List;

/**
 * A backend that {@link io.jobqueue.JobQueues#open} can find by URL. Implementations are listed in
 * {@code META-INF/services/io.jobqueue.spi.JobQueueProvider} and usually return a subclass of
 * {@link AbstractJobQueue}, which gives every backend the same argument checks.
 */
public interface JobQueueProvider {

  /** The URL beginnings this backend accepts, for error messages, e.g. {@code beanstalk://}. */
  List<String> urlPrefixes();

  /** Whether this backend handles the URL. */
  default boolean accepts(String url) {
    return urlPrefixes().stream().anyMatch(url::startsWith);
  }

  /** Opens a queue on the backend the configuration names. */
  JobQueue open(JobQueueConfig config);
}
