package io.jobqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.spi.Checks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

  @Test
  void defaultsAreBeanstalkds() {
    assertThat(JobOptions.DEFAULT.priority()).isEqualTo(1024);
    assertThat(JobOptions.DEFAULT.delay()).isZero();
    assertThat(JobOptions.DEFAULT.ttr()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void withersChangeOneSetting() {
    JobOptions options =
        JobOptions.DEFAULT
            .withPriority(0)
            .withDelay(Duration.ofSeconds(5))
            .withTtr(Duration.ofSeconds(2));
    assertThat(options).isEqualTo(new JobOptions(0, Duration.ofSeconds(5), Duration.ofSeconds(2)));
  }

  @Test
  void priorityMustFitBeanstalkdsRange() {
    assertThat(JobOptions.DEFAULT.withPriority(JobOptions.MAX_PRIORITY).priority())
        .isEqualTo(4_294_967_295L);
    assertThatThrownBy(() -> JobOptions.DEFAULT.withPriority(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority must be between 0 (most urgent) and 4294967295, was -1");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withPriority(1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delayMustNotBeNegative() {
    assertThatThrownBy(() -> JobOptions.DEFAULT.withDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay must be zero or positive");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withDelay(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aDurationCheckNamesItsSetting() {
    assertThatThrownBy(() -> Checks.duration("pause duration", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pause duration must be zero or positive, was PT-1S");
    assertThatThrownBy(
            () -> Checks.duration("pause duration", JobOptions.MAX_DURATION.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pause duration must be at most 4294967295 seconds");
    assertThatThrownBy(() -> Checks.duration("pause duration", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("pause duration must not be null");
  }

  @Test
  void ttrMustBeAtLeastOneSecond() {
    assertThatThrownBy(() -> JobOptions.DEFAULT.withTtr(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttr must be at least 1 second");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withTtr(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
