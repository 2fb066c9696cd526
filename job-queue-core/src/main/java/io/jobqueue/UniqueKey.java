package io.jobqueue;

import io.jobqueue.spi.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes a job unique in its pipeline: while a job with the same key is waiting ({@link
 * JobState#READY} or {@link JobState#DELAYED}; also {@link JobState#RESERVED} when {@code
 * whileReserved}) and its window has not passed since it was added, adding another returns the
 * waiting job's id ({@link AddResult#existing()}) instead of adding one.
 *
 * <p>A job holds its key from its add until it is deleted, buried, or reserved (unless {@code
 * whileReserved}); it never takes the key back, even when it is released or kicked to ready again.
 *
 * @param key 1 to {@link #MAX_LENGTH} characters, not blank
 * @param window how long after its add a job keeps its key; positive, at most {@link
 *     JobOptions#MAX_DURATION} (the default: as long as the job waits)
 * @param whileReserved the job keeps its key while reserved, and after a release or a TTR timeout
 */
public record UniqueKey(String key, Duration window, boolean whileReserved) {

  /** The longest key allowed, in characters. */
  public static final int MAX_LENGTH = 255;

  /**
   * Validates the key and the window.
   *
   * @throws InvalidUniqueKeyException naming the rule broken
   */
  public UniqueKey {
    if (key == null || key.isBlank() || key.length() > MAX_LENGTH) {
      throw new InvalidUniqueKeyException(
          "unique key must be 1 to "
              + MAX_LENGTH
              + " characters and not blank, was "
              + (key == null ? "null" : "'" + abbreviate(key) + "' (" + key.length() + " chars)"));
    }
    Objects.requireNonNull(window, "unique window must not be null");
    if (window.isZero() || window.isNegative()) {
      throw new InvalidUniqueKeyException("unique window must be positive, was " + window);
    }
    Checks.duration("unique window", window);
  }

  /** A key held as long as its job waits, released when the job is reserved. */
  public static UniqueKey of(String key) {
    return new UniqueKey(key, JobOptions.MAX_DURATION, false);
  }

  /** This key with another window (positive). */
  public UniqueKey withWindow(Duration window) {
    return new UniqueKey(key, window, whileReserved);
  }

  /** This key, also held while its job is reserved. */
  public UniqueKey alsoWhileReserved() {
    return new UniqueKey(key, window, true);
  }

  private static String abbreviate(String key) {
    return key.length() <= 40 ? key : key.substring(0, 40) + "...";
  }
}
