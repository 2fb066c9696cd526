package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.spi.JobQueueProvider;
import java.util.List;

/**
 * Opens {@link BeanstalkdJobQueue} for URLs {@code beanstalk://host[:port]} (default port 11300);
 * found by {@link io.jobqueue.JobQueues#open} through {@link java.util.ServiceLoader}.
 */
public final class BeanstalkdJobQueueProvider implements JobQueueProvider {

  @Override
  public List<String> urlPrefixes() {
    return List.of(Endpoint.SCHEME + "://");
  }

  @Override
  public JobQueue open(JobQueueConfig config) {
    return new BeanstalkdJobQueue(config);
  }
}
