package io.jobqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.spi.Jobs;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JobTest {

  @Test
  void noOneButABackendMakesAJob() {
    assertThat(Job.class.getConstructors()).isEmpty();
    assertThat(
            Arrays.stream(Job.class.getDeclaredConstructors())
                .allMatch(c -> Modifier.isPrivate(c.getModifiers())))
        .isTrue();
    assertThatThrownBy(() -> Jobs.install(fields -> null, job -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only Job installs it");
  }

  @Test
  void aBackendMakesJobsThroughTheSpi() {
    byte[] payload = "{\"to\":\"ada\"}".getBytes(StandardCharsets.UTF_8);
    Job job =
        Jobs.create(
            new Jobs.Fields(
                7,
                "emails",
                payload,
                10,
                JobState.RESERVED,
                Duration.ofSeconds(30),
                Instant.EPOCH,
                2,
                1,
                0,
                0,
                0,
                2,
                99,
                null));
    assertThat(job.id()).isEqualTo(7);
    assertThat(job.attempts()).isEqualTo(2);
    assertThat(job.lease()).isEqualTo(99);
    assertThat(job.payloadText()).isEqualTo("{\"to\":\"ada\"}");
    assertThat(Jobs.withLease(job, 100).lease()).isEqualTo(100);
    assertThat(Jobs.withLease(job, 100).payload()).isSameAs(payload);
  }

  @Test
  void attemptsCountSinceTheLastKickWhereTheBackendKnows() {
    Job kicked =
        Jobs.create(
            new Jobs.Fields(
                7,
                "emails",
                new byte[0],
                10,
                JobState.RESERVED,
                Duration.ofSeconds(30),
                Instant.EPOCH,
                4,
                2,
                0,
                1,
                1,
                1,
                99,
                null));
    assertThat(kicked.reserves()).isEqualTo(4);
    assertThat(kicked.attempts()).isEqualTo(1);
    assertThat(Jobs.withLease(kicked, 100).attempts()).isEqualTo(1);
  }

  @Test
  void eachWayInComesBackOutItsOwnWay() {
    assertThat(text(NewJob.text("hello"))).isEqualTo("hello");
    assertThat(text(NewJob.json("hello"))).isEqualTo("\"hello\"");
    assertThat(job(NewJob.json("hello")).payloadJson(String.class)).isEqualTo("hello");
    assertThat(job(NewJob.json(new Point(1, 2))).payloadJson(Point.class))
        .isEqualTo(new Point(1, 2));
    assertThat(job(NewJob.of(new byte[] {0, (byte) 0xff})).payload()).containsExactly(0, 0xff);
    assertThatThrownBy(() -> job(NewJob.text("hello")).payloadJson(String.class))
        .isInstanceOf(JobQueueException.class)
        .hasMessageContaining("JSON");
  }

  record Point(int x, int y) {}

  private static String text(NewJob newJob) {
    return job(newJob).payloadText();
  }

  private static Job job(NewJob newJob) {
    return Jobs.create(
        new Jobs.Fields(
            1,
            "p",
            newJob.payload(),
            1024,
            JobState.READY,
            Duration.ofSeconds(60),
            Instant.EPOCH,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null));
  }
}
