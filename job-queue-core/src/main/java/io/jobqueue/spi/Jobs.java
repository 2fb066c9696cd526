package io.jobqueue.spi;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes {@link Job}s, for backends: a job's constructor is not public, so that no user can forge a
 * job with another reservation's lease.
 */
public final class Jobs {

  /**
   * What a job holds, as the backend reports it ({@link Job}'s accessors say what each means).
   *
   * @param reserves reservations in the job's whole life
   * @param attempts reservations since the job was last kicked (since it was added if never), see
   *     {@link Job#attempts()}; a backend that keeps only lifetime counters (beanstalkd) gives
   *     {@code reserves}
   * @param lease the token of the reservation that returned it, or 0 when no reservation did
   * @param buryReason why it was last buried, or null
   */
  public record Fields(
      long id,
      String pipeline,
      byte[] payload,
      long priority,
      JobState state,
      Duration ttr,
      Instant createdAt,
      int reserves,
      int releases,
      int timeouts,
      int buries,
      int kicks,
      int attempts,
      long lease,
      String buryReason) {

    /** The same fields with another lease. */
    public Fields withLease(long newLease) {
      return new Fields(
          id,
          pipeline,
          payload,
          priority,
          state,
          ttr,
          createdAt,
          reserves,
          releases,
          timeouts,
          buries,
          kicks,
          attempts,
          newLease,
          buryReason);
    }
  }

  private static Function<Fields, Job> constructor;
  private static Function<Job, Fields> fieldsOf;

  static {
    try {
      // Job's initializer installs its constructor; it runs before anything else can call install.
      Class.forName(Job.class.getName(), true, Job.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Jobs() {}

  /**
   * Called once, by {@link Job}'s static initializer, with its private constructor and the reader
   * of its fields (the JDK's "shared secrets").
   *
   * @throws IllegalStateException on any later call
   */
  public static synchronized void install(
      Function<Fields, Job> jobConstructor, Function<Job, Fields> jobFields) {
    if (constructor != null) {
      throw new IllegalStateException(
          "Job's constructor is installed already; only Job installs it");
    }
    constructor = Objects.requireNonNull(jobConstructor);
    fieldsOf = Objects.requireNonNull(jobFields);
  }

  /** A job as the backend reports it. */
  public static Job create(Fields fields) {
    return constructor.apply(Objects.requireNonNull(fields, "fields must not be null"));
  }

  /** The same job as returned by the reservation with this lease. */
  public static Job withLease(Job job, long lease) {
    return create(fieldsOf.apply(job).withLease(lease));
  }
}
