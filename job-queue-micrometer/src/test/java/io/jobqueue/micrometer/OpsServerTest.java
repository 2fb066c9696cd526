package io.jobqueue.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the operations endpoints listen: the loopback interface unless told otherwise. */
class OpsServerTest {

  @TempDir Path dir;

  @Test
  void listensOnLoopbackOnlyByDefault() throws Exception {
    try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"));
        OpsServer server = OpsServer.start(0, () -> "scraped\n", () -> null, queue)) {
      assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(server.describe()).isEqualTo("127.0.0.1:" + server.port());
      assertThat(get(server.port(), "/metrics")).isEqualTo("scraped\n");
    }
  }

  @Test
  void listensOnEveryInterfaceWhenAskedTo() throws Exception {
    try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"));
        OpsServer server =
            OpsServer.start(
                OpsServer.address("0.0.0.0", 0), () -> "scraped\n", () -> null, queue)) {
      assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
      assertThat(get(server.port(), "/metrics")).isEqualTo("scraped\n");
    }
  }

  @Test
  void refusesAPortOutOfRangeAndAHostThatDoesNotResolve() throws Exception {
    assertThatThrownBy(() -> OpsServer.address("127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics port must be 0 (any free port) to 65535, was 70000");
    try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"))) {
      // .invalid never resolves (RFC 6761; the testkit answers it locally)
      assertThatThrownBy(() ->
              OpsServer.start(OpsServer.address("metrics.invalid", 0), () -> "", () -> null, queue))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("metrics.invalid")
          .hasMessageContaining("0.0.0.0 for every interface");
    }
  }

  private static String get(int port, String path) throws Exception {
    // java.base's client: the tests are compiled into the module, which does not read java.net.http
    HttpURLConnection connection =
        (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
    try (var body = connection.getInputStream()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
