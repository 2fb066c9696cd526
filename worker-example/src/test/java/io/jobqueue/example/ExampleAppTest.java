package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example program as users run it: its exit statuses, its error lines, its demo. */
class ExampleAppTest {

  /** What a JVM may take to end after its last action, on a loaded machine. */
  private static final Duration JVM_EXIT_ALLOWANCE = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void theDemoDrainsBothPipelinesAndPrintsConsistentFigures() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        ExampleApp.run(
            new String[] {"demo"}, new PrintWriter(out, true), new PrintWriter(err, true));

    String text = out.toString();
    assertThat(status).as(err.toString()).isZero();
    assertThat(text)
        .startsWith("jobqueue demo on jdbc:sqlite:")
        .contains("added 200 jobs to send_important_emails and 80 jobs to generate_report")
        .contains("started 4 workers: 2 on each pipeline")
        .containsPattern("progress: \\d+/280 finished")
        .containsPattern("drained 280 jobs in [\\d.]+ s");
    long done = 0;
    long buried = 0;
    for (String pipeline : List.of("send_important_emails", "generate_report")) {
      Matcher row =
          Pattern.compile("(?m)^" + pipeline + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$")
              .matcher(text);
      assertThat(row.find()).as(text).isTrue();
      long pipelineBuried = Long.parseLong(row.group(4));
      assertThat(Long.parseLong(row.group(2)) + pipelineBuried)
          .as("%s: every job done or buried", pipeline)
          .isEqualTo(Long.parseLong(row.group(1)));
      if (pipelineBuried > 0) {
        assertThat(text).containsPattern("buried job \\d+ of " + pipeline + " after 3 attempts: ");
      }
      done += Long.parseLong(row.group(2));
      buried += pipelineBuried;
    }
    assertThat(text)
        .containsPattern("(?m)^total\\s+280\\s+" + done + "\\s+\\d+\\s+" + buried + "$");
  }

