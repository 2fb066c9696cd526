package io.jobqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.spi.Checks;
import org.junit.jupiter.api.Test;

class JobQueuesTest {

  @Test
  void unknownUrlNamesTheUrlAndTheHint() {
    assertThatThrownBy(() -> JobQueues.open("redis://127.0.0.1:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no backend accepts the URL 'redis://127.0.0.1:6379'")
        .hasMessageContaining("class path");
  }

  @Test
  void redactHidesPasswords() {
    assertThat(Checks.redact("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(Checks.redact("jdbc:mysql://root:secret@127.0.0.1:3306/test"))
        .isEqualTo("jdbc:mysql://root:***@127.0.0.1:3306/test");
    assertThat(Checks.redact("jdbc:sqlite:jobs.db")).isEqualTo("jdbc:sqlite:jobs.db");
  }
}
