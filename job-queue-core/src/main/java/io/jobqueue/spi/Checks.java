package io.jobqueue.spi;

import io.jobqueue.JobOptions;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The input rules every backend applies, with the messages users see; {@link AbstractJobQueue}
 * applies them before any {@code do*} method runs.
 */
public final class Checks {

  private static final Pattern PIPELINE_NAME =
      Pattern.compile("[A-Za-z0-9+/;.$_()][A-Za-z0-9\\-+/;.$_()]*");

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

  /** The URL without a password, for messages and logs. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
  }
}
