package io.jobqueue.beanstalkd;

import java.time.Duration;

/**
 * One reservation handed out by {@link BeanstalkdJobQueue#reserve}: the lease token the {@code Job}
 * carries, the job, and the connection that reserved it (on beanstalkd the reserving connection is
 * the lease: only it may release, bury or touch the job).
 *
 * <p>Two clocks bound the TTR the server runs, both on {@link System#nanoTime()}'s scale: it began
 * no earlier than the reserve (or touch) command was sent, and no later than its answer came.
 * Before the first bound plus the TTR, less a margin, the reservation is {@linkplain #surelyHeld
 * surely held}; after the second plus the TTR, plus slack, it has {@linkplain #expired surely
 * ended}.
 */
final class Reservation {

  /** Beyond its TTR a reservation is surely over on the server too; this covers round trips. */
  private static final long SLACK_NANOS = Duration.ofSeconds(2).toNanos();

  /** How long past its TTR a reservation is left before its connection is nudged. */
  private static final long OVERDUE_NANOS = Duration.ofMillis(100).toNanos();

  /**
   * The least time kept between a command that relies on the reservation and the TTR's end: the one
   * second beanstalkd calls DEADLINE_SOON, for stalls of this process or the server.
   */
  private static final long MIN_MARGIN_NANOS = Duration.ofSeconds(1).toNanos();

  final long lease;
  final long jobId;
  final String pipeline;
  final BeanstalkdConnection connection;
  private final long ttrNanos;
  private volatile long surelyHeldUntilNanos;
  private volatile long endsNanos;
  private volatile boolean nudged;

  /**
   * @param sentNanos when the command that reserved the job was sent
   */
  Reservation(
      long lease,
      long jobId,
      String pipeline,
      BeanstalkdConnection connection,
      Duration ttr,
      long sentNanos) {
    this.lease = lease;
    this.jobId = jobId;
    this.pipeline = pipeline;
    this.connection = connection;
    this.ttrNanos = ttr.toNanos();
    touched(sentNanos);
  }

  /**
   * The server restarted the TTR (reserve or touch) for a command sent at {@code sentNanos}; its
   * answer came now.
   */
  void touched(long sentNanos) {
    surelyHeldUntilNanos = sentNanos + ttrNanos - Math.max(MIN_MARGIN_NANOS, ttrNanos / 2);
    endsNanos = System.nanoTime() + ttrNanos + SLACK_NANOS;
    nudged = false;
  }

  /**
   * Whether the server surely still holds the job for this connection: its TTR cannot have run out
   * yet, even counting half the TTR (at least a second) for stalls. A delete may then go without a
   * touch first to prove the reservation.
   */
  boolean surelyHeld(long nowNanos) {
    return nowNanos - surelyHeldUntilNanos < 0;
  }

  /**
   * Whether the TTR ran out a moment ago and the connection was not nudged since (see {@link
   * ConnectionPool}).
   */
  boolean overdue(long nowNanos) {
    return !nudged && nowNanos - (endsNanos - SLACK_NANOS + OVERDUE_NANOS) > 0;
  }

  void nudged() {
    nudged = true;
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
