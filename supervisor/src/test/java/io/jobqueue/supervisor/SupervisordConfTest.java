package io.jobqueue.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** supervisord.conf gives every program the time its workers' stop may take. */
class SupervisordConfTest {

  /** What a JVM may take to end after its last action, on a loaded machine. */
  static final Duration JVM_EXIT_ALLOWANCE = Duration.ofSeconds(2);

  private static final Pattern SECONDS = Pattern.compile("(\\d+)s");
  private static final Path CONF = Path.of(System.getProperty("jobqueue.supervisord.conf"));

  @TempDir Path dir;

  @Test
  void stopwaitsecsIsAboveEachProgramsStopDeadlinePlusTheJvmsExit() throws Exception {
    Map<String, Map<String, String>> programs = SupervisordConf.read(CONF).programs();
    assertThat(programs).isNotEmpty();
    String text = Files.readString(CONF);
    int workers = 0;
    try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"))) {
      for (Map.Entry<String, Map<String, String>> program : programs.entrySet()) {
        String command = program.getValue().get("command");
        if (!command.contains(" worker ")) {
          continue; // the schedulers hold no jobs and stop at once; only workers have a stop
          // deadline
        }
        workers++;
        Duration soft = timeout(command, "--soft-stop");
        Duration hard = timeout(command, "--hard-stop");
        Duration deadline =
            Worker.builder(queue)
                .handler("p", context -> {})
                .softStopTimeout(soft)
                .hardStopTimeout(hard)
                .build()
                .stopDeadline();
        long stopwaitsecs = Long.parseLong(program.getValue().get("stopwaitsecs"));

        assertThat(Duration.ofSeconds(stopwaitsecs))
            .as(
                "[program:%s] stopwaitsecs: its workers' stop deadline %s"
                    + " (soft %s + hard %s + margin) + %s for the JVM to exit",
                program.getKey(), deadline, soft, hard, JVM_EXIT_ALLOWANCE)
            .isGreaterThanOrEqualTo(deadline.plus(JVM_EXIT_ALLOWANCE));
        // the comment at the top of the file shows the sum for the programs' timeouts
        assertThat(text)
            .contains(
                String.format(
                    "%d + %d + %d + %d = %d",
                    soft.toSeconds(),
                    hard.toSeconds(),
                    Worker.STOP_MARGIN.toSeconds(),
                    JVM_EXIT_ALLOWANCE.toSeconds(),
                    stopwaitsecs))
            .contains("\"stop deadline " + deadline.toMillis() + " ms\"");
      }
    }
    assertThat(workers).as("worker programs in %s", CONF).isPositive();
  }

  /** A stop timeout the command sets; the conf states them so that stopwaitsecs can be checked. */
  private static Duration timeout(String command, String option) {
    String value =
        SupervisordConf.option(command, option)
            .orElseThrow(
                () -> new AssertionError("the command should set " + option + ": " + command));
    Matcher seconds = SECONDS.matcher(value);
    assertThat(seconds.matches())
        .as("%s %s, in whole seconds like stopwaitsecs", option, value)
        .isTrue();
    return Duration.ofSeconds(Long.parseLong(seconds.group(1)));
  }
}
