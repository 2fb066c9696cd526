package io.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutageTest {

  @Test
  void backoffDoublesFromTheFirstPauseUpToTheCap() {
    assertThat(Outage.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(Outage.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(Outage.backoff(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(Outage.backoff(7)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Outage.backoff(1_000_000)).isEqualTo(Duration.ofSeconds(5));
  }
}
