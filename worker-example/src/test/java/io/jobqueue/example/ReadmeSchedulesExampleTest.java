package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.ScheduleStats;
import io.jobqueue.schedule.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Schedules" example is {@link NightlyReportSchedule}'s text, and it runs: the
 * schedule is stored with its next tick at 02:00 in Berlin, and SIGTERM stops it with status 0.
 */
class ReadmeSchedulesExampleTest {

  @TempDir Path dir;

  @Test
  void theReadmeShowsTheExampleAsItIsCompiledAndRun() {
    Readme.assertShowsExample(
        "Schedules", Path.of("src/main/java/io/jobqueue/example/NightlyReportSchedule.java"));
  }

  @Test
  void theExampleDeclaresItsScheduleAndStopsOnSigterm() throws Exception {
    Path output = dir.resolve("example.out");
    Process example = Readme.run(NightlyReportSchedule.class, dir, output);
    try {
      Path jobs = dir.resolve("jobs.db");
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(jobs));
      try (JdbcJobQueue queue = JdbcJobQueue.open(JobQueueConfig.of("jdbc:sqlite:" + jobs));
          JdbcScheduleStore store = JdbcScheduleStore.of(queue);
          Scheduler reader = Scheduler.builder().queue(queue).store(store).build()) {
        ScheduleStats nightly =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> reader.stats("nightly-report"), Optional::isPresent)
                .orElseThrow();
        Instant next = nightly.nextTick().orElseThrow();
        ZonedDateTime berlin = next.atZone(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.toLocalTime()).isEqualTo(LocalTime.of(2, 0));
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));
        assertThat(nightly.schedule().pipeline()).isEqualTo("generate_report");
      }

      example.destroy(); // SIGTERM

      assertThat(example.waitFor(60, TimeUnit.SECONDS))
          .as("the example exits after SIGTERM")
          .isTrue();
      String text = Files.readString(output);
      assertThat(example.exitValue()).as("exit status after SIGTERM; output:%n%s", text).isZero();
      assertThat(text).contains("stopped").doesNotContain("WARN").doesNotContain("ERROR");
    } finally {
      example.destroyForcibly();
    }
  }
}
