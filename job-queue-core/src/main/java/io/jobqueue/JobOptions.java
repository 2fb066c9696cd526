package io.jobqueue;

import io.jobqueue.spi.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How a job is scheduled: its priority, its delay before it becomes ready, and its time to run.
 *
 * <p>Instances are immutable; start from {@link #DEFAULT} and change one setting at a time:
 *
 * <pre>{@code
 * JobOptions urgentLater = JobOptions.DEFAULT.withPriority(0).withDelay(Duration.ofMinutes(5));
 * }</pre>
 *
 * @param priority 0 is the most urgent, {@link #MAX_PRIORITY} the least
 * @param delay how long the job waits in {@link JobState#DELAYED} before it becomes ready; zero or
 *     more
 * @param ttr time to run: how long one reservation lasts; at least one second. Backends that count
 *     in whole seconds (beanstalkd) round delay and TTR up to the next second.
 * @param unique makes the job unique in its pipeline; null for none
 */
public record JobOptions(long priority, Duration delay, Duration ttr, UniqueKey unique) {

  /** The most urgent priority. */
  public static final long MIN_PRIORITY = 0;

  /** The least urgent priority, 2^32 - 1 (beanstalkd's range). */
  public static final long MAX_PRIORITY = 0xFFFF_FFFFL;

  /** Priority of a job added without one. */
  public static final long DEFAULT_PRIORITY = 1024;

  /** Time to run of a job added without one. */
  public static final Duration DEFAULT_TTR = Duration.ofSeconds(60);

  /** The shortest time to run allowed. */
  public static final Duration MIN_TTR = Duration.ofSeconds(1);

  /** The longest delay and time to run allowed: 2^32 - 1 seconds (beanstalkd's range). */
  public static final Duration MAX_DURATION = Duration.ofSeconds(0xFFFF_FFFFL);

  /** Priority 1024, no delay, TTR 60 seconds. */
  public static final JobOptions DEFAULT =
      new JobOptions(DEFAULT_PRIORITY, Duration.ZERO, DEFAULT_TTR, null);

  /**
   * Validates every setting; an invalid one throws {@link IllegalArgumentException} naming the
   * rule.
   */
  public JobOptions {
    Checks.priority(priority);
    Checks.duration("delay", delay);
    Objects.requireNonNull(ttr, "ttr must not be null");
    if (ttr.compareTo(MIN_TTR) < 0) {
      throw new IllegalArgumentException("ttr must be at least 1 second, was " + ttr);
    }
    if (ttr.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "ttr must be at most " + MAX_DURATION.toSeconds() + " seconds, was " + ttr);
    }
  }

  /** Options without a unique key. */
  public JobOptions(long priority, Duration delay, Duration ttr) {
    this(priority, delay, ttr, null);
  }

  /** Returns these options with another priority (0 most urgent … 2^32 - 1). */
  public JobOptions withPriority(long priority) {
    return new JobOptions(priority, delay, ttr, unique);
  }

  /** Returns these options with another delay (zero or more). */
  public JobOptions withDelay(Duration delay) {
    return new JobOptions(priority, delay, ttr, unique);
  }

  /** Returns these options with another time to run (at least one second). */
  public JobOptions withTtr(Duration ttr) {
    return new JobOptions(priority, delay, ttr, unique);
  }

  /**
   * Returns these options with this unique key, held as long as the job waits; see {@link
   * UniqueKey}.
   *
   * @throws InvalidUniqueKeyException when the key is blank or longer than {@link
   *     UniqueKey#MAX_LENGTH}
   */
  public JobOptions withUniqueKey(String key) {
    return withUnique(UniqueKey.of(key));
  }

  /**
   * Returns these options with this unique key, held for at most {@code window} after the add; see
   * {@link UniqueKey}.
   */
  public JobOptions withUniqueKey(String key, Duration window) {
    return withUnique(UniqueKey.of(key).withWindow(window));
  }

  /** Returns these options with this uniqueness ({@code null} for none). */
  public JobOptions withUnique(UniqueKey unique) {
    return new JobOptions(priority, delay, ttr, unique);
  }
}
