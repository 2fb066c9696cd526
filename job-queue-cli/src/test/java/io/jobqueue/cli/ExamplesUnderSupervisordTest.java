package io.jobqueue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The any-language examples as shipped: job-queue-cli/examples/supervisord.conf runs the Python and
 * the shell worker, one program per pipeline, under a real supervisord; jobs go through them, and
 * {@code supervisorctl stop all} ends every worker with status 0.
 */
class ExamplesUnderSupervisordTest {

  private static final Path EXAMPLES = Path.of("examples");

  @TempDir Path dir;

  private Process supervisord;

  @AfterEach
  void stopSupervisord() throws InterruptedException {
    if (supervisord != null && supervisord.isAlive()) {
      supervisord.destroy();
      if (!supervisord.waitFor(60, TimeUnit.SECONDS)) {
        supervisord.destroyForcibly();
      }
    }
  }

  @Test
  void thePythonAndShellWorkersHandleTheirPipelinesAndStopCleanly() throws Exception {
    for (String file : List.of("supervisord.conf", "send_email.py", "word_count.sh")) {
      Files.copy(EXAMPLES.resolve(file), dir.resolve(file));
    }
    Files.createDirectories(dir.resolve("logs"));
    String url = "jdbc:sqlite:" + dir.resolve("jobs.db");
    try (JobQueue queue = JobQueues.open(url)) {
      Pipeline emails = queue.selectPipeline("emails");
      Pipeline words = queue.selectPipeline("word_count");
      long sent = emails.addText("{\"to\":\"ada@example.com\",\"subject\":\"Welcome\"}");
      long busy =
          emails.addText(
              "{\"to\":\"bob@example.com\",\"subject\":\"Later\",\"server_busy_until_attempt\":2}");
      long notJson = emails.addText("hello?");
      long counted = words.addText("one two three");
      long empty = words.addText("   ");

      ProcessBuilder builder =
          new ProcessBuilder("supervisord", "-c", dir.resolve("supervisord.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("supervisord.out").toFile());
      builder.environment().put("JOBQUEUE", launcher().toString());
      builder.environment().put("JOBQUEUE_URL", url);
      supervisord = builder.start();

      await("every job handled")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() ->
              queue.peek(sent).isEmpty()
                  && queue.peek(busy).isEmpty()
                  && queue.peek(counted).isEmpty()
                  && buried(queue, notJson)
                  && buried(queue, empty));
      assertThat(queue.peek(notJson).orElseThrow().buryReason())
          .contains("exited with 65", "not an email");
      assertThat(queue.peek(empty).orElseThrow().buryReason()).contains("empty text");
      assertThat(logs("emails_"))
          .contains(
              "sent 'Welcome' to ada@example.com (attempt 1)",
              "sent 'Later' to bob@example.com (attempt 2)",
              "mail server busy on attempt 1");
      assertThat(logs("word_count_")).contains("in word_count: 3 words");

      String stop = supervisorctl("stop", "all");
      assertThat(stop)
          .contains(
              "emails:emails_00: stopped",
              "emails:emails_01: stopped",
              "word_count:word_count_00: stopped");
      String log = Files.readString(dir.resolve("logs/supervisord.log"));
      assertThat(log)
          .contains(
              "stopped: emails_00 (exit status 0)",
              "stopped: emails_01 (exit status 0)",
              "stopped: word_count_00 (exit status 0)");
    }
  }

  /** What JOBQUEUE names in the shipped config: here the command on this test's class path. */
  private Path launcher() throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path script = dir.resolve("jobqueue");
    Files.writeString(
        script,
        "#!/bin/sh\nexec '"
            + java
            + "' -Dlogback.configurationFile=logback.xml -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + JobQueueCli.class.getName()
            + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static boolean buried(JobQueue queue, long id) {
    return queue.peek(id).map(Job::state).filter(JobState.BURIED::equals).isPresent();
  }

  private String logs(String prefix) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }

  private String supervisorctl(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("supervisorctl", "-c", dir.resolve("supervisord.conf").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(120, TimeUnit.SECONDS);
    return out;
  }
}
