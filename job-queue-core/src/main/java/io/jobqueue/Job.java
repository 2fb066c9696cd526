package io.jobqueue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jobqueue.internal.Json;
import io.jobqueue.spi.Jobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A job as the backend last reported it: what it carries, how it is scheduled, where it is in its
 * life, and how often things happened to it. Jobs are made by backends ({@link Jobs}), never by
 * users, so a job's {@link #lease() lease} is always one that a reservation handed out.
 *
 * <p>A job returned by {@link JobQueue#reserve} carries the lease of that reservation; {@link
 * JobQueue#delete}, {@link JobQueue#release}, {@link JobQueue#bury} and {@link JobQueue#touch} act
 * only while that lease is still the job's current one.
 *
 * <p>The payload is bytes; {@link #payloadText()} and {@link #payloadJson(Class)} read back what
 * {@link Pipeline#addText} and {@link Pipeline#addJson} stored.
 */
public final class Job {

  static {
    Jobs.install(Job::new, job -> job.fields);
  }

  private final Jobs.Fields fields;

  private Job(Jobs.Fields fields) {
    this.fields = fields;
  }

  /** Unique per backend. */
  public long id() {
    return fields.id();
  }

  /** The pipeline the job belongs to. */
  public String pipeline() {
    return fields.pipeline();
  }

  /** The bytes the producer added; do not modify. */
  public byte[] payload() {
    return fields.payload();
  }

  /** The payload decoded as UTF-8 text: what {@link Pipeline#addText} stored. */
  public String payloadText() {
    return new String(payload(), StandardCharsets.UTF_8);
  }

  /**
   * The payload decoded from JSON with Jackson: what {@link Pipeline#addJson} stored.
   *
   * @throws JobQueueException when the payload is not JSON of that type
   */
  public <T> T payloadJson(Class<T> type) {
    return Json.read(payload(), type, this);
  }

  /** The payload decoded from JSON with Jackson, for generic types such as {@code List<Order>}. */
  public <T> T payloadJson(TypeReference<T> type) {
    return Json.read(payload(), type, this);
  }

  /** 0 is the most urgent, 2^32 - 1 the least. */
  public long priority() {
    return fields.priority();
  }

  /** Where the job is in its life. */
  public JobState state() {
    return fields.state();
  }

  /** Time to run of one reservation. */
  public Duration ttr() {
    return fields.ttr();
  }

  /** When the job was added, by the backend's clock. */
  public Instant createdAt() {
    return fields.createdAt();
  }

  /** How often the job was reserved in its whole life. */
  public int reserves() {
    return fields.reserves();
  }

  /**
   * How often the job was reserved since it was last kicked (since it was added, if it never was),
   * this reservation included: 1 on the first attempt, and 1 again on the first attempt after a
   * kick. This is the count a {@link io.jobqueue.worker.RetryPolicy} spends, so a kicked job gets
   * its full retry budget again; {@link #reserves()} and the other counters keep the job's whole
   * life. On a backend that cannot count since a kick (beanstalkd) it equals {@link #reserves()}.
   */
  public int attempts() {
    return fields.attempts();
  }

  /** How often it was released. */
  public int releases() {
    return fields.releases();
  }

  /** How often a reservation ended because its TTR ran out. */
  public int timeouts() {
    return fields.timeouts();
  }

  /** How often it was buried. */
  public int buries() {
    return fields.buries();
  }

  /** How often it was kicked. */
  public int kicks() {
    return fields.kicks();
  }

  /**
   * The token of the reservation this job object was returned by, or 0 when it was not returned by
   * a reservation (for example by {@code peek}).
   */
  public long lease() {
    return fields.lease();
  }

  /** Why the job was last buried, or null (beanstalkd keeps no reasons). */
  public String buryReason() {
    return fields.buryReason();
  }

  @Override
  public String toString() {
    return "Job[id="
        + id()
        + ", pipeline="
        + pipeline()
        + ", state="
        + state()
        + ", priority="
        + priority()
        + ", ttr="
        + ttr()
        + ", payloadBytes="
        + payload().length
        + ", reserves="
        + reserves()
        + ", releases="
        + releases()
        + ", timeouts="
        + timeouts()
        + ", buries="
        + buries()
        + ", kicks="
        + kicks()
        + ", attempts="
        + attempts()
        + "]";
  }
}
