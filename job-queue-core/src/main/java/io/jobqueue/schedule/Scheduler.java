package io.jobqueue.schedule;

import io.jobqueue.JobOutcome;
import io.jobqueue.JobQueue;
import io.jobqueue.JobRecord;
import io.jobqueue.JobState;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore.Claim;
import io.jobqueue.schedule.spi.StoredSchedule;
import io.jobqueue.schedule.spi.TickJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the ticks of stored schedules into jobs. Run one in any number of processes on any number
 * of hosts, beside workers or alone: there is no leader; each due tick is claimed by exactly one of
 * them through {@link ScheduleStore#claim}, and becomes an ordinary job that workers run.
 *
 * <pre>{@code
 * try (Scheduler scheduler = Scheduler.builder()
 *     .queue(queue).store(JdbcScheduleStore.of(queue))
 *     .schedule(Schedule.builder("cleanup").cron("@hourly").pipeline("maintenance").build())
 *     .build()) {
 *   scheduler.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Each poll sends one query to find the schedules due before the next poll (so an idle scheduler
 * costs one query per {@linkplain Builder#pollInterval poll interval} whatever the number of
 * schedules), waits until the soonest of them, and claims it. Ticks are computed from the builder's
 * {@link Clock}, so every scheduler's clock should be synchronised (NTP); a clock that is behind
 * only makes its process claim later, never twice.
 *
 * <p>The scheduler neither opens nor closes the queue and the store: the caller owns them.
 */
public final class Scheduler implements AutoCloseable {

  /** How often an idle scheduler asks the store for due schedules, unless set. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** How many ticks of history each schedule keeps, unless set. */
  public static final int DEFAULT_HISTORY_LIMIT = 100;

  /** How old history may grow before it is pruned, unless set. */
  public static final Duration DEFAULT_HISTORY_MAX_AGE = Duration.ofDays(7);

  /**
   * The most schedules one poll takes from the store; a full batch makes the next poll start at
   * once.
   */
  static final int DUE_BATCH = 100;

  /**
   * The most due schedules claimed in one call of {@link ScheduleStore#claimAll} (one transaction
   * on the SQL backends): a commit per claim made 1,000 schedules due at once take seconds.
   */
  static final int CLAIM_BATCH = 25;

  /** How often one process prunes one schedule's history. */
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final String name;
  private final JobQueue queue;
  private final ScheduleStore store;
  private final List<Schedule> declared;
  private final Clock clock;
  private final Duration pollInterval;
  private final int historyLimit;
  private final Duration historyMaxAge;
  private final Map<String, Schedule> parsed = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastPruned = new ConcurrentHashMap<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread thread;
  private boolean closed;

  private Scheduler(Builder b) {
    this.name = b.name;
    this.queue = b.queue;
    this.store = b.store;
    this.declared = List.copyOf(b.schedules.values());
    this.clock = b.clock;
    this.pollInterval = b.pollInterval;
    this.historyLimit = b.historyLimit;
    this.historyMaxAge = b.historyMaxAge;
  }

  /**
   * Starts a scheduler; {@link Builder#queue queue} and {@link Builder#store store} are required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Upserts the declared schedules and starts polling in a background thread.
   *
   * @throws IllegalStateException when started twice or closed
   */
  public synchronized void start() {
    if (thread != null || closed) {
      throw new IllegalStateException(name + ": a scheduler starts once, and not after close()");
    }
    declare();
    thread = new Thread(this::run, "jobqueue-scheduler-" + name);
    thread.setDaemon(true);
    thread.start();
    log.info(
        "{}: started with {} declared schedules, polling every {}",
        name,
        declared.size(),
        pollInterval);
  }

  /**
   * Stores the declared schedules: new ones are added, changed ones replaced, the same ones left
   * alone.
   */
  public void declare() {
    Instant now = clock.instant();
    for (Schedule schedule : declared) {
      if (store.upsert(
          schedule.name(), Definitions.write(schedule), schedule.nextTick(now).orElse(null))) {
        log.info("{}: stored {}", name, schedule);
      }
    }
  }

  /**
   * Claims every tick due now, as the background thread does each poll; for callers that drive the
   * scheduler themselves (and tests, with a controlled clock). Returns how many ticks were
   * recorded.
   */
  public int poll() {
    return round().claimed();
  }

  /** Every stored schedule (declared by any process) with where it stands, by name. */
  public List<ScheduleStats> list() {
    return store.list().stream().map(this::stats).toList();
  }

  /** The stored schedule of this name with where it stands, if it exists. */
  public Optional<ScheduleStats> stats(String schedule) {
    return store.find(schedule).map(this::stats);
  }

  /**
   * The schedule's most recent ticks, newest first, at most {@code limit}, each with how its job
   * ended where that is known (see {@link Tick}): one or two look-ups in the queue (its job
   * history, then the job) per enqueued tick.
   */
  public List<Tick> history(String schedule, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return store.history(schedule, limit).stream().map(this::withJobEnd).toList();
  }

  private Tick withJobEnd(Tick tick) {
    if (tick.jobId() == 0) {
      return tick;
    }
    Optional<JobRecord> kept;
    try {
      kept = queue.history(tick.jobId());
    } catch (UnsupportedByBackendException e) {
      kept = Optional.empty(); // no job history on this backend: the job's state is all there is
    }
    if (kept.isPresent()) {
      return tick.withJobEnd(kept.get().outcome(), kept.get().finished());
    }
    return queue
        .peek(tick.jobId())
        .filter(job -> job.state() == JobState.BURIED)
        .map(job -> tick.withJobEnd(JobOutcome.BURIED, null))
        .orElse(tick);
  }

  /**
   * Stops the schedule's ticks in every scheduler until {@link #resume}; returns false when there
   * is no schedule of this name.
   */
  public boolean pause(String schedule) {
    return store.setPaused(schedule, true);
  }

  /**
   * Lets a paused schedule tick again. The ticks that fell in the pause and are now beyond the
   * starting deadline are handled by the schedule's {@link MissedTickPolicy}. Returns false when
   * there is no schedule of this name.
   */
  public boolean resume(String schedule) {
    return store.setPaused(schedule, false);
  }

  /**
   * Deletes the schedule and its history (jobs already enqueued stay). A process that still
   * declares it stores it again when it starts. Returns false when there was none.
   */
  public boolean delete(String schedule) {
    return store.delete(schedule);
  }

  /** Stops polling and waits for a claim in progress to finish; closing twice does nothing. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
    }
    stop.countDown();
    if (running != null) {
      try {
        running.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.info("{}: stopped", name);
  }

  @Override
  public String toString() {
    return "scheduler " + name;
  }

  private void run() {
    while (stop.getCount() > 0) {
      Duration wait = pollInterval;
      try {
        Round round = round();
        if (round.full() && round.claimed() > 0) {
          continue; // more may be due now than one batch held
        }
        if (round.soonest() != null) {
          Duration untilSoonest = Duration.between(clock.instant(), round.soonest());
          wait = untilSoonest.compareTo(wait) < 0 ? untilSoonest : wait;
        }
      } catch (RuntimeException e) {
        log.warn("{}: poll failed, trying again in {}: {}", name, pollInterval, e.toString());
      }
      try {
        if (!wait.isNegative() && stop.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One query for what is due before the next poll; claims what is due now. */
  private Round round() {
    Instant now = clock.instant();
    List<StoredSchedule> due = store.due(now.plus(pollInterval), DUE_BATCH);
    // Schedulers that read the same due schedules take them in different orders, so they mostly
    // claim different ones instead of queueing on the same rows.
    List<StoredSchedule> dueNow = new ArrayList<>();
    Instant soonest = null;
    for (StoredSchedule stored : due) {
      if (stored.nextTick().isAfter(now)) {
        soonest =
            soonest == null || stored.nextTick().isBefore(soonest) ? stored.nextTick() : soonest;
      } else {
        dueNow.add(stored);
      }
    }
    Collections.shuffle(dueNow);
    int claimed = 0;
    for (int from = 0; from < dueNow.size(); from += CLAIM_BATCH) {
      claimed +=
          claimFirstTicks(dueNow.subList(from, Math.min(dueNow.size(), from + CLAIM_BATCH)), now);
    }
    return new Round(claimed, soonest, due.size() == DUE_BATCH);
  }

  private record Round(int claimed, Instant soonest, boolean full) {}

  /**
   * Claims the first due tick of each of these schedules together, then any later ticks already due
   * one claim at a time ({@link #advance}). When the claims together fail, each is claimed on its
   * own, so one schedule's failure holds back no other.
   */
  private int claimFirstTicks(List<StoredSchedule> batch, Instant now) {
    List<Schedule> schedules = new ArrayList<>(batch.size());
    List<Claim> claims = new ArrayList<>(batch.size());
    for (StoredSchedule stored : batch) {
      try {
        Schedule schedule = parsed.computeIfAbsent(stored.definition(), Definitions::read);
        claims.add(claim(schedule, stored.nextTick(), now));
        schedules.add(schedule);
      } catch (RuntimeException e) {
        log.error(
            "{}: could not read schedule '{}' to claim its tick due at {}",
            name,
            stored.name(),
            stored.nextTick(),
            e);
      }
    }
    List<Optional<List<Tick>>> results;
    try {
      results = store.claimAll(claims, queue);
    } catch (RuntimeException e) {
      log.debug("{}: {} claims together failed, claiming each alone: {}", name, claims.size(), e);
      int claimed = 0;
      for (int i = 0; i < claims.size(); i++) {
        int recorded = advance(schedules.get(i), claims.get(i).expectedNext(), now);
        if (recorded > 0) {
          prune(schedules.get(i).name(), now);
        }
        claimed += recorded;
      }
      return claimed;
    }
    int claimed = 0;
    for (int i = 0; i < claims.size(); i++) {
      Optional<List<Tick>> ticks = results.get(i);
      if (ticks.isEmpty()) {
        continue;
      }
      logTicks(ticks.get());
      Schedule schedule = schedules.get(i);
      claimed += ticks.get().size() + advance(schedule, claims.get(i).newNext(), now);
      prune(schedule.name(), now);
    }
    return claimed;
  }

  /**
   * Claims the schedule's ticks from {@code tick} on one claim at a time, until one is not due or
   * another process won; never throws (a failure is logged and retried at the next poll).
   */
  private int advance(Schedule schedule, Instant tick, Instant now) {
    int recorded = 0;
    try {
      while (tick != null && !tick.isAfter(now)) {
        Claim claim = claim(schedule, tick, now);
        Optional<List<Tick>> ticks =
            store.claim(claim.name(), claim.expectedNext(), claim.newNext(), queue, claim.work());
        if (ticks.isEmpty()) {
          break;
        }
        logTicks(ticks.get());
        recorded += ticks.get().size();
        tick = claim.newNext();
      }
    } catch (RuntimeException e) {
      log.error(
          "{}: could not claim the ticks of schedule '{}' due at {}",
          name,
          schedule.name(),
          tick,
          e);
    }
    return recorded;
  }

  /**
   * The claim of the schedule's tick at {@code tick}: where it moves the next tick, what it does.
   */
  private Claim claim(Schedule schedule, Instant tick, Instant now) {
    Instant edge = now.minus(schedule.startingDeadline());
    if (tick.isBefore(edge)) {
      // The first tick not missed: at or after the edge.
      Instant resume = schedule.nextTick(edge.minusNanos(1)).orElse(null);
      return new Claim(
          schedule.name(), tick, resume, jobs -> missed(schedule, tick, resume, now, jobs));
    }
    return new Claim(
        schedule.name(),
        tick,
        schedule.nextTick(tick).orElse(null),
        jobs -> List.of(run(schedule, tick, "", now, new Last(jobs))));
  }

  private void logTicks(List<Tick> ticks) {
    for (Tick t : ticks) {
      log.debug(
          "{}: schedule '{}' tick {}: {} {} {}",
          name,
          t.schedule(),
          t.instant(),
          t.outcome(),
          t.job().isPresent() ? "job " + t.jobId() : "",
          t.detail());
    }
  }

  /**
   * The ticks from {@code first} to before {@code resume} were missed: the schedule's policy says
   * what runs.
   */
  private List<Tick> missed(
      Schedule schedule, Instant first, Instant resume, Instant now, TickJobs jobs) {
    String span =
        "ticks from "
            + first
            + " to "
            + (resume == null ? "the end" : "before " + resume)
            + " missed their starting deadline of "
            + schedule.startingDeadline();
    Last last = new Last(jobs);
    return switch (schedule.missedTicks()) {
      case SKIP ->
          List.of(
              new Tick(
                  schedule.name(),
                  first,
                  0,
                  TickOutcome.SKIPPED_MISSED,
                  span + "; policy SKIP",
                  now));
      case RUN_ONCE -> List.of(run(schedule, first, "one catch-up run: " + span, now, last));
      case RUN_ALL -> {
        List<Tick> ticks = new ArrayList<>();
        Instant t = first;
        while (t != null && (resume == null || t.isBefore(resume))) {
          if (ticks.size() == MissedTickPolicy.MAX_CATCH_UP) {
            ticks.add(
                new Tick(
                    schedule.name(),
                    t,
                    0,
                    TickOutcome.SKIPPED_MISSED,
                    "RUN_ALL enqueued its cap of "
                        + MissedTickPolicy.MAX_CATCH_UP
                        + "; skipped the rest of the "
                        + span,
                    now));
            break;
          }
          ticks.add(run(schedule, t, "catch-up run", now, last));
          t = schedule.nextTick(t).orElse(null);
        }
        yield ticks;
      }
    };
  }

  /** One tick's job, by the overlap policy. */
  private Tick run(Schedule schedule, Instant tick, String detail, Instant now, Last last) {
    String why = detail;
    if (schedule.overlap() != OverlapPolicy.ALLOW && last.id().isPresent()) {
      long previous = last.id().getAsLong();
      Optional<JobState> state = last.jobs.state(previous);
      boolean waiting =
          state.isPresent() && (state.get() == JobState.READY || state.get() == JobState.DELAYED);
      if (schedule.overlap() == OverlapPolicy.FORBID
          && (waiting || state.equals(Optional.of(JobState.RESERVED)))) {
        return new Tick(
            schedule.name(),
            tick,
            0,
            TickOutcome.SKIPPED_OVERLAP,
            "previous run, job " + previous + ", is " + state.get() + "; policy FORBID",
            now);
      }
      if (schedule.overlap() == OverlapPolicy.REPLACE
          && waiting
          && last.jobs.deleteUnstarted(previous)) {
        why =
            (why.isEmpty() ? "" : why + "; ")
                + "replaced job "
                + previous
                + ", which had not started";
      }
    }
    long id = last.jobs.add(schedule.pipeline(), schedule.payload(), schedule.options());
    last.known = OptionalLong.of(id);
    return new Tick(schedule.name(), tick, id, TickOutcome.ENQUEUED, why, now);
  }

  /**
   * The schedule's latest job, kept up to date as one claim adds several; asked from the store only
   * when an overlap policy needs it (ALLOW never does).
   */
  private static final class Last {
    final TickJobs jobs;
    OptionalLong known;

    Last(TickJobs jobs) {
      this.jobs = jobs;
    }

    OptionalLong id() {
      if (known == null) {
        known = jobs.lastJobId();
      }
      return known;
    }
  }

  /**
   * Prunes a schedule's history once per {@link #PRUNE_EVERY}, the first time one period after this
   * process first claimed a tick of it (so a burst of one-off schedules costs no prunes).
   */
  private void prune(String schedule, Instant now) {
    Instant last = lastPruned.putIfAbsent(schedule, now);
    if (last == null || last.plus(PRUNE_EVERY).isAfter(now)) {
      return;
    }
    lastPruned.put(schedule, now);
    int pruned = store.prune(schedule, historyLimit, now.minus(historyMaxAge));
    if (pruned > 0) {
      log.debug("{}: pruned {} ticks of schedule '{}'", name, pruned, schedule);
    }
  }

  private ScheduleStats stats(StoredSchedule stored) {
    return new ScheduleStats(
        parsed.computeIfAbsent(stored.definition(), Definitions::read),
        stored.paused(),
        stored.next(),
        store.history(stored.name(), 1).stream().findFirst());
  }

  /**
   * A scheduler's settings. Essential: {@link #queue}, {@link #store}, the schedules this process
   * declares. Frequent: {@link #pollInterval} ({@link #DEFAULT_POLL_INTERVAL}), {@link
   * #historyLimit} ({@link #DEFAULT_HISTORY_LIMIT}), {@link #historyMaxAge} ({@link
   * #DEFAULT_HISTORY_MAX_AGE}). Rare: {@link #clock} (system UTC), {@link #name} (for logs).
   */
  public static final class Builder {
    private String name = "scheduler";
    private JobQueue queue;
    private ScheduleStore store;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int historyLimit = DEFAULT_HISTORY_LIMIT;
    private Duration historyMaxAge = DEFAULT_HISTORY_MAX_AGE;

    private Builder() {}

    /** The queue the ticks' jobs go to. */
    public Builder queue(JobQueue queue) {
      this.queue = queue;
      return this;
    }

    /** Where schedules and ticks are kept, shared with the other schedulers. */
    public Builder store(ScheduleStore store) {
      this.store = store;
      return this;
    }

    /** A schedule this process declares; upserted by {@link Scheduler#start()}. */
    public Builder schedule(Schedule schedule) {
      Objects.requireNonNull(schedule, "schedule must not be null");
      if (schedules.putIfAbsent(schedule.name(), schedule) != null) {
        throw new IllegalArgumentException(
            "schedule name '" + schedule.name() + "' is declared twice");
      }
      return this;
    }

    /** Schedules this process declares. */
    public Builder schedules(List<Schedule> schedules) {
      schedules.forEach(this::schedule);
      return this;
    }

    /** The clock ticks are computed by (tests control time with their own). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How often an idle scheduler asks the store for due schedules (at least 10 ms). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** How many ticks of history each schedule keeps (at least 1). */
    public Builder historyLimit(int historyLimit) {
      this.historyLimit = historyLimit;
      return this;
    }

    /** How old history may grow (at least 1 second); the newest tick is always kept. */
    public Builder historyMaxAge(Duration historyMaxAge) {
      this.historyMaxAge = historyMaxAge;
      return this;
    }

    /** A name for logs and the thread, e.g. the host and process. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the setting and the rule it breaks
     */
    public Scheduler build() {
      if (queue == null) {
        throw new IllegalArgumentException("queue must be set: the queue the ticks' jobs go to");
      }
      if (store == null) {
        throw new IllegalArgumentException("store must be set: where schedules and ticks are kept");
      }
      Objects.requireNonNull(clock, "clock must not be null");
      if (pollInterval == null || pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalArgumentException(
            "pollInterval must be at least 10 ms, was " + pollInterval);
      }
      if (historyLimit < 1) {
        throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
      }
      if (historyMaxAge == null || historyMaxAge.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "historyMaxAge must be at least 1 second, was " + historyMaxAge);
      }
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      return new Scheduler(this);
    }
  }
}
