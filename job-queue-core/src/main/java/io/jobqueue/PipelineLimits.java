package io.jobqueue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Limits on one pipeline across every process that reserves from it ({@link Pipeline#setLimits}):
 * at most {@code maxReserved} of its jobs reserved at once, and at most {@code rate.count()}
 * reservations started in any {@code rate.interval()}. Jobs a limit holds back stay ready and are
 * reserved, in priority order, as soon as the limit allows. Build with {@link #builder()}.
 *
 * @param maxReserved how many of the pipeline's jobs may be reserved at once, 1 to {@value
 *     #MAX_COUNT}; empty for no such limit
 * @param rate how many reservations may start per interval; empty for no such limit
 */
public record PipelineLimits(OptionalInt maxReserved, Optional<Rate> rate) {

  /** The largest count either limit takes. */
  public static final int MAX_COUNT = 1_000_000;

  /** The longest rate interval: one day. */
  public static final Duration MAX_INTERVAL = Duration.ofDays(1);

  /** The shortest rate interval: one millisecond. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

  /** Checks the bounds; at least one limit must be given. */
  public PipelineLimits {
    if (maxReserved == null || rate == null) {
      throw new InvalidPipelineLimitsException(
          "pipeline limits: maxReserved and rate must not be null (use empty for no limit)");
    }
    if (maxReserved.isPresent()) {
      checkCount("maxReserved", maxReserved.getAsInt());
    }
    if (maxReserved.isEmpty() && rate.isEmpty()) {
      throw new InvalidPipelineLimitsException(
          "pipeline limits need maxReserved or a rate; Pipeline.clearLimits() removes limits");
    }
  }

  /** Starts a set of limits. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * At most {@code count} reservations start in any window of {@code interval}.
   *
   * @param count 1 to {@value PipelineLimits#MAX_COUNT}
   * @param interval 1 ms to 1 day, in whole milliseconds
   */
  public record Rate(int count, Duration interval) {

    /** Checks the bounds. */
    public Rate {
      checkCount("rate count", count);
      if (interval == null
          || interval.compareTo(MIN_INTERVAL) < 0
          || interval.compareTo(MAX_INTERVAL) > 0
          || interval.toNanos() % 1_000_000 != 0) {
        throw new InvalidPipelineLimitsException(
            "pipeline limits: rate interval must be whole milliseconds from 1 ms to 1 day, was "
                + interval);
      }
    }
  }

  /** Builds {@link PipelineLimits}; every limit is optional, but one must be set. */
  public static final class Builder {
    private OptionalInt maxReserved = OptionalInt.empty();
    private Optional<Rate> rate = Optional.empty();

    private Builder() {}

    /** At most this many of the pipeline's jobs reserved at once, 1 to {@value #MAX_COUNT}. */
    public Builder maxReserved(int maxReserved) {
      checkCount("maxReserved", maxReserved);
      this.maxReserved = OptionalInt.of(maxReserved);
      return this;
    }

    /** At most {@code count} reservations started in any window of {@code interval}. */
    public Builder rate(int count, Duration interval) {
      this.rate = Optional.of(new Rate(count, interval));
      return this;
    }

    /**
     * @throws InvalidPipelineLimitsException when no limit was set
     */
    public PipelineLimits build() {
      return new PipelineLimits(maxReserved, rate);
    }
  }

  private static void checkCount(String what, int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw new InvalidPipelineLimitsException(
          "pipeline limits: " + what + " must be 1 to " + MAX_COUNT + ", was " + count);
    }
  }
}
