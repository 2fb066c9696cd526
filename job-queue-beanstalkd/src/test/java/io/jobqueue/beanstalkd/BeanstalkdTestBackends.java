package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.testkit.Capabilities;
import io.jobqueue.testkit.TestBackend;
import java.net.URI;

/**
 * The beanstalkd the shared suites run against: {@code JOBQUEUE_BEANSTALK_URL} (system property or
 * environment; default {@code beanstalk://127.0.0.1:11300}, which the project's services script
 * starts) when something listens there, otherwise a beanstalkd of this JVM's own.
 */
final class BeanstalkdTestBackends {

  /** What beanstalkd cannot do that the SQL backends can. */
  static final Capabilities CAPABILITIES =
      new Capabilities(false, false, true, false, false, false, false, false);

  private static final String URL_SETTING = "JOBQUEUE_BEANSTALK_URL";
  private static final String DEFAULT_URL = "beanstalk://127.0.0.1:11300";
  private static String url;

  private BeanstalkdTestBackends() {}

  static synchronized TestBackend shared() {
    if (url == null) {
      url = reachableOrOwn();
    }
    return new TestBackend("beanstalkd", JobQueueConfig.of(url), CAPABILITIES);
  }

  private static String reachableOrOwn() {
    String configured =
        System.getProperty(URL_SETTING, System.getenv().getOrDefault(URL_SETTING, DEFAULT_URL));
    URI uri = URI.create(configured);
    if (BeanstalkdServer.accepts(
        uri.getHost(), uri.getPort() == -1 ? Endpoint.DEFAULT_PORT : uri.getPort())) {
      return configured;
    }
    return BeanstalkdServer.start().url(); // stopped by its shutdown hook when the test JVM exits
  }
}
