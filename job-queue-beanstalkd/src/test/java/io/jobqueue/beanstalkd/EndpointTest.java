package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  @Test
  void hostPortAndDefaults() {
    Endpoint endpoint = Endpoint.from(JobQueueConfig.of("beanstalk://127.0.0.1"));
    assertThat(endpoint.host()).isEqualTo("127.0.0.1");
    assertThat(endpoint.port()).isEqualTo(11300);
    assertThat(endpoint.connectTimeout()).isEqualTo(Endpoint.DEFAULT_CONNECT_TIMEOUT);
    assertThat(endpoint.readTimeout()).isEqualTo(Endpoint.DEFAULT_READ_TIMEOUT);
    assertThat(endpoint.maxIdleConnections()).isEqualTo(Endpoint.DEFAULT_MAX_IDLE_CONNECTIONS);
    assertThat(Endpoint.from(JobQueueConfig.of("beanstalk://localhost:11399/")).port())
        .isEqualTo(11399);
  }

  @Test
  void settingsFromProperties() {
    Endpoint endpoint =
        Endpoint.from(
            JobQueueConfig.builder("beanstalk://127.0.0.1:11301")
                .property("connectTimeout", "250")
                .property("readTimeout", "PT3S")
                .property("maxIdleConnections", "0")
                .build());
    assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(endpoint.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(endpoint.maxIdleConnections()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "beanstalk://",
        "beanstalk://host:port",
        "beanstalkd://127.0.0.1",
        "beanstalk://h/tube",
        "beanstalk://h?x=1",
        "beanstalk://user:pw@h"
      })
  void badUrlsAreRejectedSayingWhatIsExpected(String url) {
    assertThatThrownBy(() -> Endpoint.from(JobQueueConfig.of(url)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beanstalk://host[:port]");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "beanstalk://127.0.0.1:abc     | port 'abc' is not a number from 1 to 65535",
        "beanstalk://127.0.0.1:99999   | port '99999' is not a number from 1 to 65535",
        "beanstalk://127.0.0.1:0       | port '0' is not a number from 1 to 65535",
        "beanstalk://127.0.0.1:1234567 | port '1234567' is not a number from 1 to 65535",
        "beanstalk://bad_host:11300    | 'bad_host' is not a host name or address"
      })
  void aMalformedHostOrPortIsNamed(String url, String problem) {
    assertThatThrownBy(() -> JobQueues.open(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid beanstalkd URL '"
                + url
                + "': "
                + problem
                + "; expected beanstalk://host[:port] (default port 11300)");
  }

  /** {@code .invalid} never resolves, and the testkit's resolver answers it without DNS. */
  @Test
  void anUnknownHostSaysItCouldNotBeResolved() {
    assertThatThrownBy(() -> JobQueues.open("beanstalk://nohost.invalid:11300"))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage(
            "cannot connect to beanstalkd at beanstalk://nohost.invalid:11300: the host name 'nohost.invalid'"
                + " could not be resolved to an address; check the host in the URL");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "connectTimeout=-5",
        "connectTimeout=0",
        "readTimeout=soon",
        "maxIdleConnections=-1",
        "maxIdleConnections=many"
      })
  void badSettingsAreRejectedNamingTheSetting(String setting) {
    String[] parts = setting.split("=");
    JobQueueConfig config =
        JobQueueConfig.builder("beanstalk://127.0.0.1").property(parts[0], parts[1]).build();
    assertThatThrownBy(() -> Endpoint.from(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(parts[0])
        .hasMessageContaining(parts[1]);
  }

  @Test
  void jobQueuesFindsTheBackendByUrl() {
    try (BeanstalkdServer server = BeanstalkdServer.start();
        JobQueue queue = JobQueues.open(server.url())) {
      assertThat(queue).isInstanceOf(BeanstalkdJobQueue.class);
      assertThat(((BeanstalkdJobQueue) queue).description()).isEqualTo(server.url());
    }
  }
}
