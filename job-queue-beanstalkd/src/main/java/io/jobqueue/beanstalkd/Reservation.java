package io.jobqueue.beanstalkd;

import java.time.Duration;

/**
 * One reservation handed out by {@link BeanstalkdJobQueue#reserve}: the lease token the {@code
 * Job} carries, the job, and the connection that reserved it (on beanstalkd the reserving
 * connection is the lease: only it may release, bury or touch the job).
 */
final class Reservation {

  /** Beyond its TTR a reservation is surely over on the server too; this covers round trips. */
  private static final long SLACK_NANOS = Duration.ofSeconds(2).toNanos();

  final long lease;
  final long jobId;
  final String pipeline;
  final BeanstalkdConnection connection;
  private final long ttrNanos;
  private volatile long endsNanos;

  Reservation(long lease, long jobId, String pipeline, BeanstalkdConnection connection, Duration ttr) {
    this.lease = lease;
    this.jobId = jobId;
    this.pipeline = pipeline;
    this.connection = connection;
    this.ttrNanos = ttr.toNanos();
    touched();
  }

  /** The server restarted the TTR (reserve or touch). */
  void touched() {
    endsNanos = System.nanoTime() + ttrNanos + SLACK_NANOS;
  }

  /**
   * Whether the TTR has surely run out, by this process's clock. The server decides for real; this
   * only lets the pool reuse a connection whose holder never finished its jobs.
   */
  boolean expired(long nowNanos) {
    return nowNanos - endsNanos > 0;
  }

  /** When the reservation has surely ended, on {@link System#nanoTime()}'s scale. */
  long endsNanos() {
    return endsNanos;
  }
}
