package io.jobqueue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jobqueue.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A job as the backend last reported it: what it carries, how it is scheduled, where it is in its
 * life, and how often things happened to it.
 *
 * <p>A job returned by {@link JobQueue#reserve} carries the {@link #lease() lease} of that
 * reservation; {@link JobQueue#delete}, {@link JobQueue#release}, {@link JobQueue#bury} and {@link
 * JobQueue#touch} act only while that lease is still the job's current one.
 *
 * @param id unique per backend
 * @param pipeline the pipeline the job belongs to
 * @param payload the bytes the producer added; do not modify
 * @param priority 0 is the most urgent, 2^32 - 1 the least
 * @param state where the job is in its life
 * @param ttr time to run of one reservation
 * @param createdAt when the job was added, by the backend's clock
 * @param reserves how often the job was reserved
 * @param releases how often it was released
 * @param timeouts how often a reservation ended because its TTR ran out
 * @param buries how often it was buried
 * @param kicks how often it was kicked
 * @param lease the token of the reservation this job object was returned by, or 0 when it was not
 *     returned by a reservation (for example by {@code peek})
 * @param buryReason why the job was last buried, or null (beanstalkd keeps no reasons)
 */
public record Job(
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

  /** The payload decoded as UTF-8 text. */
  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The payload decoded from JSON with Jackson. */
  public <T> T payloadAs(Class<T> type) {
    return Json.read(payload, type, this);
  }

  /** The payload decoded from JSON with Jackson, for generic types such as {@code List<Order>}. */
  public <T> T payloadAs(TypeReference<T> type) {
    return Json.read(payload, type, this);
  }

  /** Number of times the job was reserved, this reservation included: 1 on the first attempt. */
  public int attempts() {
    return reserves;
  }

  @Override
  public String toString() {
    return "Job[id=" + id + ", pipeline=" + pipeline + ", state=" + state + ", priority=" + priority
        + ", ttr=" + ttr + ", payloadBytes=" + payload.length + ", reserves=" + reserves
        + ", releases=" + releases + ", timeouts=" + timeouts + ", buries=" + buries
        + ", kicks=" + kicks + "]";
  }
}
