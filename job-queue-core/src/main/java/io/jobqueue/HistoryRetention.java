package io.jobqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a pipeline that {@linkplain Pipeline#keepHistory keeps history} keeps its {@linkplain
 * JobRecord records}: a record is pruned once it is older than {@code maxAge} or more than {@code
 * maxCount} newer records of the pipeline exist. Pruning runs in the background, so the history can
 * briefly hold more.
 *
 * @param maxAge how long a record is kept after its job ended, at least one second
 * @param maxCount how many records are kept at most, at least 1
 */
public record HistoryRetention(Duration maxAge, int maxCount) {

  /** One week or 100,000 records, whichever comes first. */
  public static final HistoryRetention DEFAULT = new HistoryRetention(Duration.ofDays(7), 100_000);

  /** Checks the bounds. */
  public HistoryRetention {
    Objects.requireNonNull(maxAge, "history maxAge must not be null");
    if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("history maxAge must be at least 1 s, was " + maxAge);
    }
    if (maxCount < 1) {
      throw new IllegalArgumentException("history maxCount must be at least 1, was " + maxCount);
    }
  }
}
