package io.jobqueue.jdbc;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.spi.JobQueueProvider;
import java.util.List;

/**
 * Finds the JDBC backend for {@link io.jobqueue.JobQueues#open}: {@code jdbc:postgresql:}, {@code
 * jdbc:mysql:}, {@code jdbc:mariadb:} (through Connector/J) and {@code jdbc:sqlite:} URLs. The
 * settings are described on {@link JdbcJobQueue}.
 */
public final class JdbcJobQueueProvider implements JobQueueProvider {

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:", "jdbc:sqlite:");
  }

  @Override
  public JobQueue open(JobQueueConfig config) {
    return JdbcJobQueue.open(config);
  }
}
