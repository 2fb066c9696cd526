package io.jobqueue.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and the next execution, with the DST rule on real tzdb transitions (2026). */
class CronExpressionTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "*/15 * * * *        | 2026-01-01T10:07:00Z | 2026-01-01T10:15:00Z",
        "*/10 * * * * *      | 2026-01-01T10:07:03Z | 2026-01-01T10:07:10Z",
        "0 9 * * MON-FRI     | 2026-01-02T10:00:00Z | 2026-01-05T09:00:00Z",
        "0 0 1,15 * *        | 2026-01-02T00:00:00Z | 2026-01-15T00:00:00Z",
        "0 0 29 FEB *        | 2026-01-01T00:00:00Z | 2028-02-29T00:00:00Z",
        "0 0 13 * FRI        | 2026-01-01T00:00:00Z | 2026-01-02T00:00:00Z",
        "0 12 * * 7          | 2026-01-01T00:00:00Z | 2026-01-04T12:00:00Z",
        "@hourly             | 2026-01-01T10:00:00Z | 2026-01-01T11:00:00Z",
        "@daily              | 2026-01-01T10:00:00Z | 2026-01-02T00:00:00Z",
        "@weekly             | 2026-01-01T10:00:00Z | 2026-01-04T00:00:00Z",
        "@monthly            | 2026-01-01T10:00:00Z | 2026-02-01T00:00:00Z",
        "@yearly             | 2026-01-01T10:00:00Z | 2027-01-01T00:00:00Z",
      })
  void nextInUtc(String expression, String after, String next) {
    assertThat(CronExpression.parse(expression).next(Instant.parse(after), ZoneOffset.UTC))
        .contains(Instant.parse(next));
  }

  @Test
  void springForwardRunsOnceAtTheEndOfTheGap() {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00Z).
    CronExpression daily = CronExpression.parse("30 2 * * *");
    assertThat(daily.next(Instant.parse("2026-03-28T12:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-03-29T01:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-03-30T00:30:00Z"));
    CronExpression inGap = CronExpression.parse("*/15 2 * * *");
    assertThat(inGap.next(Instant.parse("2026-03-29T00:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(inGap.next(Instant.parse("2026-03-29T01:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-03-30T00:00:00Z"));
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00Z).
    assertThat(daily.next(Instant.parse("2026-03-07T12:00:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-03-08T07:00:00Z"));
  }

  @Test
  void fallBackRunsOnceAtTheFirstOccurrence() {
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:00-03:00 happens twice.
    CronExpression daily = CronExpression.parse("30 2 * * *");
    assertThat(daily.next(Instant.parse("2026-10-24T12:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(daily.next(Instant.parse("2026-10-25T00:30:00Z"), BERLIN))
        .contains(Instant.parse("2026-10-26T01:30:00Z"));
    CronExpression hourly = CronExpression.parse("0 * * * *");
    assertThat(hourly.next(Instant.parse("2026-10-25T00:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-10-25T02:00:00Z"));
    // From inside the second pass, the repeated times do not run again.
    assertThat(
            CronExpression.parse("*/15 * * * *")
                .next(Instant.parse("2026-10-25T01:10:00Z"), BERLIN))
        .contains(Instant.parse("2026-10-25T02:00:00Z"));
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:00-02:00 happens twice.
    CronExpression early = CronExpression.parse("30 1 * * *");
    assertThat(early.next(Instant.parse("2026-10-31T12:00:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(early.next(Instant.parse("2026-11-01T05:30:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-11-02T06:30:00Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                  | must not be empty",
        "* * * *             | it has 4 fields",
        "* * * * * * *       | it has 7 fields",
        "60 * * * *          | the minute field '60' is invalid: 60 is outside 0-59",
        "* 24 * * *          | the hour field '24' is invalid",
        "* * 0 * *           | the day-of-month field '0' is invalid",
        "* * * 13 *          | the month field '13' is invalid",
        "* * * * 8           | the day-of-week field '8' is invalid",
        "* * * FOO *         | 'FOO' is not a number or a name JAN…DEC",
        "5-1 * * * *         | range 5-1 runs backwards",
        "*/0 * * * *         | 0 is outside 1-59",
        "0 0 31 2 *          | no month in the month field has any day of the day-of-month field",
        "@often              | unknown macro",
      })
  void rejectsInvalidExpressions(String expression, String message) {
    assertThatThrownBy(() -> CronExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
