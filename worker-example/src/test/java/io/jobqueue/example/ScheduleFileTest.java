package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.schedule.OverlapPolicy;
import io.jobqueue.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample schedule file the supervisord programs use stays readable; a bad entry is named. */
class ScheduleFileTest {

  @TempDir Path dir;

  @Test
  void theSampleFileHasValidSchedulesForTheExamplePipelines() {
    List<Schedule> schedules = ScheduleFile.read(Path.of("..", "supervisor", "schedules.json"));
    assertThat(schedules).isNotEmpty();
    assertThat(schedules).extracting(Schedule::pipeline).allMatch(Examples.names()::contains);
    assertThat(schedules)
        .extracting(Schedule::overlap)
        .contains(OverlapPolicy.FORBID, OverlapPolicy.REPLACE);
  }

  @Test
  void aBadEntryIsRejectedNamingTheEntryAndTheRule() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.json"),
            "[{\"name\": \"a\", \"cron\": \"@daily\", \"pipeline\": \"p\"}, {\"name\": \"b\", \"cron\": \"61 * * * *\","
                + " \"pipeline\": \"p\"}]");
    assertThatThrownBy(() -> ScheduleFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schedule 2 in " + file)
        .hasMessageContaining("the minute field '61' is invalid");
    Path unknown =
        Files.writeString(
            dir.resolve("unknown.json"), "[{\"name\": \"a\", \"crontab\": \"@daily\"}]");
    assertThatThrownBy(() -> ScheduleFile.read(unknown))
        .hasMessageContaining("unknown field 'crontab'");
  }
}
