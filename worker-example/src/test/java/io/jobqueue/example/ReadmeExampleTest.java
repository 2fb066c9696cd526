package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.io.IOException;
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

  private static final Path SOURCE = Path.of("src/main/java/io/jobqueue/example/EmailWorker.java");
  private static final String START = "// README-EXAMPLE-START\n";
  private static final String END = "// README-EXAMPLE-END\n";

  @TempDir Path dir;

  @Test
  void theReadmeShowsTheExampleAsItIsCompiledAndRun() throws IOException {
    String source = Files.readString(SOURCE);
    int start = source.indexOf(START);
    int end = source.indexOf(END);
    assertThat(start)
        .as("%s has the markers %s and %s", SOURCE, START.strip(), END.strip())
        .isNotNegative()
        .isLessThan(end);
    List<String> compiled = source.substring(start + START.length(), end).lines().toList();
    List<String> blocks = Readme.codeBlocks("Example", "java");
    assertThat(blocks).as("java blocks under README.md's '## Example'").hasSize(1);
    List<String> shown = blocks.getFirst().lines().toList();

    for (int i = 0; i < Math.max(shown.size(), compiled.size()); i++) {
      String readme = i < shown.size() ? shown.get(i) : "(end of block)";
      String example = i < compiled.size() ? compiled.get(i) : "(end marker)";
      assertThat(readme)
          .as(
              "line %d of README.md's example differs from %s between its markers:%n  README.md:   %s%n"
                  + "  %s: %s%nThe README shows the example the build runs: update whichever of the two is behind",
              i + 1, SOURCE.getFileName(), readme, SOURCE.getFileName(), example)
          .isEqualTo(example);
    }
  }

  /**
   * As a user runs it: in a directory of its own (its jobs.db is a new file there), stopped with
   * SIGTERM.
   */
  @Test
  void theExampleHandlesItsJobsAndDeletesThem() throws Exception {
    Path output = dir.resolve("example.out");
    Process example =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                EmailWorker.class.getName())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
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
