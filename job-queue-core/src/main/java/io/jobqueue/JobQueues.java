package io.jobqueue;

import io.jobqueue.spi.Checks;
import io.jobqueue.spi.JobQueueProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens a {@link JobQueue} by URL, through whichever backend on the class path accepts it ({@link
 * JobQueueProvider}, found with {@link ServiceLoader}):
 *
 * <pre>{@code
 * JobQueues.open("jdbc:sqlite:jobs.db");
 * JobQueues.open("jdbc:postgresql://127.0.0.1:5432/test?user=root");
 * JobQueues.open("jdbc:mysql://root@127.0.0.1:3306/test");
 * JobQueues.open("beanstalk://127.0.0.1:11300");
 * }</pre>
 */
public final class JobQueues {

  private JobQueues() {}

  /** Opens the queue at this URL with default settings. */
  public static JobQueue open(String url) {
    return open(JobQueueConfig.of(url));
  }

  /**
   * Opens the queue described by this configuration.
   *
   * @throws IllegalArgumentException when no backend on the class path accepts the URL, or the
   *     backend finds it or a setting malformed; the message says what is wrong and what is allowed
   * @throws BackendUnavailableException when the backend cannot be reached (down, or its host name
   *     does not resolve)
   */
  public static JobQueue open(JobQueueConfig config) {
    List<String> known = new ArrayList<>();
    for (JobQueueProvider provider :
        ServiceLoader.load(JobQueueProvider.class, JobQueues.class.getClassLoader())) {
      if (provider.accepts(config.url())) {
        return provider.open(config);
      }
      known.addAll(provider.urlPrefixes());
    }
    throw new IllegalArgumentException(
        "no backend accepts the URL '"
            + Checks.redact(config.url())
            + "'; URLs start with one of "
            + known
            + " (is the backend's jar, e.g. job-queue-jdbc, on the class path?)");
  }
}
