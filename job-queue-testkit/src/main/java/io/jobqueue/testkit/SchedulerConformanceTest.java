package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobOutcome;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.schedule.MissedTickPolicy;
import io.jobqueue.schedule.OverlapPolicy;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.ScheduleStats;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.schedule.Tick;
import io.jobqueue.schedule.TickOutcome;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scheduler's contract (issue 11, DESIGN §4), written once against {@link Scheduler} and run on
 * every backend by a subclass that supplies the queue and its {@link ScheduleStore}:
 *
 * <pre>{@code
 * class SqliteSchedulerConformanceTest extends SchedulerConformanceTest {
 *   protected TestBackend backend() { return ...; }
 *   protected ScheduleStore openStore(JobQueue queue) { return JdbcScheduleStore.of((JdbcJobQueue) queue); }
 * }
 * }</pre>
 *
 * <p>Ticks also say how their jobs ended, from the job history where the backend keeps it.
 *
 * <p>Time is a {@link MutableClock} the tests move, so downtime, DST nights and catch-up are tested
 * without waiting. Most tests drive one scheduler with {@link Scheduler#poll()}; the exactly-once
 * test runs several started schedulers at once, each with its own store instance as separate
 * processes would have, and waits (Awaitility) for each tick to be recorded. Every test uses fresh
 * schedule and pipeline names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SchedulerConformanceTest {

  /** A guard against a hang, never a speed requirement. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final Duration FAST_POLL = Duration.ofMillis(20);
  private static final Instant NOON = Instant.parse("2030-01-01T12:00:00Z");

  private JobQueue queue;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> declaredNames = new ArrayList<>();

  /** The backend whose queue the ticks' jobs go to. */
  protected abstract TestBackend backend();

  /**
   * A store on the backend, as one scheduler process opens it: each call may return a new instance,
   * and all of them see the same schedules. The suite closes it.
   */
  protected abstract ScheduleStore openStore(JobQueue queue);

  @BeforeAll
  void openQueue() {
    queue = backend().open();
  }

  @AfterAll
  void closeQueue() {
    queue.close();
  }

  /** Deletes the test's schedules, so that later tests' schedulers do not claim their ticks. */
  @AfterEach
  void closeSchedulers() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      if (c instanceof Scheduler scheduler) {
        scheduler.close();
        declaredNames.forEach(scheduler::delete);
      }
    }
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
    opened.clear();
    declaredNames.clear();
  }

  @Test
  void severalSchedulersEnqueueEachTickExactlyOnce() {
    String pipeline = TestNames.pipeline();
    Schedule schedule =
        Schedule.builder(pipeline).every(Duration.ofSeconds(1)).pipeline(pipeline).build();
    MutableClock clock = new MutableClock(NOON.minusMillis(500));
    List<Scheduler> schedulers =
        List.of(scheduler(clock, schedule), scheduler(clock, schedule), scheduler(clock, schedule));
    schedulers.forEach(Scheduler::start);
    Instant last = NOON.minusSeconds(1);
    // Single steps, and jumps that leave several ticks due at once for all three to race for.
    for (int step : new int[] {1, 1, 1, 3, 1, 5, 1, 1, 2, 4}) {
      clock.advance(Duration.ofSeconds(step));
      last = last.plusSeconds(step);
      Instant expected = last;
      await().atMost(WAIT).until(() -> newest(schedulers.get(0), pipeline).equals(expected));
    }
    List<Tick> ticks = schedulers.get(0).history(pipeline, 1000);
    assertThat(ticks).hasSize(20);
    assertThat(ticks)
        .extracting(Tick::instant)
        .doesNotHaveDuplicates()
        .allMatch(t -> !t.isBefore(NOON) && !t.isAfter(NOON.plusSeconds(19)));
    assertThat(ticks).extracting(Tick::outcome).containsOnly(TickOutcome.ENQUEUED);
    assertThat(ticks).extracting(Tick::jobId).doesNotHaveDuplicates();
    assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(20);
  }

  /**
   * More schedules due in the same second than one claim takes together, raced for by three
   * schedulers: each schedule's ticks are enqueued once, whichever batches they fell into.
   */
  @Test
  void manySchedulesDueAtOnceAreEachEnqueuedOnce() {
    String pipeline = TestNames.pipeline();
    Schedule[] schedules = new Schedule[60];
    for (int i = 0; i < schedules.length; i++) {
      schedules[i] =
          Schedule.builder(pipeline + "-" + i)
              .every(Duration.ofSeconds(1))
              .pipeline(pipeline)
              .build();
    }
    MutableClock clock = new MutableClock(NOON.minusMillis(500));
    List<Scheduler> schedulers =
        List.of(
            scheduler(clock, schedules), scheduler(clock, schedules), scheduler(clock, schedules));
    schedulers.forEach(Scheduler::start);
    for (int second = 0; second < 3; second++) {
      clock.advance(Duration.ofSeconds(1));
      Instant expected = NOON.plusSeconds(second);
      await()
          .atMost(WAIT)
          .until(() ->
              Arrays.stream(schedules)
                  .allMatch(s -> newest(schedulers.get(0), s.name()).equals(expected)));
    }
    for (Schedule schedule : schedules) {
      assertThat(schedulers.get(0).history(schedule.name(), 1000))
          .as(schedule.name())
          .extracting(Tick::instant)
          .containsExactly(NOON.plusSeconds(2), NOON.plusSeconds(1), NOON);
    }
    assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(3L * schedules.length);
  }

  @Test
  void forbidSkipsTicksWhileThePreviousRunIsReadyOrReserved() {
    OneSchedule one = oneSchedule(b -> b.overlap(OverlapPolicy.FORBID));
    long first = one.tick(TickOutcome.ENQUEUED).jobId();
    assertThat(one.tick(TickOutcome.SKIPPED_OVERLAP).detail())
        .contains("job " + first)
        .contains("READY");
    Job running = queue.reserve(one.pipeline(), WAIT).orElseThrow();
    assertThat(one.tick(TickOutcome.SKIPPED_OVERLAP).detail()).contains("RESERVED");
    assertThat(queue.selectPipeline(one.pipeline()).stats().total()).isEqualTo(1);
    queue.delete(running);
    long second = one.tick(TickOutcome.ENQUEUED).jobId();
    assertThat(second).isNotEqualTo(first);
    assertThat(queue.selectPipeline(one.pipeline()).stats().total()).isEqualTo(1);
  }

  @Test
  void replaceDeletesThePreviousRunIfItHasNotStarted() {
    OneSchedule one = oneSchedule(b -> b.overlap(OverlapPolicy.REPLACE));
    long first = one.tick(TickOutcome.ENQUEUED).jobId();
    Tick second = one.tick(TickOutcome.ENQUEUED);
    assertThat(second.detail()).contains("replaced job " + first);
    assertThat(queue.peek(first)).isEmpty();
    assertThat(queue.selectPipeline(one.pipeline()).stats().ready()).isEqualTo(1);
    Job started = queue.reserve(one.pipeline(), WAIT).orElseThrow();
    assertThat(started.id()).isEqualTo(second.jobId());
    Tick third = one.tick(TickOutcome.ENQUEUED);
    assertThat(third.detail()).doesNotContain("replaced");
    assertThat(queue.peek(started.id()).map(Job::state)).contains(JobState.RESERVED);
    assertThat(queue.selectPipeline(one.pipeline()).stats().ready()).isEqualTo(1);
  }

  @Test
  void allowEnqueuesEveryTick() {
    OneSchedule one = oneSchedule(b -> b.overlap(OverlapPolicy.ALLOW));
    for (int i = 0; i < 3; i++) {
      one.tick(TickOutcome.ENQUEUED);
    }
    assertThat(queue.selectPipeline(one.pipeline()).stats().ready()).isEqualTo(3);
  }

  /**
   * Every minute; one tick at noon, then every scheduler is down until 12:10:10 (deadline 30 s).
   */
  @ParameterizedTest
  @CsvSource({"SKIP, 2", "RUN_ONCE, 3", "RUN_ALL, 11"})
  void missedTicksAfterDowntimeFollowThePolicy(MissedTickPolicy policy, long jobs) {
    String pipeline = TestNames.pipeline();
    Schedule schedule =
        Schedule.builder(pipeline)
            .every(Duration.ofMinutes(1))
            .pipeline(pipeline)
            .missedTicks(policy)
            .build();
    MutableClock clock = new MutableClock(NOON.minusSeconds(1));
    Scheduler scheduler = declared(clock, schedule);
    clock.set(NOON);
    scheduler.poll();
    clock.set(NOON.plus(Duration.ofMinutes(10)).plusSeconds(10));
    scheduler.poll();
    assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(jobs);
    List<Tick> ticks = scheduler.history(pipeline, 100);
    assertThat(ticks.get(0).instant()).isEqualTo(NOON.plus(Duration.ofMinutes(10)));
    assertThat(ticks.get(0).outcome()).isEqualTo(TickOutcome.ENQUEUED);
    Tick firstMissed =
        ticks.stream()
            .filter(t -> t.instant().equals(NOON.plusSeconds(60)))
            .findFirst()
            .orElseThrow();
    assertThat(firstMissed.outcome())
        .isEqualTo(
            policy == MissedTickPolicy.SKIP ? TickOutcome.SKIPPED_MISSED : TickOutcome.ENQUEUED);
    assertThat(scheduler.stats(pipeline).orElseThrow().nextTick())
        .contains(NOON.plus(Duration.ofMinutes(11)));
  }

  @Test
  void runAllCatchesUpAtMostItsCap() {
    OneSchedule one = oneSchedule(b -> b.missedTicks(MissedTickPolicy.RUN_ALL));
    one.clock().set(NOON);
    one.scheduler().poll();
    one.clock().set(NOON.plusSeconds(1000));
    one.scheduler().poll();
    // The noon tick, the cap, and the 31 ticks within the 30 s deadline (12:16:10 to 12:16:40).
    assertThat(queue.selectPipeline(one.pipeline()).stats().ready())
        .isEqualTo(1 + MissedTickPolicy.MAX_CATCH_UP + 31);
    Tick capped =
        one.scheduler().history(one.pipeline(), 1000).stream()
            .filter(t -> t.outcome() == TickOutcome.SKIPPED_MISSED)
            .findFirst()
            .orElseThrow();
    assertThat(capped.instant()).isEqualTo(NOON.plusSeconds(1 + MissedTickPolicy.MAX_CATCH_UP));
    assertThat(capped.detail()).contains("cap of " + MissedTickPolicy.MAX_CATCH_UP);
  }

  /**
   * Both DST transitions of 2026 in Europe/Berlin and America/New_York, a cron and an interval
   * schedule each, stepping the clock every 15 minutes through the night.
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Berlin springs forward 29 March 02:00 CET -> 03:00 CEST (01:00Z): the gap runs once, at
        // its end.
        "Europe/Berlin    | 30 2 * * *    | 2026-03-28T22:00:00Z | 2026-03-29T04:00:00Z | 2026-03-29T01:00:00Z",
        "Europe/Berlin    | */30 * * * *  | 2026-03-29T00:00:00Z | 2026-03-29T02:00:00Z | 2026-03-29T00:30:00Z 2026-03-29T01:00:00Z 2026-03-29T01:30:00Z 2026-03-29T02:00:00Z",
        // Berlin falls back 25 October 03:00 CEST -> 02:00 CET (01:00Z): the repeated hour runs
        // once, the first time.
        "Europe/Berlin    | 30 2 * * *    | 2026-10-24T22:00:00Z | 2026-10-25T04:00:00Z | 2026-10-25T00:30:00Z",
        "Europe/Berlin    | */30 * * * *  | 2026-10-24T23:00:00Z | 2026-10-25T02:30:00Z | 2026-10-24T23:30:00Z 2026-10-25T00:00:00Z 2026-10-25T00:30:00Z 2026-10-25T02:00:00Z 2026-10-25T02:30:00Z",
        // New York springs forward 8 March 02:00 EST -> 03:00 EDT (07:00Z) and falls back 1
        // November 02:00 EDT -> 01:00 EST (06:00Z).
        "America/New_York | 30 2 * * *    | 2026-03-08T04:00:00Z | 2026-03-08T10:00:00Z | 2026-03-08T07:00:00Z",
        "America/New_York | 30 1 * * *    | 2026-11-01T03:00:00Z | 2026-11-01T09:00:00Z | 2026-11-01T05:30:00Z",
        // An interval ignores DST: every 15 minutes of real time, through both transitions in both
        // zones.
        "Europe/Berlin    | PT15M         | 2026-03-29T00:00:00Z | 2026-03-29T01:30:00Z | 2026-03-29T00:15:00Z 2026-03-29T00:30:00Z 2026-03-29T00:45:00Z 2026-03-29T01:00:00Z 2026-03-29T01:15:00Z 2026-03-29T01:30:00Z",
        "Europe/Berlin    | PT15M         | 2026-10-25T00:00:00Z | 2026-10-25T01:30:00Z | 2026-10-25T00:15:00Z 2026-10-25T00:30:00Z 2026-10-25T00:45:00Z 2026-10-25T01:00:00Z 2026-10-25T01:15:00Z 2026-10-25T01:30:00Z",
        "America/New_York | PT15M         | 2026-03-08T06:30:00Z | 2026-03-08T07:30:00Z | 2026-03-08T06:45:00Z 2026-03-08T07:00:00Z 2026-03-08T07:15:00Z 2026-03-08T07:30:00Z",
        "America/New_York | PT15M         | 2026-11-01T05:30:00Z | 2026-11-01T06:30:00Z | 2026-11-01T05:45:00Z 2026-11-01T06:00:00Z 2026-11-01T06:15:00Z 2026-11-01T06:30:00Z",
      })
  void daylightSavingTransitions(
      String zone, String when, String from, String to, String expected) {
    String pipeline = TestNames.pipeline();
    Schedule.Builder builder = Schedule.builder(pipeline).zone(zone).pipeline(pipeline);
    Schedule schedule =
        (when.startsWith("PT") ? builder.every(Duration.parse(when)) : builder.cron(when)).build();
    MutableClock clock = new MutableClock(Instant.parse(from));
    Scheduler scheduler = declared(clock, schedule);
    while (clock.instant().isBefore(Instant.parse(to))) {
      clock.advance(Duration.ofMinutes(15));
      scheduler.poll();
    }
    List<Instant> ticks =
        scheduler.history(pipeline, 100).stream().map(Tick::instant).sorted().toList();
    assertThat(ticks)
        .containsExactlyElementsOf(Arrays.stream(expected.split(" ")).map(Instant::parse).toList());
    assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(ticks.size());
  }

  @Test
  void aOneOffScheduleRunsOnceAtItsInstant() {
    String pipeline = TestNames.pipeline();
    Schedule schedule =
        Schedule.builder(pipeline)
            .at(NOON.plusSeconds(10))
            .pipeline(pipeline)
            .payloadText("once")
            .build();
    MutableClock clock = new MutableClock(NOON);
    Scheduler scheduler = declared(clock, schedule);
    scheduler.poll();
    assertThat(scheduler.history(pipeline, 10)).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    scheduler.poll();
    clock.advance(Duration.ofDays(1));
    scheduler.poll();
    assertThat(scheduler.history(pipeline, 10))
        .extracting(Tick::instant)
        .containsExactly(NOON.plusSeconds(10));
    assertThat(scheduler.stats(pipeline).orElseThrow().nextTick()).isEmpty();
    assertThat(queue.reserve(pipeline, WAIT).orElseThrow().payloadText()).isEqualTo("once");
  }

  @Test
  void declaringTheSameScheduleAgainChangesNothingAndAChangeReplacesIt() {
    String pipeline = TestNames.pipeline();
    Schedule schedule = everySecond(pipeline, b -> b);
    MutableClock clock = new MutableClock(NOON.minusMillis(500));
    Scheduler first = declared(clock, schedule);
    clock.advance(Duration.ofMinutes(5));
    declared(clock, schedule);
    ScheduleStats stats = first.stats(pipeline).orElseThrow();
    assertThat(stats.nextTick()).contains(NOON);
    assertThat(stats.schedule()).isEqualTo(schedule);
    assertThat(first.list().stream().filter(s -> s.schedule().name().equals(pipeline))).hasSize(1);
    Schedule changed = everySecond(pipeline, b -> b.pipeline(pipeline + "-v2"));
    declared(clock, changed);
    assertThat(first.stats(pipeline).orElseThrow().schedule()).isEqualTo(changed);
  }

  @Test
  void pausedSchedulesDoNotTickAndDeletedOnesAreGone() {
    OneSchedule one = oneSchedule(b -> b);
    one.tick(TickOutcome.ENQUEUED);
    assertThat(one.scheduler().pause(one.pipeline())).isTrue();
    one.clock().advance(Duration.ofSeconds(5));
    one.scheduler().poll();
    assertThat(one.scheduler().history(one.pipeline(), 10)).hasSize(1);
    assertThat(one.scheduler().stats(one.pipeline()).orElseThrow().paused()).isTrue();
    assertThat(one.scheduler().resume(one.pipeline())).isTrue();
    one.scheduler().poll();
    assertThat(one.scheduler().history(one.pipeline(), 10)).hasSize(6);
    ScheduleStats stats = one.scheduler().stats(one.pipeline()).orElseThrow();
    assertThat(stats.lastTick().orElseThrow().instant()).isEqualTo(NOON.plusSeconds(5));
    assertThat(stats.nextTick()).contains(NOON.plusSeconds(6));
    assertThat(one.scheduler().delete(one.pipeline())).isTrue();
    assertThat(one.scheduler().stats(one.pipeline())).isEmpty();
    assertThat(one.scheduler().history(one.pipeline(), 10)).isEmpty();
    assertThat(one.scheduler().pause(one.pipeline())).isFalse();
    assertThat(one.scheduler().delete(one.pipeline())).isFalse();
  }

  @Test
  void historyIsPrunedToItsLimit() {
    String pipeline = TestNames.pipeline();
    Schedule schedule =
        Schedule.builder(pipeline).every(Duration.ofMinutes(1)).pipeline(pipeline).build();
    MutableClock clock = new MutableClock(NOON.minusSeconds(1));
    Scheduler scheduler =
        Scheduler.builder()
            .queue(queue)
            .store(store())
            .clock(clock)
            .schedule(schedule)
            .historyLimit(3)
            .build();
    opened.add(scheduler);
    declaredNames.add(pipeline);
    scheduler.declare();
    for (int i = 0; i < 6; i++) {
      clock.set(NOON.plus(Duration.ofMinutes(i)));
      scheduler.poll();
    }
    assertThat(scheduler.history(pipeline, 100))
        .extracting(Tick::instant)
        .containsExactly(
            NOON.plus(Duration.ofMinutes(5)),
            NOON.plus(Duration.ofMinutes(4)),
            NOON.plus(Duration.ofMinutes(3)));
  }

  @Test
  void aTickSaysWhenItsJobFinishedOrWasBuried() {
    String pipeline = TestNames.pipeline();
    boolean keepsHistory = backend().capabilities().keepsHistory();
    if (keepsHistory) {
      queue.selectPipeline(pipeline).keepHistory(HistoryRetention.DEFAULT);
    }
    MutableClock clock = new MutableClock(NOON.minusMillis(500));
    Scheduler scheduler = declared(clock, everySecond(pipeline, UnaryOperator.identity()));
    long finishes = tickAndExpect(scheduler, clock, pipeline, TickOutcome.ENQUEUED).jobId();
    long buried = tickAndExpect(scheduler, clock, pipeline, TickOutcome.ENQUEUED).jobId();
    assertThat(scheduler.history(pipeline, 10))
        .as("before a worker ran them")
        .allSatisfy(tick -> assertThat(tick.jobEnd()).isEmpty());

    Worker worker =
        Worker.builder(queue)
            .handler(
                pipeline,
                ctx -> {
                  if (ctx.job().id() == buried) {
                    ctx.bury("no disk");
                  }
                })
            .heartbeatInterval(Duration.ofMillis(100))
            .summaryInterval(Duration.ZERO)
            .build()
            .start();
    try {
      // with history, both ends are known once the worker wrote them; without, the buried one's
      // state shows at once, and the finished one's end only as the job's absence
      await()
          .atMost(WAIT)
          .until(() -> {
            List<Tick> ticks = scheduler.history(pipeline, 10);
            return keepsHistory
                ? ticks.stream().allMatch(tick -> tick.jobEndedAt().isPresent())
                : ticks.get(0).jobEnd().isPresent() && queue.peek(finishes).isEmpty();
          });
    } finally {
      worker.stop();
    }
    List<Tick> ticks = scheduler.history(pipeline, 10);
    Tick last = ticks.get(0);
    assertThat(last.jobId()).isEqualTo(buried);
    assertThat(last.jobEnd()).contains(JobOutcome.BURIED);
    Tick first = ticks.get(1);
    if (keepsHistory) {
      // from the job history: outcome and time, by the worker's clock
      assertThat(first.jobEnd()).contains(JobOutcome.FINISHED);
      assertThat(first.jobEndedAt()).isPresent();
      assertThat(last.jobEndedAt()).isPresent();
    } else {
      // from the job's state: a buried job is still there, a finished one is gone without a trace
      assertThat(first.jobEnd()).isEmpty();
      assertThat(last.jobEndedAt()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "invalid cron       | cron expression '61 * * * *' is invalid: the minute field '61' is invalid",
        "unknown zone       | unknown time zone 'Mars/Olympus'",
        "empty name         | schedule name must be 1 to 200 characters and not blank",
        "invalid pipeline   | pipeline name 'no spaces' is invalid",
        "negative interval  | interval must be at least 1 second, was PT-5S",
      })
  void badInputIsRejectedAndNothingIsStored(String what, String message) {
    String name = what.equals("empty name") ? "" : TestNames.pipeline();
    Schedule.Builder b =
        Schedule.builder(name).pipeline(what.equals("invalid pipeline") ? "no spaces" : "p");
    switch (what) {
      case "invalid cron" -> b.cron("61 * * * *");
      case "unknown zone" -> b.cron("@daily").zone("Mars/Olympus");
      case "negative interval" -> b.every(Duration.ofSeconds(-5));
      default -> b.cron("@daily");
    }
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    Scheduler scheduler = declared(new MutableClock(NOON));
    assertThat(scheduler.stats(name)).isEmpty();
  }

  private static Schedule everySecond(String pipeline, UnaryOperator<Schedule.Builder> settings) {
    return settings
        .apply(Schedule.builder(pipeline).every(Duration.ofSeconds(1)).pipeline(pipeline))
        .build();
  }

  /**
   * One schedule ticking every second into a pipeline of its own name, declared by a scheduler on a
   * clock half a second before noon, which {@link #tick} moves on.
   */
  private record OneSchedule(String pipeline, MutableClock clock, Scheduler scheduler) {

    /** Moves the clock one second, polls, and checks the one tick recorded. */
    Tick tick(TickOutcome outcome) {
      return tickAndExpect(scheduler, clock, pipeline, outcome);
    }
  }

  private OneSchedule oneSchedule(UnaryOperator<Schedule.Builder> settings) {
    String pipeline = TestNames.pipeline();
    MutableClock clock = new MutableClock(NOON.minusMillis(500));
    return new OneSchedule(pipeline, clock, declared(clock, everySecond(pipeline, settings)));
  }

  /** Moves the clock one second, polls, and checks the one tick recorded. */
  private static Tick tickAndExpect(
      Scheduler scheduler, MutableClock clock, String name, TickOutcome outcome) {
    int before = scheduler.history(name, 1000).size();
    clock.advance(Duration.ofSeconds(1));
    scheduler.poll();
    assertThat(scheduler.history(name, 1000)).hasSize(before + 1);
    Tick tick = scheduler.history(name, 1).get(0);
    assertThat(tick.outcome()).isEqualTo(outcome);
    return tick;
  }

  private static Instant newest(Scheduler scheduler, String name) {
    return scheduler.history(name, 1).stream().map(Tick::instant).findFirst().orElse(Instant.EPOCH);
  }

  private ScheduleStore store() {
    ScheduleStore store = openStore(queue);
    opened.add(store);
    return store;
  }

  private Scheduler scheduler(MutableClock clock, Schedule... schedules) {
    Scheduler scheduler =
        Scheduler.builder()
            .queue(queue)
            .store(store())
            .clock(clock)
            .pollInterval(FAST_POLL)
            .schedules(List.of(schedules))
            .name("scheduler-" + opened.size())
            .build();
    opened.add(scheduler);
    Arrays.stream(schedules).map(Schedule::name).forEach(declaredNames::add);
    return scheduler;
  }

  private Scheduler declared(MutableClock clock, Schedule... schedules) {
    Scheduler scheduler = scheduler(clock, schedules);
    scheduler.declare();
    return scheduler;
  }
}
