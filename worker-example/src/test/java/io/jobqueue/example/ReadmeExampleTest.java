package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example is {@link EmailWorker}'s text, and it runs: its jobs are handled and
 * deleted.
 */
class ReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void theReadmeShowsTheExampleAsItIsCompiledAndRun() {
    Readme.assertShowsExample(
        "Example", Path.of("src/main/java/io/jobqueue/example/EmailWorker.java"));
  }

  /**
   * As a user runs it: in a directory of its own (its jobs.db is a new file there), stopped with
   * SIGTERM.
   */
  @Test
  void theExampleHandlesItsJobsAndDeletesThem() throws Exception {
    Path output = dir.resolve("example.out");
    Process example = Readme.run(EmailWorker.class, dir, output);
    try {
      List<String> sent =
          List.of("sent 'Welcome' to ada@example.com", "sent 'Your invoice' to alan@example.com");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> sent.stream().allMatch(Files.readString(output)::contains));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "the example did not send both emails; its output:\n" + Files.readString(output), e);
      }
      try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"))) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> queue.selectPipeline("send_important_emails").stats().total() == 0);
      }

      example.destroy(); // SIGTERM, as supervisord stops a program

      assertThat(example.waitFor(60, TimeUnit.SECONDS))
          .as("the example exits after SIGTERM")
          .isTrue();
      String text = Files.readString(output);
      assertThat(example.exitValue()).as("exit status after SIGTERM; output:%n%s", text).isZero();
      assertThat(text).contains("stopped after").doesNotContain("WARN").doesNotContain("ERROR");
      sent.forEach(line -> assertThat(text).containsOnlyOnce(line));
    } finally {
      example.destroyForcibly();
    }
  }
}
