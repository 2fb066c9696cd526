package io.jobqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.spi.Checks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"emails", "a", "A-Z+/;.$_()09", "reports.daily", "x-"})
  void acceptsBeanstalkdTubeNames(String name) {
    assertThat(Checks.pipelineName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-leading-dash",
        "with space",
        "star*",
        "ünïcode",
        "semi:colon",
        "quote'",
        "new\nline"
      })
  void rejectsOtherCharacters(String name) {
    assertThatThrownBy(() -> Checks.pipelineName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use only A-Z a-z 0-9 - + / ; . $ _ ( ) and do not start with '-'");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 201})
  void rejectsLengthsOutside1To200(int length) {
    assertThatThrownBy(() -> Checks.pipelineName("a".repeat(length)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline name must be 1 to 200 characters, was " + length);
  }

  @Test
  void acceptsExactly200AndRejectsNull() {
    assertThat(Checks.pipelineName("b".repeat(200))).hasSize(200);
    assertThatThrownBy(() -> Checks.pipelineName(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
