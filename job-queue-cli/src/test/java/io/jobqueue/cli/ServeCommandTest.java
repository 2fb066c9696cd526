package io.jobqueue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobqueue serve}: its token rules, and a real process that serves and stops on SIGTERM. */
class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void refusesToStartWithoutAnAdminTokenOrWithAnEmptyTokenFile() throws Exception {
    assumeTrue(System.getenv("JOBQUEUE_TOKEN") == null, "JOBQUEUE_TOKEN is set here");
    String url = "jdbc:sqlite:" + dir.resolve("jobs.db");
    Cli.Result none = Cli.runRaw(new byte[0], "--url", url, "serve", "--port", "0");
    assertThat(none.status()).as(none.toString()).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(none.err()).contains("no admin token: give --token-file or set JOBQUEUE_TOKEN");

    Path empty = Files.writeString(dir.resolve("token"), "\n");
    Cli.Result blank =
        Cli.runRaw(
            new byte[0], "--url", url, "serve", "--port", "0", "--token-file", empty.toString());
    assertThat(blank.status()).as(blank.toString()).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(blank.err()).contains("is empty");
  }

  @Test
  void servesTheApiUntilSigtermThenExits0() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "serve-test-token\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process serve =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    JobQueueCli.class.getName(),
                    "--url",
                    "jdbc:sqlite:" + dir.resolve("jobs.db"),
                    "serve",
                    "--port",
                    String.valueOf(port),
                    "--token-file",
                    token.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve.log").toFile())
            .start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest health =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
              .header("Authorization", "Bearer serve-test-token")
              .build();
      await("jobqueue serve answers /health")
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(
              () -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(30, TimeUnit.SECONDS))
          .as("stopped on SIGTERM; log:%n%s", Files.readString(dir.resolve("serve.log")))
          .isTrue();
      assertThat(serve.exitValue()).isZero();
    } finally {
      serve.destroyForcibly();
    }
  }
}