  @Test
  void aUrlNoBackendAcceptsGivesOneErrorLineAndStatus2() throws Exception {
    Run run =
        java("worker", "--url", "mongodb://127.0.0.1/jobs", "--pipeline", "send_important_emails");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.errors).hasSize(1);
    assertThat(run.errors.getFirst())
        .startsWith("error: no backend accepts the URL 'mongodb://127.0.0.1/jobs'");
  }

  @Test
  void anUnreachableBackendGivesTheProducerOneErrorLineAndStatus2() throws Exception {
    Run run =
        java(
            "produce",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/test?user=root",
            "--pipeline",
            "send_important_emails");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.errors).as("output: %s", run.errors).hasSize(1);
    assertThat(run.errors.getFirst()).startsWith("error: ").contains("127.0.0.1:1");
  }

  @Test
  void missingSettingsGiveOneErrorLineAndStatus2() throws Exception {
    Run noUrl = java("worker", "--pipeline", "send_important_emails");
    assertThat(noUrl.status).isEqualTo(2);
    assertThat(noUrl.errors)
        .containsExactly(
            "error: no backend URL: give --url or set JOBQUEUE_URL, e.g. jdbc:sqlite:jobs.db");

    Run unknownHandler =
        java("worker", "--url", "jdbc:sqlite:" + dir.resolve("jobs.db"), "--pipeline", "invoices");
    assertThat(unknownHandler.status).isEqualTo(2);
    assertThat(unknownHandler.errors).hasSize(1);
    assertThat(unknownHandler.errors.getFirst()).contains("no example handler named 'invoices'");

    Run badNumber = java("worker", "--concurrency", "many");
    assertThat(badNumber.status).isEqualTo(2);
    assertThat(badNumber.errors).hasSize(1);
  }

  /**
   * The worker waits for a backend that does not answer, so these come back only if checked before
   * connecting.
   */
  @Test
  void badWorkerArgumentsAreRejectedBeforeConnecting() throws Exception {
    String nobody = "beanstalk://127.0.0.1:" + freePort();

    Run badName = java("worker", "--url", nobody, "--pipeline", "-emails");
    assertThat(badName.status).isEqualTo(2);
    assertThat(badName.errors)
        .containsExactly(
            "error: pipeline name '-emails' is invalid: use only"
                + " A-Z a-z 0-9 - + / ; . $ _ ( ) and do not start with '-'");

    Run noConcurrency =
        java(
            "worker", "--url", nobody, "--pipeline", "send_important_emails", "--concurrency", "0");
    assertThat(noConcurrency.status).isEqualTo(2);
    assertThat(noConcurrency.errors)
        .containsExactly("error: --concurrency must be at least 1, was 0");
  }

  @Test
  void helpPrintsNoWarningAndVersionPrintsTheVersion() throws Exception {
    Run help = java("worker", "--help");
    assertThat(help.status).isZero();
    assertThat(help.errors).isEmpty();
    assertThat(help.output).contains("±50%", "--max-pending-deletes").doesNotContain("WARN");

    Run version = java("--version");
    assertThat(version.status).isZero();
    assertThat(version.output)
        .startsWith("job-queue-worker-example ")
        .contains("Java " + Runtime.version());
  }

  @Test
  void aWorkerStartedBeforeItsBackendWaitsForItWithOneLinePerAttempt() throws Exception {
    int port = freePort();
    Path output = dir.resolve("worker.out");
    Process worker =
        command(
                "worker",
                "--url",
                "beanstalk://127.0.0.1:" + port,
                "--pipeline",
                "send_important_emails")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    Process beanstalkd = null;
    try {
      await("two attempts logged")
          .atMost(Duration.ofSeconds(60))
          .until(() ->
              count(output, "attempt \\d+ to reach the backend failed, trying again in") >= 2);
      beanstalkd =
          new ProcessBuilder("beanstalkd", "-l", "127.0.0.1", "-p", String.valueOf(port)).start();

      await("the worker started")
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(output, "started on pipelines \\[send_important_emails\\]") == 1);
      assertThat(worker.isAlive()).isTrue();
      assertThat(Files.readString(output))
          .containsPattern("backend beanstalk://127.0.0.1:\\d+ answers, after \\d+ attempts");
      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(worker.exitValue()).as(Files.readString(output)).isZero();
    } finally {
      worker.destroyForcibly();
      if (beanstalkd != null) {
        beanstalkd.destroyForcibly();
      }
    }
  }

  /**
   * The worst case of a stop: handlers that hold jobs while the backend stops answering. The
   * program ends by the worker's stop deadline all the same (2 s of timeouts + STOP_MARGIN here).
   */
  @Test
  void aStopEndsTheProgramByTheStopDeadlineWhenTheBackendHangs() throws Exception {
    int port = freePort();
    Process beanstalkd =
        new ProcessBuilder("beanstalkd", "-l", "127.0.0.1", "-p", String.valueOf(port)).start();
    Path output = dir.resolve("worker.out");
    Process worker = null;
    try {
      String url = "beanstalk://127.0.0.1:" + port;
      try (JobQueue queue = Backend.openWhenAvailable(url)) {
        ProduceCommand.add(
            queue.selectPipeline("send_important_emails"),
            Examples.SEND_IMPORTANT_EMAILS,
            10,
            JobOptions.DEFAULT,
            10);
      }
      ProcessBuilder builder =
          command(
              "worker",
              "--url",
              url,
              "--pipeline",
              "send_important_emails",
              "--job-duration",
              "60s",
              "--soft-stop",
              "1s",
              "--hard-stop",
              "1s");
      builder.environment().put("JOBQUEUE_LOG_LEVEL", "DEBUG");
      worker = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
      await("jobs held")
          .atMost(Duration.ofSeconds(60))
          .until(() ->
              count(output, "reserved, attempt 1") > 0
                  && count(output, "stop deadline \\d+ ms") > 0);
      Matcher deadline =
          Pattern.compile("stop deadline (\\d+) ms").matcher(Files.readString(output));
      assertThat(deadline.find()).isTrue();

      signal(beanstalkd, "STOP"); // the backend stops answering, its connections stay open
      long stopped = System.nanoTime();
      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - stopped);

      assertThat(took)
          .as(Files.readString(output))
          .isLessThan(
              Duration.ofMillis(Long.parseLong(deadline.group(1))).plus(JVM_EXIT_ALLOWANCE));
      if (worker.exitValue() != 0) {
        assertThat(worker.exitValue()).isEqualTo(1);
        assertThat(Files.readString(output)).contains("still stopping at its stop deadline");
      }
    } finally {
      if (worker != null) {
        worker.destroyForcibly();
      }
      signal(beanstalkd, "CONT");
      beanstalkd.destroyForcibly();
    }
  }

  @Test
  void aWorkerStoppedWithSigtermFinishesItsJobsAndExitsWithStatus0() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("jobs.db");
    try (JobQueue queue = JobQueues.open(url)) {
      ProduceCommand.add(
          queue.selectPipeline("send_important_emails"),
          Examples.SEND_IMPORTANT_EMAILS,
          50,
          JobOptions.DEFAULT,
          50);
    }
    Path output = dir.resolve("worker.out");
    Process worker =
        command(
                "worker",
                "--url",
                url,
                "--pipeline",
                "send_important_emails",
                "--concurrency",
                "2",
                "--job-duration",
                "100ms",
                "--failure-rate",
                "0",
                "--record-dir",
                dir.resolve("ids").toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try (JobQueue queue = JobQueues.open(url)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> queue.selectPipeline("send_important_emails").stats().total() < 45);

      worker.destroy(); // SIGTERM

      assertThat(worker.waitFor()).as(Files.readString(output)).isZero();
      assertThat(Files.readString(output))
          .contains("SIGTERM received: stopping gracefully")
          .contains("exiting with status 0");
      assertThat(queue.selectPipeline("send_important_emails").stats().reserved()).isZero();
      long recorded;
      try (var files = Files.list(dir.resolve("ids"))) {
        recorded = files.mapToLong(f -> lines(f).size()).sum();
      }
      assertThat(recorded)
          .as("processed ids recorded = jobs gone from the queue")
          .isEqualTo(50 - queue.selectPipeline("send_important_emails").stats().total());
    } finally {
      worker.destroyForcibly();
    }
  }

  @Test
  void theWorkerServesMetricsAndHealthOnItsMetricsPort() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("jobs.db");
    try (JobQueue queue = JobQueues.open(url)) {
      ProduceCommand.add(
          queue.selectPipeline("send_important_emails"),
          Examples.SEND_IMPORTANT_EMAILS,
          10,
          JobOptions.DEFAULT,
          10);
    }
    int port = freePort();
    Path output = dir.resolve("worker.out");
    Process worker =
        command(
                "worker",
                "--url",
                url,
                "--pipeline",
                "send_important_emails",
                "--job-duration",
                "10ms",
                "--failure-rate",
                "0",
                "--metrics-port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try (JobQueue queue = JobQueues.open(url);
        HttpClient http = HttpClient.newHttpClient()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> queue.selectPipeline("send_important_emails").stats().total() == 0);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              get(http, port, "/metrics")
                  .body()
                  .contains(
                      "jobqueue_jobs_deleted_total{pipeline=\"send_important_emails\"} 10.0"));
      assertThat(get(http, port, "/metrics").body())
          .contains("jobqueue_jobs{pipeline=\"send_important_emails\",state=\"ready\"} 0.0");
      assertThat(get(http, port, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(http, port, "/health/ready").statusCode()).isEqualTo(200);

      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor()).as(Files.readString(output)).isZero();
    } finally {
      worker.destroyForcibly();
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What a run printed: {@code errors} holds stderr's lines, {@code output} stdout's. */
  private record Run(int status, List<String> errors, String output) {}

  private Run java(String... args) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(dir, "out", ".txt");
    Path stderr = Files.createTempFile(dir, "err", ".txt");
    Process process =
        command(args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "still running after 60 s: " + List.of(args) + "; output: " + Files.readString(stdout));
    }
    int status = process.exitValue();
    Run run = new Run(status, Files.readAllLines(stderr), Files.readString(stdout));
    assertThat(run.output + String.join("\n", run.errors))
        .as("no stack trace")
        .doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    return run;
  }

  /** The example program in a JVM of its own, on this test's class path. */
  private static ProcessBuilder command(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ExampleApp.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("JOBQUEUE_"));
    return builder;
  }

  private static int count(Path file, String regex) {
    return (int) Pattern.compile(regex).matcher(String.join("\n", lines(file))).results().count();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void signal(Process process, String name)
      throws IOException, InterruptedException {
    assertThat(
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor())
        .isZero();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
