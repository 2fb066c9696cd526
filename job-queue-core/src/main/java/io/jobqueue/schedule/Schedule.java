package io.jobqueue.schedule;

import io.jobqueue.JobOptions;
import io.jobqueue.NewJob;
import io.jobqueue.spi.Checks;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurring or one-off job: when it ticks, and the job each tick adds. Immutable; made with
 * {@link #builder(String)} and validated in {@link Builder#build()}.
 *
 * <pre>{@code
 * Schedule nightly = Schedule.builder("nightly-report")
 *     .cron("0 2 * * *").zone("Europe/Berlin")
 *     .pipeline("reports").payloadJson(Map.of("report", "daily"))
 *     .overlap(OverlapPolicy.FORBID).missedTicks(MissedTickPolicy.RUN_ONCE)
 *     .build();
 * }</pre>
 *
 * <p>Exactly one of {@link Builder#cron cron} (in the schedule's zone, with the DST rule of {@link
 * CronExpression}), {@link Builder#every every} (a fixed interval counted from {@link
 * Builder#anchor anchor}, the Unix epoch by default, in real time: DST does not move it) or {@link
 * Builder#at at} (once) says when it ticks. Every scheduler process computes the same tick
 * instants, which is what lets each tick be claimed exactly once.
 *
 * <p>Settings (defaults): essential — name, one of cron/every/at, pipeline; frequent — zone ({@link
 * #DEFAULT_ZONE}), payload (empty), job options ({@link JobOptions#DEFAULT}), overlap ({@link
 * #DEFAULT_OVERLAP}), missed ticks ({@link #DEFAULT_MISSED_TICKS}); rare — starting deadline
 * ({@link #DEFAULT_STARTING_DEADLINE}), anchor.
 */
public final class Schedule {

  /** The longest schedule name. */
  public static final int MAX_NAME_LENGTH = 200;

  /** The zone of a schedule that names none. */
  public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

  /** The overlap policy of a schedule that names none. */
  public static final OverlapPolicy DEFAULT_OVERLAP = OverlapPolicy.ALLOW;

  /** The missed-tick policy of a schedule that names none. */
  public static final MissedTickPolicy DEFAULT_MISSED_TICKS = MissedTickPolicy.SKIP;

  /** How late a tick may still be enqueued before it counts as missed, unless set. */
  public static final Duration DEFAULT_STARTING_DEADLINE = Duration.ofSeconds(30);

  /** The shortest starting deadline and interval: ticks are claimed to the second. */
  public static final Duration MIN_PERIOD = Duration.ofSeconds(1);

  private final String name;
  private final CronExpression cron;
  private final Duration interval;
  private final Instant anchor;
  private final Instant at;
  private final ZoneId zone;
  private final String pipeline;
  private final byte[] payload;
  private final JobOptions options;
  private final OverlapPolicy overlap;
  private final MissedTickPolicy missedTicks;
  private final Duration startingDeadline;

  private Schedule(Builder b, CronExpression cron, ZoneId zone) {
    this.name = b.name;
    this.cron = cron;
    this.interval = b.interval;
    // Stores keep ticks to the millisecond.
    this.anchor = b.anchor.truncatedTo(ChronoUnit.MILLIS);
    this.at = b.at == null ? null : b.at.truncatedTo(ChronoUnit.MILLIS);
    this.zone = zone;
    this.pipeline = b.pipeline;
    this.payload = b.payload.clone();
    this.options = b.options;
    this.overlap = b.overlap;
    this.missedTicks = b.missedTicks;
    this.startingDeadline = b.startingDeadline;
  }

  /** Starts a schedule with this name (unique in the store). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The first tick strictly after {@code after}; empty when the schedule never ticks again. */
  public Optional<Instant> nextTick(Instant after) {
    Objects.requireNonNull(after, "after must not be null");
    if (cron != null) {
      return cron.next(after, zone);
    }
    if (interval != null) {
      long periods =
          after.isBefore(anchor) ? -1 : Duration.between(anchor, after).dividedBy(interval);
      Instant next = anchor.plus(interval.multipliedBy(periods + 1));
      while (!next.isAfter(after)) {
        next = next.plus(interval);
      }
      return Optional.of(next);
    }
    return at.isAfter(after) ? Optional.of(at) : Optional.empty();
  }

  /** The schedule's unique name. */
  public String name() {
    return name;
  }

  /** The cron expression, for a cron schedule. */
  public Optional<CronExpression> cron() {
    return Optional.ofNullable(cron);
  }

  /** The fixed interval, for an interval schedule. */
  public Optional<Duration> interval() {
    return Optional.ofNullable(interval);
  }

  /** The instant an interval schedule counts from. */
  public Instant anchor() {
    return anchor;
  }

  /** The instant of a one-off schedule. */
  public Optional<Instant> at() {
    return Optional.ofNullable(at);
  }

  /** The zone a cron expression is read in. */
  public ZoneId zone() {
    return zone;
  }

  /** The pipeline each tick's job goes to. */
  public String pipeline() {
    return pipeline;
  }

  /** A copy of the payload each tick's job carries. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The options each tick's job is added with. */
  public JobOptions options() {
    return options;
  }

  /** What a tick does while the previous run is still in the queue. */
  public OverlapPolicy overlap() {
    return overlap;
  }

  /** What happens to ticks missed while no scheduler ran. */
  public MissedTickPolicy missedTicks() {
    return missedTicks;
  }

  /** How late a tick may be enqueued before it counts as missed. */
  public Duration startingDeadline() {
    return startingDeadline;
  }

  /** Equal when every setting is equal (so re-declaring a schedule changes nothing). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s
        && name.equals(s.name)
        && Objects.equals(cron, s.cron)
        && Objects.equals(interval, s.interval)
        && anchor.equals(s.anchor)
        && Objects.equals(at, s.at)
        && zone.equals(s.zone)
        && pipeline.equals(s.pipeline)
        && Arrays.equals(payload, s.payload)
        && options.equals(s.options)
        && overlap == s.overlap
        && missedTicks == s.missedTicks
        && startingDeadline.equals(s.startingDeadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, cron, interval, at, pipeline);
  }

  @Override
  public String toString() {
    String when =
        cron != null
            ? "cron '" + cron + "' in " + zone
            : interval != null ? "every " + interval : "at " + at;
    return "schedule '" + name + "' (" + when + ", pipeline '" + pipeline + "')";
  }

  /** Collects a schedule's settings; {@link #build()} checks them. */
  public static final class Builder {
    private final String name;
    private String cron;
    private Duration interval;
    private Instant anchor = Instant.EPOCH;
    private Instant at;
    private String zone = DEFAULT_ZONE.getId();
    private String pipeline;
    private byte[] payload = new byte[0];
    private JobOptions options = JobOptions.DEFAULT;
    private OverlapPolicy overlap = DEFAULT_OVERLAP;
    private MissedTickPolicy missedTicks = DEFAULT_MISSED_TICKS;
    private Duration startingDeadline = DEFAULT_STARTING_DEADLINE;

    private Builder(String name) {
      this.name = name;
    }

    /** Ticks by this cron expression (see {@link CronExpression}) in the schedule's zone. */
    public Builder cron(String expression) {
      this.cron = expression;
      return this;
    }

    /**
     * Ticks every {@code interval} (at least one second), counted from the anchor, ignoring DST.
     */
    public Builder every(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * The instant an interval counts from, to the millisecond; the Unix epoch by default (so every
     * 15 minutes is :00, :15, …).
     */
    public Builder anchor(Instant anchor) {
      this.anchor = anchor;
      return this;
    }

    /** Ticks once, at this instant (to the millisecond). */
    public Builder at(Instant at) {
      this.at = at;
      return this;
    }

    /** The time zone a cron expression is read in, as a tzdb id such as {@code Europe/Berlin}. */
    public Builder zone(String zoneId) {
      this.zone = zoneId;
      return this;
    }

    /** The time zone a cron expression is read in. */
    public Builder zone(ZoneId zone) {
      this.zone = zone == null ? null : zone.getId();
      return this;
    }

    /** The pipeline each tick's job goes to. */
    public Builder pipeline(String pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** The bytes each tick's job carries. */
    public Builder payload(byte[] payload) {
      this.payload = Objects.requireNonNull(payload, "payload must not be null").clone();
      return this;
    }

    /** Text each tick's job carries as UTF-8 ({@code Job.payloadText()} reads it). */
    public Builder payloadText(String text) {
      return payload(NewJob.text(text).payload());
    }

    /** A value each tick's job carries as JSON ({@code Job.payloadJson(..)} reads it). */
    public Builder payloadJson(Object value) {
      return payload(NewJob.json(value).payload());
    }

    /** Priority, delay and TTR of each tick's job. */
    public Builder options(JobOptions options) {
      this.options = options;
      return this;
    }

    /** What a tick does while the previous run is still in the queue. */
    public Builder overlap(OverlapPolicy overlap) {
      this.overlap = overlap;
      return this;
    }

    /** What happens to ticks missed while no scheduler ran. */
    public Builder missedTicks(MissedTickPolicy missedTicks) {
      this.missedTicks = missedTicks;
      return this;
    }

    /** How late (at least one second) a tick may be enqueued before it counts as missed. */
    public Builder startingDeadline(Duration startingDeadline) {
      this.startingDeadline = startingDeadline;
      return this;
    }

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException naming the setting and the rule it breaks
     */
    public Schedule build() {
      checkName(name);
      int timings = (cron != null ? 1 : 0) + (interval != null ? 1 : 0) + (at != null ? 1 : 0);
      if (timings != 1) {
        throw new IllegalArgumentException(
            "schedule '"
                + name
                + "' must set exactly one of cron(..), every(..) and"
                + " at(..), has "
                + timings);
      }
      CronExpression parsed = cron == null ? null : CronExpression.parse(cron);
      if (interval != null && interval.compareTo(MIN_PERIOD) < 0) {
        throw new IllegalArgumentException(
            "schedule '" + name + "': interval must be at least 1 second, was " + interval);
      }
      if (interval != null && interval.getNano() % 1_000_000 != 0) {
        throw new IllegalArgumentException(
            "schedule '"
                + name
                + "': interval must be whole milliseconds (ticks are stored to the millisecond), was "
                + interval);
      }
      Objects.requireNonNull(anchor, "anchor must not be null");
      ZoneId zoneId = zoneId(zone);
      try {
        Checks.pipelineName(pipeline);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("schedule '" + name + "': " + e.getMessage(), e);
      }
      Objects.requireNonNull(options, "options must not be null");
      Objects.requireNonNull(overlap, "overlap must not be null");
      Objects.requireNonNull(missedTicks, "missedTicks must not be null");
      if (startingDeadline == null || startingDeadline.compareTo(MIN_PERIOD) < 0) {
        throw new IllegalArgumentException(
            "schedule '"
                + name
                + "': starting deadline must be at least 1 second, was "
                + startingDeadline);
      }
      return new Schedule(this, parsed, zoneId);
    }

    private static void checkName(String name) {
      if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "schedule name must be 1 to "
                + MAX_NAME_LENGTH
                + " characters and not blank, was "
                + (name == null ? "null" : "'" + name + "'"));
      }
      if (name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "schedule name must not contain control characters, was '" + name + "'");
      }
    }

    private static ZoneId zoneId(String zone) {
      if (zone == null) {
        throw new IllegalArgumentException("time zone must not be null; the default is UTC");
      }
      try {
        return ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "unknown time zone '"
                + zone
                + "': use a tzdb id such as Europe/Berlin or America/New_York, or UTC",
            e);
      }
    }
  }
}
