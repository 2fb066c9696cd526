package io.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy noJitter =
      RetryPolicy.builder()
          .initialDelay(Duration.ofSeconds(1))
          .multiplier(2)
          .maxDelay(Duration.ofSeconds(30))
          .jitter(0)
          .maxAttempts(4)
          .build();

  @Test
  void defaultsAreTheDocumentedConstants() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    assertThat(policy.maxAttempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS).isEqualTo(10);
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.multiplier()).isEqualTo(2.0);
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(policy.jitter()).isEqualTo(0.2);
  }

  @Test
  void delayGrowsExponentiallyFromTheInitialDelay() {
    assertThat(noJitter.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(noJitter.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(noJitter.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(noJitter.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
  }

  @Test
  void delayIsCappedAtMaxDelayEvenForHugeAttemptNumbers() {
    assertThat(noJitter.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(noJitter.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryPolicy.DEFAULT.delayAfter(Integer.MAX_VALUE))
        .isLessThanOrEqualTo(Duration.ofHours(1));
  }

  @Test
  void jitterSpreadsDelaysWithinTheFractionAndNeverAboveMaxDelay() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .initialDelay(Duration.ofSeconds(10))
            .jitter(0.25)
            .maxDelay(Duration.ofSeconds(40))
            .build();
    Random random = new Random(42);
    long distinct =
        java.util.stream.IntStream.range(0, 1000)
            .mapToObj(i -> policy.delayAfter(2, random))
            .peek(d -> assertThat(d).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(25)))
            .distinct()
            .count();
    assertThat(distinct).as("jitter gives different delays").isGreaterThan(100);
    for (int i = 0; i < 1000; i++) {
      assertThat(policy.delayAfter(3, random))
          .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(40));
    }
  }

  @Test
  void retriesUntilTheLastAttempt() {
    assertThat(noJitter.retries(1)).isTrue();
    assertThat(noJitter.retries(3)).isTrue();
    assertThat(noJitter.retries(4)).isFalse();
    assertThat(noJitter.retries(5)).isFalse();
    assertThat(RetryPolicy.builder().maxAttempts(1).build().retries(1)).isFalse();
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts must be at least 1");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(() ->
            RetryPolicy.builder()
                .initialDelay(Duration.ofMinutes(2))
                .maxDelay(Duration.ofMinutes(1))
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay must be at least");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter must be between 0 and 1");
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(Duration.ofDays(100_000)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay must be at most");
    assertThatThrownBy(() -> noJitter.delayAfter(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt must be at least 1");
  }

  @Test
  void buryReasonCarriesExceptionClassAndMessage() {
    assertThat(RunningJob.reason(new IllegalStateException("smtp said 421")))
        .isEqualTo("java.lang.IllegalStateException: smtp said 421");
    assertThat(RunningJob.reason(new RuntimeException("x".repeat(5000))))
        .hasSize(1000)
        .endsWith("…");
  }
}
