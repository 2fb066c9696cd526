package io.jobqueue.spi;

import io.jobqueue.JobOptions;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input rules every backend applies, with the messages users see; {@link AbstractJobQueue}
 * applies them before any {@code do*} method runs. The programs built on the library (the {@code
 * jobqueue} command, the example worker) read their settings with the same rules.
 */
public final class Checks {

  private static final Pattern PIPELINE_NAME =
      Pattern.compile("[A-Za-z0-9+/;.$_()][A-Za-z0-9\\-+/;.$_()]*");

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Checks() {}

  /**
   * Returns {@code name} if it is a valid pipeline name: 1–200 characters of {@code A-Z a-z 0-9 - +
   * / ; . $ _ ( )}, not starting with {@code -}.
   *
   * @throws IllegalArgumentException naming the rule the name breaks
   */
  public static String pipelineName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("pipeline name must not be null");
    }
    if (name.isEmpty() || name.length() > Pipeline.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "pipeline name must be 1 to "
              + Pipeline.MAX_NAME_LENGTH
              + " characters, was "
              + name.length());
    }
    if (!PIPELINE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "pipeline name '"
              + name
              + "' is invalid: use only A-Z a-z 0-9 - + / ; . $ _ ( ) and do not start with '-'");
    }
    return name;
  }

  /**
   * Returns {@code priority} if it is within 0 … 2^32 - 1; otherwise throws {@link
   * IllegalArgumentException}.
   */
  public static long priority(long priority) {
    if (priority < JobOptions.MIN_PRIORITY || priority > JobOptions.MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "priority must be between 0 (most urgent) and "
              + JobOptions.MAX_PRIORITY
              + ", was "
              + priority);
    }
    return priority;
  }

  /**
   * Returns {@code value} if it is non-null, zero or positive, and at most {@link
   * JobOptions#MAX_DURATION}; otherwise throws {@link IllegalArgumentException} naming {@code
   * setting} (for example "delay" or "pause duration").
   */
  public static Duration duration(String setting, Duration value) {
    Objects.requireNonNull(value, setting + " must not be null (use Duration.ZERO for none)");
    if (value.isNegative()) {
      throw new IllegalArgumentException(setting + " must be zero or positive, was " + value);
    }
    if (value.compareTo(JobOptions.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          setting
              + " must be at most "
              + JobOptions.MAX_DURATION.toSeconds()
              + " seconds, was "
              + value);
    }
    return value;
  }

  /**
   * Reads a duration as people write it on a command line or in an environment variable: {@code
   * 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}).
   *
   * @throws IllegalArgumentException naming the forms allowed
   */
  public static Duration parseDuration(String text) {
    Objects.requireNonNull(text, "duration must not be null");
    Matcher m = SHORT_DURATION.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 250ms, 5s, 2m, 1h or PT5S");
    }
  }

  /** The URL without a password, for messages and logs. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
  }
}
