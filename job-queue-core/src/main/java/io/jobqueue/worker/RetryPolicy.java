package io.jobqueue.worker;

import io.jobqueue.JobOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * What a {@link Worker} does when a handler throws: release the job with a growing delay until it
 * has had {@code maxAttempts} attempts, then bury it.
 *
 * <p>The delay after the n-th failed attempt is {@code initialDelay * multiplier^(n-1)}, at most
 * {@code maxDelay}, spread by ±{@code jitter} (a fraction) so that jobs that failed together do not
 * all come back at the same moment. With the defaults: about 1 s, 2 s, 4 s, … up to one hour, and
 * the job is buried after its 10th failed attempt.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).initialDelay(Duration.ofSeconds(10)).build();
 * }</pre>
 *
 * @param maxAttempts attempts a job gets (1 means no retry), counted by {@link
 *     io.jobqueue.Job#attempts()}: a kicked job gets them all again; at least 1
 * @param initialDelay delay after the first failed attempt; zero or more
 * @param multiplier factor by which the delay grows after each further failure; at least 1
 * @param maxDelay the longest delay; at least {@code initialDelay}
 * @param jitter how far a delay may be spread, as a fraction of it: 0 (none) … 1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

  /** Attempts a job gets before it is buried: 10. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  /** Delay after the first failure: 1 second. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);

  /** Growth of the delay per failure: 2. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** The longest delay: 1 hour. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofHours(1);

  /** Spread of each delay: ±20 %. */
  public static final double DEFAULT_JITTER = 0.2;

  /** Every setting at its default. */
  public static final RetryPolicy DEFAULT = builder().build();

  /** Validates every setting; an invalid one throws {@link IllegalArgumentException} naming it. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxAttempts must be at least 1 (1 means no retry), was " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay must not be null");
    Objects.requireNonNull(maxDelay, "maxDelay must not be null");
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException(
          "initialDelay must be zero or positive, was " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay must be at least initialDelay (" + initialDelay + "), was " + maxDelay);
    }
    if (maxDelay.compareTo(JobOptions.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "maxDelay must be at most "
              + JobOptions.MAX_DURATION.toSeconds()
              + " seconds, was "
              + maxDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number of at least 1, was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException(
          "jitter must be between 0 and 1 (a fraction of the delay), was " + jitter);
    }
  }

  /** Starts a policy with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether a job whose attempt number {@code attempt} (1 = first) failed gets another attempt. */
  public boolean retries(int attempt) {
    return attempt < maxAttempts;
  }

  /** The delay after failed attempt number {@code attempt} (1 = first), before jitter. */
  public Duration baseDelay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
  }

  /**
   * The delay after failed attempt number {@code attempt}, with jitter; never more than {@code
   * maxDelay}.
   */
  public Duration delayAfter(int attempt) {
    return delayAfter(attempt, ThreadLocalRandom.current());
  }

  /** {@link #delayAfter(int)} drawing the jitter from {@code random}. */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    long base = baseDelay(attempt).toNanos();
    double spread = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
    return Duration.ofNanos(Math.min(maxDelay.toNanos(), Math.round(base * spread)));
  }

  /** Collects the settings of a {@link RetryPolicy}; {@link #build()} validates them. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double jitter = DEFAULT_JITTER;

    private Builder() {}

    /** Attempts a job gets in all; default {@value RetryPolicy#DEFAULT_MAX_ATTEMPTS}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Delay after the first failure; default 1 second. */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
      return this;
    }

    /** Growth of the delay per failure; default {@value RetryPolicy#DEFAULT_MULTIPLIER}. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** The longest delay; default 1 hour. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /** Spread of each delay as a fraction, 0 … 1; default {@value RetryPolicy#DEFAULT_JITTER}. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** The policy; throws {@link IllegalArgumentException} naming an invalid setting. */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter);
    }
  }
}
