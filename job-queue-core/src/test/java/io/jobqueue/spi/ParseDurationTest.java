package io.jobqueue.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Checks#parseDuration}: the durations the programs read from command lines. */
class ParseDurationTest {

  @Test
  void readsTheShortFormsAndIso8601() {
    assertThat(Checks.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Checks.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Checks.parseDuration(" 2m ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Checks.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Checks.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void anythingElseIsRefusedNamingTheFormsAllowed() {
    for (String text : new String[] {"", "5", "5 s", "-5s", "1d", "soon"}) {
      assertThatThrownBy(() -> Checks.parseDuration(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + text + "' is not a duration; write e.g. 250ms, 5s, 2m, 1h or PT5S");
    }
  }
}
