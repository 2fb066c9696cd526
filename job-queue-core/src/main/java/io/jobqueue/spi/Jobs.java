package io.jobqueue.spi;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Makes {@link Job}s, for backends: a job's constructor is not public, so that no user can forge a
 * job with another reservation's lease.
 */
public final class Jobs {

  /**
   * Job's private constructor, handed over by Job's static initializer (the JDK's "shared
   * secrets").
   */
  @FunctionalInterface
  public interface Constructor {
    /** Makes a job; see {@link Jobs#create}. */
    Job create(
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
        String buryReason);
  }

  private static Constructor constructor;

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
   * Called once, by {@link Job}'s static initializer.
   *
   * @throws IllegalStateException on any later call
   */
  public static synchronized void install(Constructor jobConstructor) {
    if (constructor != null) {
      throw new IllegalStateException(
          "Job's constructor is installed already; only Job installs it");
    }
    constructor = Objects.requireNonNull(jobConstructor);
  }

  /**
   * A job as the backend reports it.
   *
   * @param reserves reservations in the job's whole life
   * @param attempts reservations since the job was last kicked (since it was added if never), see
   *     {@link Job#attempts()}
   * @param lease the token of the reservation that returned it, or 0 when no reservation did
   * @param buryReason why it was last buried, or null
   */
  public static Job create(
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
    return constructor.create(
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
        lease,
        buryReason);
  }

  /**
   * A job from a backend that cannot count reservations since the last kick (beanstalkd keeps only
   * lifetime counters): its {@link Job#attempts()} is its {@code reserves}.
   */
  public static Job create(
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
      long lease,
      String buryReason) {
    return create(
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
        reserves,
        lease,
        buryReason);
  }

  /** The same job as returned by the reservation with this lease. */
  public static Job withLease(Job job, long lease) {
    return create(
        job.id(),
        job.pipeline(),
        job.payload(),
        job.priority(),
        job.state(),
        job.ttr(),
        job.createdAt(),
        job.reserves(),
        job.releases(),
        job.timeouts(),
        job.buries(),
        job.kicks(),
        job.attempts(),
        lease,
        job.buryReason());
  }
}
