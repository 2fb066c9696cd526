package io.jobqueue.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression and its next execution in a time zone.
 *
 * <p>Five fields, {@code minute hour day-of-month month day-of-week}, or six with {@code second}
 * first. Each field takes {@code *}, a number, a range {@code a-b}, a step {@code * /n}, {@code
 * a/n} or {@code a-b/n}, and lists of those separated by commas. Months also take {@code JAN}…{@code
 * DEC}, days of week {@code SUN}…{@code SAT} (0 and 7 are both Sunday); {@code ?} means {@code *}
 * in the day fields. When both day fields are restricted, a day matching either runs (classic
 * cron). Macros: {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code
 * @daily} ({@code @midnight}), {@code @hourly}.
 *
 * <p><b>Daylight saving time</b>, in a zone that has it:
 *
 * <ul>
 *   <li>a local time that does not exist (the gap when clocks spring forward) runs once, at the first
 *       valid instant after the gap (the transition itself): {@code 30 2 * * *} in Europe/Berlin on
 *       the last Sunday of March runs at 03:00 CEST, and every matching time inside the gap runs
 *       only that once;
 *   <li>a local time that occurs twice (clocks fall back) runs once, at its first occurrence
 *       (summer time); the repeated hour does not run again.
 * </ul>
 *
 * <p>Written here rather than taken from a library: the cron libraries our build can use either
 * need a seconds field and Quartz syntax ({@code quartz}: no five-field form, no macros, and a
 * heavy jar for a core that depends on slf4j and Jackson only) or are not among the project's
 * packages (cron-utils, whose DST results have had long-standing bugs), and the DST rule above is
 * part of our contract, so it is implemented and tested in one place.
 */
public final class CronExpression {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 0 1 1 *",
          "@annually", "0 0 0 1 1 *",
          "@monthly", "0 0 0 1 * *",
          "@weekly", "0 0 0 * * 0",
          "@daily", "0 0 0 * * *",
          "@midnight", "0 0 0 * * *",
          "@hourly", "0 0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final int[] MAX_MONTH_LENGTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  /**
   * How far ahead a search looks: long enough for Feb 29 on a given weekday (28 years), with room.
   */
  private static final int SEARCH_YEARS = 30;

  private final String text;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    this.seconds = field("second", fields[0], 0, 59, List.of());
    this.minutes = field("minute", fields[1], 0, 59, List.of());
    this.hours = field("hour", fields[2], 0, 23, List.of());
    this.daysOfMonth = field("day-of-month", fields[3], 1, 31, List.of());
    this.months = field("month", fields[4], 1, 12, MONTHS);
    BitSet dow = field("day-of-week", fields[5], 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    this.daysOfWeek = dow;
    this.anyDayOfMonth = isAny(fields[3]);
    this.anyDayOfWeek = isAny(fields[5]);
    if (anyDayOfWeek && !anyDayOfMonth && !anyMonthHasDay()) {
      throw invalid(text, "no month in the month field has any day of the day-of-month field");
    }
  }

  /**
   * Parses a cron expression.
   *
   * @throws IllegalArgumentException naming the field and the rule when it is not valid
   */
  public static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException(
          "cron expression must not be empty: use 5 fields (minute hour day-of-month month day-of-week), 6 with"
              + " seconds first, or one of @yearly @monthly @weekly @daily @hourly");
    }
    String text = expression.strip();
    String expanded = text.startsWith("@") ? MACROS.get(text.toLowerCase(Locale.ROOT)) : text;
    if (expanded == null) {
      throw invalid(
          text,
          "unknown macro; use one of @yearly @annually @monthly @weekly @daily @midnight @hourly");
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length == 5) {
      String[] withSeconds = new String[6];
      withSeconds[0] = "0";
      System.arraycopy(fields, 0, withSeconds, 1, 5);
      fields = withSeconds;
    } else if (fields.length != 6) {
      throw invalid(
          text,
          "it has "
              + fields.length
              + " fields; use 5 (minute hour day-of-month month day-of-week)"
              + " or 6 (second first)");
    }
    return new CronExpression(text, fields);
  }

  /**
   * The first instant strictly after {@code after} at which this expression runs in {@code zone},
   * by the daylight-saving rule in the class description; empty if it never runs again within
   * thirty years.
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    Objects.requireNonNull(after, "after must not be null");
    ZoneRules rules = Objects.requireNonNull(zone, "zone must not be null").getRules();
    LocalDateTime local =
        LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    LocalDateTime limit = local.plusYears(SEARCH_YEARS);
    while (true) {
      Optional<LocalDateTime> match = nextLocal(local, limit);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      Instant instant = toInstant(match.get(), rules);
      // A match in the repeated hour's second pass maps to its first pass, which is before `after`.
      if (instant.isAfter(after)) {
        return Optional.of(instant);
      }
      local = match.get().plusSeconds(1);
    }
  }

  /** The expression as written. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronExpression c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The first local date-time at or after {@code from} that matches every field. */
  private Optional<LocalDateTime> nextLocal(LocalDateTime from, LocalDateTime limit) {
    LocalDateTime t = from;
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = daysOfMonth.get(date.getDayOfMonth());
    boolean dow =
        daysOfWeek.get(
            date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue());
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  /** Gap: the transition instant (first valid instant after it); overlap: the earlier offset. */
  private static Instant toInstant(LocalDateTime local, ZoneRules rules) {
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = rules.getTransition(local);
      return gap.getInstant();
    }
    return local.toInstant(offsets.get(0));
  }

  private boolean anyMonthHasDay() {
    for (int month = months.nextSetBit(1); month >= 0; month = months.nextSetBit(month + 1)) {
      if (daysOfMonth.nextSetBit(1) <= MAX_MONTH_LENGTH[month - 1]) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAny(String field) {
    return field.equals("*") || field.equals("?");
  }

  private BitSet field(String name, String field, int min, int max, List<String> names) {
    BitSet bits = new BitSet(max + 1);
    if ((name.startsWith("day") && field.equals("?"))) {
      bits.set(min, max + 1);
      return bits;
    }
    for (String part : field.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max, List.of(), field);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw invalidField(name, field, "a range is two values joined by '-'");
        }
        from = number(name, ends[0], min, max, names, field);
        to = number(name, ends[1], min, max, names, field);
        if (from > to) {
          throw invalidField(name, field, "range " + range + " runs backwards");
        }
      } else {
        from = number(name, range, min, max, names, field);
        to = slash >= 0 ? max : from;
      }
      for (int value = from; value <= to; value += step) {
        bits.set(value);
      }
    }
    return bits;
  }

  private int number(
      String name, String value, int min, int max, List<String> names, String field) {
    int index = names.indexOf(value.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      return index + (names == MONTHS ? 1 : 0);
    }
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalidField(
          name,
          field,
          "'"
              + value
              + "' is not a number"
              + (names.isEmpty()
                  ? ""
                  : " or a name " + names.get(0) + "…" + names.get(names.size() - 1)));
    }
    if (number < min || number > max) {
      throw invalidField(name, field, number + " is outside " + min + "-" + max);
    }
    return number;
  }

  private IllegalArgumentException invalidField(String name, String field, String rule) {
    return invalid(text, "the " + name + " field '" + field + "' is invalid: " + rule);
  }

  private static IllegalArgumentException invalid(String text, String rule) {
    return new IllegalArgumentException("cron expression '" + text + "' is invalid: " + rule);
  }
}
