package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jobqueue.AttemptOutcome;
import io.jobqueue.AttemptRecord;
import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobNotFoundException;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobOutcome;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.JobRecord;
import io.jobqueue.JobReservedException;
import io.jobqueue.JobState;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineCounters;
import io.jobqueue.PipelineStats;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.WorkerInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link JobQueue} (the life of a job is drawn in the repository's {@code
 * docs/states.md}), written once against its API. A backend proves it is supported by a subclass
 * that supplies only {@link #backend()}:
 *
 * <pre>{@code
 * class SqliteJobQueueConformanceTest extends JobQueueConformanceTest {
 *   @TempDir static Path dir;
 *
 *   protected TestBackend backend() {
 *     return new TestBackend("sqlite", JobQueueConfig.of("jdbc:sqlite:" + dir.resolve("jobs.db")), Capabilities.SQL);
 *   }
 * }
 * }</pre>
 *
 * <p>The tests are plain methods of this class (not nested classes), so that reports name the
 * backend subclass that failed. One queue is opened for the whole class; every test works on fresh,
 * randomly named pipelines, so tests never see each other's jobs and the backend can be shared with
 * other runs. Only the TTR, delay and pause tests wait, and they wait with Awaitility: its {@code
 * atMost} is a guard against a hang, never a speed requirement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class JobQueueConformanceTest {

  /**
   * Long enough for any ready job to be reserved on a loaded machine; a guard, not a speed limit.
   */
  private static final Duration READY_WAIT = Duration.ofSeconds(10);

  private static final Duration SHORT_TTR = Duration.ofSeconds(1);

  /**
   * How much earlier than requested the backend's clock may let a job or reservation end (time
   * resolution).
   */
  private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(100);

  private static final Duration LONG_DELAY = Duration.ofHours(1);

  private TestBackend backend;
  private JobQueue queue;

  /** The backend under test; called once per test class. */
  protected abstract TestBackend backend();

  @BeforeAll
  void openQueue() {
    backend = backend();
    queue = backend.open();
  }

  @AfterAll
  void closeQueue() {
    if (queue != null) {
      queue.close();
    }
  }

  /** A JSON payload type for the round-trip tests. */
  public record Order(String customer, int quantity, List<String> items) {}

  // ---- add, reserve, delete; payloads; ids; names
  @Test
  void addReserveDeleteRoundTrip() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("hello");
    assertThat(id).isPositive();
    assertThat(peek(id).state()).isEqualTo(JobState.READY);

    Job job = reserveNow(pipeline);
    assertThat(job.id()).isEqualTo(id);
    assertThat(job.payloadText()).isEqualTo("hello");
    queue.delete(job);

    assertThat(queue.peek(id)).as("a deleted job").isEmpty();
    assertThat(pipeline.stats().total()).isZero();
    assertNothingReady(pipeline);
  }

  @Test
  void reservedJobCarriesItsFields() {
    Pipeline pipeline = newPipeline();
    Instant before = Instant.now();
    long id =
        pipeline.addText(
            "fields", JobOptions.DEFAULT.withPriority(7).withTtr(Duration.ofSeconds(30)));

    Job job = reserveNow(pipeline);
    assertThat(job.id()).isEqualTo(id);
    assertThat(job.pipeline()).isEqualTo(pipeline.name());
    assertThat(job.priority()).isEqualTo(7);
    assertThat(job.ttr()).isEqualTo(Duration.ofSeconds(30));
    assertThat(job.state()).isEqualTo(JobState.RESERVED);
    assertThat(job.reserves()).isEqualTo(1);
    assertThat(job.attempts()).isEqualTo(1);
    assertCounters(job, 0, 0, 0, 0);
    assertThat(job.lease()).as("lease of a reserved job").isNotZero();
    // Generous bounds: they catch time zone and unit mistakes (hours off), not clock drift.
    assertThat(job.createdAt())
        .isBetween(before.minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofMinutes(5)));
    assertThat(peek(id).state()).isEqualTo(JobState.RESERVED);
    queue.delete(job);
  }

  @Test
  void defaultOptionsArePriority1024AndTtr60s() {
    Pipeline pipeline = newPipeline();
    pipeline.addText("defaults");
    Job job = reserveNow(pipeline);
    assertThat(job.priority()).isEqualTo(JobOptions.DEFAULT_PRIORITY);
    assertThat(job.ttr()).isEqualTo(JobOptions.DEFAULT_TTR);
    queue.delete(job);
  }

  @Test
  void bytePayloadRoundTripsExactly() {
    Pipeline pipeline = newPipeline();
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    long id = pipeline.addJob(every);
    long emptyId = pipeline.addJob(new byte[0]);

    assertThat(peek(id).payload()).isEqualTo(every);
    Job job = reserveNow(pipeline);
    assertThat(job.id()).isEqualTo(id);
    assertThat(job.payload()).isEqualTo(every);
    Job empty = reserveNow(pipeline);
    assertThat(empty.id()).isEqualTo(emptyId);
    assertThat(empty.payload()).isEmpty();
    queue.delete(List.of(job, empty));
  }

  @Test
  void textPayloadRoundTripsAsUtf8() {
    Pipeline pipeline = newPipeline();
    String text = "héllo wörld ✓ 日本語 🚀 \u0000 end";
    pipeline.addText(text);
    Job job = reserveNow(pipeline);
    assertThat(job.payloadText()).isEqualTo(text);
    assertThat(job.payload()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    queue.delete(job);
  }

  @Test
  void jsonPayloadRoundTrips() {
    Pipeline pipeline = newPipeline();
    Order order = new Order("Ada Lovelace", 3, List.of("engine", "card ✓"));
    pipeline.addJson(order);
    pipeline.addJson(
        List.of(order, new Order("Grace", 1, List.of())), JobOptions.DEFAULT.withPriority(2000));

    Job one = reserveNow(pipeline);
    assertThat(one.payloadJson(Order.class)).isEqualTo(order);
    assertThat(one.payloadJson(new TypeReference<Map<String, Object>>() {}))
        .containsEntry("quantity", 3);
    Job list = reserveNow(pipeline);
    assertThat(list.payloadJson(new TypeReference<List<Order>>() {}))
        .containsExactly(order, new Order("Grace", 1, List.of()));
    queue.delete(List.of(one, list));
  }

  @Test
  void idsAreUniqueAcrossPipelines() {
    Pipeline first = newPipeline();
    Pipeline second = newPipeline();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      ids.add(first.addText("a" + i));
      ids.add(second.addText("b" + i));
    }
    ids.addAll(first.addJobs(List.of(NewJob.text("c1"), NewJob.text("c2"))));
    assertThat(ids).hasSize(52).allSatisfy(id -> assertThat(id).isPositive());
  }

  @Test
  void everyAllowedNameCharacterAndTheLongestNameWork() {
    String allowed = "a-Z09+/;.$_()" + TestNames.pipeline();
    String longest =
        (TestNames.pipeline() + "x".repeat(Pipeline.MAX_NAME_LENGTH))
            .substring(0, Pipeline.MAX_NAME_LENGTH);
    for (String name : List.of(allowed, longest)) {
      Pipeline pipeline = queue.selectPipeline(name);
      assertThat(pipeline.name()).isEqualTo(name);
      long id = pipeline.addText("named");
      Job job = reserveNow(pipeline);
      assertThat(job.id()).isEqualTo(id);
      assertThat(job.pipeline()).isEqualTo(name);
      assertThat(queue.pipelines()).contains(name);
      queue.delete(job);
    }
  }

  // ---- priority, FIFO, several pipelines, reserve timeout
  @Test
  void lowestPriorityValueFirstThenOldest() {
    Pipeline pipeline = newPipeline();
    long p5a = pipeline.addText("5a", priority(5));
    long p1a = pipeline.addText("1a", priority(1));
    long p5b = pipeline.addText("5b", priority(5));
    long p0 = pipeline.addText("0", priority(0));
    long p1b = pipeline.addText("1b", priority(1));

    assertThat(reserveAll(pipeline)).containsExactly(p0, p1a, p1b, p5a, p5b);
  }

  @Test
  void samePriorityIsFirstInFirstOut() {
    Pipeline pipeline = newPipeline();
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      added.add(pipeline.addText("fifo " + i));
    }
    assertThat(reserveAll(pipeline)).containsExactlyElementsOf(added);
  }

  @Test
  void extremePrioritiesAreKeptExactly() {
    Pipeline pipeline = newPipeline();
    long least = pipeline.addText("least", priority(JobOptions.MAX_PRIORITY));
    long mid = pipeline.addText("above int range", priority(Integer.MAX_VALUE + 1L));
    long most = pipeline.addText("most", priority(JobOptions.MIN_PRIORITY));

    assertThat(peek(least).priority()).isEqualTo(JobOptions.MAX_PRIORITY);
    assertThat(peek(mid).priority()).isEqualTo(Integer.MAX_VALUE + 1L);
    assertThat(reserveAll(pipeline)).containsExactly(most, mid, least);
  }

  @Test
  void reserveFromSeveralPipelinesTakesTheMostUrgentOfAll() {
    Pipeline first = newPipeline();
    Pipeline second = newPipeline();
    long f10 = first.addText("f10", priority(10));
    long s5 = second.addText("s5", priority(5));
    long f3 = first.addText("f3", priority(3));
    long s1 = second.addText("s1", priority(1));
    long s7a = second.addText("s7a", priority(7));
    long f7b = first.addText("f7b", priority(7));

    List<Long> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Job job = reserveNow(first, second);
      order.add(job.id());
      queue.delete(job);
    }
    assertThat(order).containsExactly(s1, f3, s5, s7a, f7b, f10);
  }

  @Test
  void reserveTakesOnlyFromTheNamedPipelines() {
    Pipeline watched = newPipeline();
    Pipeline other = newPipeline();
    long otherId = other.addText("not watched", priority(0));
    long watchedId = watched.addText("watched", priority(100));

    Job job = reserveNow(watched);
    assertThat(job.id()).isEqualTo(watchedId);
    queue.delete(job);
    assertNothingReady(watched);
    assertThat(peek(otherId).state()).isEqualTo(JobState.READY);
  }

  @Test
  void reserveReturnsEmptyWhenTheTimeoutPasses() {
    Pipeline pipeline = newPipeline();
    assertThat(queue.reserve(pipeline.name(), Duration.ZERO)).isEmpty();

    Duration timeout = Duration.ofSeconds(1);
    long start = System.nanoTime();
    Optional<Job> job = queue.reserve(pipeline.name(), timeout);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(job).isEmpty();
    assertThat(waited)
        .as("time reserve waited for a ready job")
        .isGreaterThanOrEqualTo(timeout.minus(CLOCK_TOLERANCE));
  }

  @Test
  void aJobAddedWhileAReserverWaitsIsDeliveredToIt() throws Exception {
    Pipeline pipeline = newPipeline();
    CompletableFuture<Optional<Job>> waiting = new CompletableFuture<>();
    Thread reserver =
        Thread.ofVirtual()
            .name("waiting-reserver")
            .start(() -> {
              try {
                waiting.complete(queue.reserve(pipeline.name(), READY_WAIT));
              } catch (Throwable e) {
                waiting.completeExceptionally(e);
              }
            });
    // A virtual thread blocked inside reserve (on a lock, a condition or a socket) is WAITING or
    // TIMED_WAITING.
    eventually()
        .until(() ->
            waiting.isDone()
                || reserver.getState() == Thread.State.WAITING
                || reserver.getState() == Thread.State.TIMED_WAITING);
    assertThat(waiting).as("reserve on an empty pipeline").isNotDone();
    long id = pipeline.addText("wake up");

    Optional<Job> job = waiting.get();
    assertThat(job).as("the job added while reserve waited").isPresent();
    assertThat(job.get().id()).isEqualTo(id);
    queue.delete(job.get());
  }

  // ---- delayed jobs
  @Test
  void aDelayedJobBecomesReadyWhenItsDelayEnds() {
    Pipeline pipeline = newPipeline();
    Duration delay = Duration.ofSeconds(1);
    long start = System.nanoTime();
    long soon = pipeline.addText("soon", JobOptions.DEFAULT.withDelay(delay));
    long later = pipeline.addText("later", JobOptions.DEFAULT.withDelay(LONG_DELAY));

    assertThat(peek(later).state()).isEqualTo(JobState.DELAYED);
    assertThat(pipeline.stats().ready()).isZero();

    Job job =
        eventually()
            .until(() -> queue.reserve(pipeline.name(), Duration.ZERO), Optional::isPresent)
            .get();
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(job.id()).isEqualTo(soon);
    assertThat(waited)
        .as("time until the delayed job was reservable")
        .isGreaterThanOrEqualTo(delay.minus(CLOCK_TOLERANCE));
    assertThat(peek(later).state()).as("the job delayed for an hour").isEqualTo(JobState.DELAYED);
    assertNothingReady(pipeline);
    queue.delete(job);
  }

  @Test
  void aDelayedJobIsNotReservable() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("later", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    assertThat(peek(id).state()).isEqualTo(JobState.DELAYED);
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 1, 0));
    assertNothingReady(pipeline);
    assertThat(queue.reserve(pipeline.name(), Duration.ofMillis(500))).isEmpty();
  }

  @Test
  void peekDelayedGivesTheJobWhoseDelayEndsFirst() {
    Pipeline pipeline = newPipeline();
    pipeline.addText("two hours", JobOptions.DEFAULT.withDelay(LONG_DELAY.multipliedBy(2)));
    long first = pipeline.addText("one hour", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    pipeline.addText("ready now");

    Job delayed = pipeline.peekDelayed().orElseThrow();
    assertThat(delayed.id()).isEqualTo(first);
    assertThat(delayed.state()).isEqualTo(JobState.DELAYED);
    assertThat(delayed.lease()).isZero();
  }

  // ---- TTR expiry and touch
  @Test
  void aJobNotFinishedWithinItsTtrIsReadyAgainAndRedelivered() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("slow", JobOptions.DEFAULT.withTtr(SHORT_TTR));
    Job first = reserveNow(pipeline);

    Job expired = awaitState(id, JobState.READY);
    assertThat(expired.timeouts()).isEqualTo(1);
    assertThat(expired.reserves()).isEqualTo(1);
    assertThat(pipeline.stats()).satisfies(counts(0, 1, 0, 0, 0));

    Job second = reserveNow(pipeline);
    assertThat(second.id()).isEqualTo(id);
    assertThat(second.reserves()).isEqualTo(2);
    assertThat(second.timeouts()).isEqualTo(1);
    assertThat(second.lease())
        .as("lease of the second reservation")
        .isNotZero()
        .isNotEqualTo(first.lease());
    queue.delete(second);
  }

  @Test
  void aJobWhoseTtrRanOutTakesItsPlaceAmongTheReadyJobsByPriorityThenAge() {
    Pipeline pipeline = newPipeline();
    long ranOut = pipeline.addText("ran out", priority(10).withTtr(SHORT_TTR));
    reserveNow(pipeline);
    long sameNewer = pipeline.addText("same priority, added later", priority(10));
    long moreUrgent = pipeline.addText("more urgent", priority(5));
    long lessUrgent = pipeline.addText("less urgent", priority(20));
    awaitState(ranOut, JobState.READY);

    assertThat(reserveAll(pipeline)).containsExactly(moreUrgent, ranOut, sameNewer, lessUrgent);
  }

  @Test
  void touchExtendsTheReservation() throws InterruptedException {
    Pipeline pipeline = newPipeline();
    Duration ttr = Duration.ofSeconds(2);
    long id = pipeline.addText("long running", JobOptions.DEFAULT.withTtr(ttr));
    Job job = reserveNow(pipeline);

    // Touch often for twice the TTR: without touch the reservation would have ended half-way, and
    // the next touch would fail. Pauses of up to most of a TTR between touches are tolerated.
    long end = System.nanoTime() + ttr.multipliedBy(2).toNanos();
    int touches = 0;
    while (System.nanoTime() < end) {
      queue.touch(job);
      touches++;
      Thread.sleep(250);
    }
    Job held = peek(id);
    assertThat(held.state()).as("job after %s touches", touches).isEqualTo(JobState.RESERVED);
    assertThat(held.timeouts()).isZero();
    assertThat(held.reserves()).isEqualTo(1);
    queue.delete(job);
    assertThat(queue.peek(id)).isEmpty();
  }

  // ---- fencing: only the current holder acts on a job
  @Test
  void afterItsReservationEndedTheOldHolderCanChangeNothing() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("fenced", JobOptions.DEFAULT.withTtr(SHORT_TTR));
    Job stale = reserveNow(pipeline);
    Job expired = awaitState(id, JobState.READY);

    assertEveryActionIsRefused(stale);
    assertUnchanged(expired);
    assertThat(pipeline.stats()).satisfies(counts(0, 1, 0, 0, 0));
    Job again = reserveNow(pipeline);
    assertThat(again.id()).isEqualTo(id);
    queue.delete(again);
  }

  @Test
  void whenAnotherQueueTookTheJobOnlyTheNewHolderCanFinishIt() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("fenced", JobOptions.DEFAULT.withTtr(SHORT_TTR));
    Job stale = reserveNow(pipeline);
    awaitState(id, JobState.READY);

    try (JobQueue otherWorker = backend.open()) {
      Job current = otherWorker.reserve(pipeline.name(), READY_WAIT).orElseThrow();
      assertThat(current.id()).isEqualTo(id);
      assertThat(current.reserves()).isEqualTo(2);

      Job before = peek(id);
      assertThat(before.state()).isEqualTo(JobState.RESERVED);
      assertEveryActionIsRefused(stale);
      assertUnchanged(before);
      otherWorker.delete(current);
    }
    assertThat(queue.peek(id)).as("job deleted by the new holder").isEmpty();
  }

  @Test
  void whenTheSameQueueReservedTheJobAgainTheOldJobObjectIsFenced() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("fenced", JobOptions.DEFAULT.withTtr(SHORT_TTR));
    Job stale = reserveNow(pipeline);
    awaitState(id, JobState.READY);
    Job current = reserveNow(pipeline);
    assertThat(current.id()).isEqualTo(id);

    assertEveryActionIsRefused(stale);
    Job now = peek(id);
    assertThat(now.state()).isEqualTo(JobState.RESERVED);
    assertCounters(now, 0, 1, 0, 0);
    queue.delete(current);
    assertThat(queue.peek(id)).isEmpty();
  }

  @Test
  void aJobFromPeekCarriesNoReservation() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("peeked");
    Job peeked = peek(id);
    assertThat(peeked.lease()).isZero();
    assertEveryActionIsRefused(peeked);

    reserveNow(pipeline);
    Job reservedPeek = peek(id);
    assertThat(reservedPeek.state()).isEqualTo(JobState.RESERVED);
    assertThat(reservedPeek.lease()).as("lease of a job returned by peek").isZero();
    assertThatThrownBy(() -> queue.delete(reservedPeek))
        .isInstanceOf(JobNotReservedException.class);
    assertThat(peek(id).state()).isEqualTo(JobState.RESERVED);
  }

  @Test
  void deletingTwiceFails() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("once");
    Job job = reserveNow(pipeline);
    queue.delete(job);
    assertThatThrownBy(() -> queue.delete(job))
        .isInstanceOf(JobNotReservedException.class)
        .hasMessageContaining(String.valueOf(id));
  }

  @Test
  void aReleasedOrBuriedJobObjectHoldsNoReservation() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("given back");
    Job released = reserveNow(pipeline);
    queue.release(released);
    assertEveryActionIsRefused(released);
    assertThat(peek(id).state()).isEqualTo(JobState.READY);

    Job buried = reserveNow(pipeline);
    queue.bury(buried, "broken");
    assertEveryActionIsRefused(buried);
    Job now = peek(id);
    assertThat(now.state()).isEqualTo(JobState.BURIED);
    assertCounters(now, 1, 0, 1, 0);
  }

  private void assertEveryActionIsRefused(Job stale) {
    List<Map.Entry<String, ThrowingCallable>> actions =
        List.of(
            Map.entry("delete", () -> queue.delete(stale)),
            Map.entry("delete(list)", () -> queue.delete(List.of(stale))),
            Map.entry("release", () -> queue.release(stale)),
            Map.entry(
                "release(priority, delay)", () -> queue.release(stale, 1, Duration.ofSeconds(5))),
            Map.entry("bury", () -> queue.bury(stale, "stale")),
            Map.entry("touch", () -> queue.touch(stale)));
    for (Map.Entry<String, ThrowingCallable> action : actions) {
      assertThatThrownBy(action.getValue())
          .as("%s by a caller that no longer holds %s", action.getKey(), stale)
          .isInstanceOf(JobNotReservedException.class)
          .hasMessageContaining(String.valueOf(stale.id()));
    }
  }

  /** The job is as it was: same state, priority and counters (fenced calls changed nothing). */
  private void assertUnchanged(Job before) {
    assertThat(peek(before.id()))
        .usingRecursiveComparison()
        .ignoringFields("fields.payload", "fields.createdAt", "fields.lease")
        .isEqualTo(before);
  }

  // ---- release, bury, kick
  @Test
  void releaseMakesTheJobReadyWithItsNewPriority() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("retry", priority(500));
    long other = pipeline.addText("other", priority(100));
    Job job = reserveNow(pipeline);
    assertThat(job.id()).isEqualTo(other);
    Job retry = reserveNow(pipeline);
    queue.release(retry, 10, Duration.ZERO);

    Job released = peek(id);
    assertThat(released.state()).isEqualTo(JobState.READY);
    assertThat(released.priority()).isEqualTo(10);
    assertCounters(released, 1, 0, 0, 0);
    assertThat(pipeline.stats()).satisfies(counts(1, 1, 1, 0, 0));

    Job again = reserveNow(pipeline);
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.reserves()).isEqualTo(2);
    assertThat(again.releases()).isEqualTo(1);
    queue.delete(List.of(job, again));
  }

  @Test
  void releaseWithoutArgumentsKeepsThePriority() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("retry", priority(77));
    queue.release(reserveNow(pipeline));
    assertThat(peek(id).priority()).isEqualTo(77);
    assertThat(peek(id).state()).isEqualTo(JobState.READY);
  }

  @Test
  void releaseWithADelayMakesTheJobDelayed() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("later");
    queue.release(reserveNow(pipeline), 5, LONG_DELAY);

    Job released = peek(id);
    assertThat(released.state()).isEqualTo(JobState.DELAYED);
    assertThat(released.priority()).isEqualTo(5);
    assertCounters(released, 1, 0, 0, 0);
    assertThat(pipeline.peekDelayed().map(Job::id)).contains(id);
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 1, 0));
    assertNothingReady(pipeline);
  }

  @Test
  void releaseWithAShortDelayComesBack() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("soon");
    queue.release(reserveNow(pipeline), 5, Duration.ofSeconds(1));
    Job again =
        eventually()
            .until(() -> queue.reserve(pipeline.name(), Duration.ZERO), Optional::isPresent)
            .get();
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.reserves()).isEqualTo(2);
    queue.delete(again);
  }

  @Test
  void buryPutsTheJobAsideWithItsReason() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("poison");
    queue.bury(reserveNow(pipeline), "parse error at line 3");

    Job buried = peek(id);
    assertThat(buried.state()).isEqualTo(JobState.BURIED);
    assertCounters(buried, 0, 0, 1, 0);
    if (backend.capabilities().storesBuryReason()) {
      assertThat(buried.buryReason()).isEqualTo("parse error at line 3");
    }
    assertThat(pipeline.peekBuried().map(Job::id)).contains(id);
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 0, 1));
    assertNothingReady(pipeline);
  }

  @Test
  void buryAcceptsANullReason() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("no reason");
    queue.bury(reserveNow(pipeline), null);
    assertThat(peek(id).state()).isEqualTo(JobState.BURIED);
  }

  @Test
  void kickMovesBuriedJobsFirstThenDelayedOnes() {
    Pipeline pipeline = newPipeline();
    long buriedFirst = pipeline.addText("b1");
    long buriedSecond = pipeline.addText("b2");
    long delayedFirst = pipeline.addText("d1", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    long delayedSecond =
        pipeline.addText("d2", JobOptions.DEFAULT.withDelay(LONG_DELAY.multipliedBy(2)));
    queue.bury(reserveNow(pipeline), "1");
    queue.bury(reserveNow(pipeline), "2");
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 2, 2));

    assertThat(pipeline.kick(1)).isEqualTo(1);
    assertThat(peek(buriedFirst).state()).as("oldest buried job").isEqualTo(JobState.READY);
    assertCounters(peek(buriedFirst), 0, 0, 1, 1);
    assertThat(pipeline.stats()).satisfies(counts(0, 1, 0, 2, 1));

    assertThat(pipeline.kick(10))
        .as("kick while jobs are buried moves only buried ones")
        .isEqualTo(1);
    assertThat(peek(buriedSecond).state()).isEqualTo(JobState.READY);
    assertThat(pipeline.stats()).satisfies(counts(0, 2, 0, 2, 0));

    assertThat(pipeline.kick(10)).isEqualTo(2);
    for (long id : List.of(delayedFirst, delayedSecond)) {
      Job kicked = peek(id);
      assertThat(kicked.state()).isEqualTo(JobState.READY);
      assertCounters(kicked, 0, 0, 0, 1);
    }
    assertThat(pipeline.stats()).satisfies(counts(0, 4, 0, 0, 0));
    assertThat(pipeline.kick(10)).as("kick with nothing buried or delayed").isZero();
    assertThat(pipeline.kick(0)).isZero();
  }

  @Test
  void countersCountTheJobsThisQueueAddedAndKickedPerPipeline() {
    Pipeline pipeline = newPipeline();
    Pipeline other = newPipeline();
    assertThat(pipeline.counters()).isEqualTo(new PipelineCounters(pipeline.name(), 0, 0));
    long delayed = pipeline.addText("delayed", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    pipeline.addJobs(List.of(NewJob.text("a"), NewJob.text("b")));
    pipeline.addJobs(List.of());
    other.addText("elsewhere");
    queue.bury(reserveNow(pipeline), "for the kick");
    assertThat(pipeline.kick(10)).isEqualTo(1);
    assertThat(pipeline.kick(10)).as("nothing buried: the delayed job").isEqualTo(1);
    assertThat(pipeline.kickJob(delayed)).as("ready already, not counted").isFalse();

    assertThat(queue.selectPipeline(pipeline.name()).counters())
        .as("counted per queue, whichever handle")
        .isEqualTo(new PipelineCounters(pipeline.name(), 3, 2));
    assertThat(other.counters()).isEqualTo(new PipelineCounters(other.name(), 1, 0));
  }

  @Test
  void kickJobMovesOneBuriedOrDelayedJob() {
    Pipeline pipeline = newPipeline();
    long buried = pipeline.addText("buried", priority(1));
    long delayed = pipeline.addText("delayed", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    queue.bury(reserveNow(pipeline), "x");
    long ready = pipeline.addText("ready", priority(2000));
    long reserved = pipeline.addText("reserved", priority(1));
    Job held = reserveNow(pipeline);
    assertThat(held.id()).isEqualTo(reserved);

    assertThat(pipeline.kickJob(buried)).isTrue();
    assertThat(peek(buried).state()).isEqualTo(JobState.READY);
    assertCounters(peek(buried), 0, 0, 1, 1);
    assertThat(pipeline.kickJob(delayed)).isTrue();
    assertThat(peek(delayed).state()).isEqualTo(JobState.READY);
    assertCounters(peek(delayed), 0, 0, 0, 1);

    assertThat(pipeline.kickJob(ready)).as("kickJob of a ready job").isFalse();
    assertThat(pipeline.kickJob(buried)).as("kickJob of a job kicked already").isFalse();
    assertThat(pipeline.kickJob(reserved)).as("kickJob of a reserved job").isFalse();
    assertThat(peek(reserved).state()).isEqualTo(JobState.RESERVED);
    assertCounters(peek(ready), 0, 0, 0, 0);
    queue.delete(held);
  }

  @Test
  void kickJobOfAnUnknownIdOrAnotherPipelinesJobFails() {
    Pipeline pipeline = newPipeline();
    Pipeline other = newPipeline();
    long foreign = other.addText("foreign", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    long gone = pipeline.addText("gone");
    queue.delete(reserveNow(pipeline));

    for (long id : List.of(gone, Long.MAX_VALUE, foreign)) {
      assertThatThrownBy(() -> pipeline.kickJob(id))
          .isInstanceOf(JobNotFoundException.class)
          .hasMessageContaining(String.valueOf(id));
    }
    assertThat(peek(foreign).state()).as("the other pipeline's job").isEqualTo(JobState.DELAYED);
    assertCounters(peek(foreign), 0, 0, 0, 0);
  }

  @Test
  void aKickedJobCountsItsAttemptsAgainAndKeepsItsLifetimeCounters() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("flaky");
    queue.release(reserveNow(pipeline));
    Job second = reserveNow(pipeline);
    assertThat(second.attempts()).isEqualTo(2);
    queue.bury(second, "gave up");
    assertThat(pipeline.kickJob(id)).isTrue();

    Job afterKickJob = reserveNow(pipeline);
    assertThat(afterKickJob.reserves()).isEqualTo(3);
    assertCounters(afterKickJob, 1, 0, 1, 1);
    assertThat(afterKickJob.attempts())
        .as("attempts after kickJob")
        .isEqualTo(backend.capabilities().countsAttemptsSinceKick() ? 1 : 3);
    queue.bury(afterKickJob, "gave up again");
    assertThat(pipeline.kick(1)).isEqualTo(1);
    assertThat(peek(id).attempts())
        .as("attempts of a kicked job before its next reserve")
        .isEqualTo(backend.capabilities().countsAttemptsSinceKick() ? 0 : 3);

    Job afterKick = reserveNow(pipeline);
    assertThat(afterKick.reserves()).isEqualTo(4);
    assertCounters(afterKick, 1, 0, 2, 2);
    assertThat(afterKick.attempts())
        .as("attempts after kick")
        .isEqualTo(backend.capabilities().countsAttemptsSinceKick() ? 1 : 4);
    queue.delete(afterKick);
  }

  // ---- admin: delete by id, purge
  @Test
  void deleteJobDeletesAReadyDelayedOrBuriedJob() {
    Pipeline pipeline = newPipeline();
    long buried = pipeline.addText("buried");
    queue.bury(reserveNow(pipeline), "x");
    long ready = pipeline.addText("ready");
    long delayed = pipeline.addText("delayed", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    assertThat(pipeline.stats()).satisfies(counts(0, 1, 0, 1, 1));

    for (long id : List.of(ready, delayed, buried)) {
      queue.deleteJob(id);
      assertThat(queue.peek(id)).as("job %d after deleteJob", id).isEmpty();
    }
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 0, 0));
    assertThatThrownBy(() -> queue.deleteJob(ready))
        .isInstanceOf(JobNotFoundException.class)
        .hasMessageContaining(String.valueOf(ready));
    assertThatThrownBy(() -> queue.forceDeleteJob(Long.MAX_VALUE))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void deleteJobRefusesAReservedJobAndChangesNothing() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("in progress");
    Job held = reserveNow(pipeline);

    assertThatThrownBy(() -> queue.deleteJob(id))
        .isInstanceOf(JobReservedException.class)
        .hasMessageContaining(String.valueOf(id))
        .hasMessageContaining(pipeline.name())
        .hasMessageContaining("forceDeleteJob");
    assertThat(peek(id).state()).isEqualTo(JobState.RESERVED);
    queue.delete(held);
    assertThat(queue.peek(id)).isEmpty();
  }

  @Test
  void forceDeleteJobDeletesAReservedJobAndTheHolderCanChangeNothing() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("stuck");
    Job held;
    try (JobQueue holder = backend.open()) {
      held = holder.reserve(pipeline.name(), READY_WAIT).orElseThrow();
      if (!backend.capabilities().forceDeletesReserved()) {
        assertThatThrownBy(() -> queue.forceDeleteJob(id))
            .isInstanceOf(UnsupportedByBackendException.class);
        assertThat(peek(id).state()).isEqualTo(JobState.RESERVED);
        holder.delete(held);
        return;
      }
      queue.forceDeleteJob(id);
      assertThat(queue.peek(id)).isEmpty();
      for (ThrowingCallable call :
          List.<ThrowingCallable>of(
              () -> holder.touch(held),
              () -> holder.release(held),
              () -> holder.bury(held, "late"),
              () -> holder.delete(held))) {
        assertThatThrownBy(call)
            .isInstanceOf(JobNotReservedException.class)
            .hasMessageContaining(String.valueOf(id));
      }
    }
    assertThat(queue.peek(id))
        .as("the holder's refused acknowledgements brought nothing back")
        .isEmpty();
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 0, 0));
  }

  @Test
  void forceDeleteJobDeletesAJobInAnyOtherStateToo() {
    Pipeline pipeline = newPipeline();
    long buried = pipeline.addText("buried");
    queue.bury(reserveNow(pipeline), "x");
    long delayed = pipeline.addText("delayed", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    queue.forceDeleteJob(buried);
    queue.forceDeleteJob(delayed);
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 0, 0));
  }

  @Test
  void purgeDeletesEveryJobOfOneStateOfOnePipelineAndSaysHowMany() {
    Pipeline pipeline = newPipeline();
    Pipeline other = newPipeline();
    long otherBuried = other.addText("other buried");
    queue.bury(reserveNow(other), "x");
    for (int i = 0; i < 3; i++) {
      pipeline.addText("to bury " + i, priority(1));
    }
    for (int i = 0; i < 3; i++) {
      queue.bury(reserveNow(pipeline), "b" + i);
    }
    pipeline.addText("ready 1");
    pipeline.addText("ready 2");
    long reserved = pipeline.addText("reserved", priority(0));
    Job held = reserveNow(pipeline);
    assertThat(held.id()).isEqualTo(reserved);
    pipeline.addText("delayed 1", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    pipeline.addText("delayed 2", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    assertThat(pipeline.stats()).satisfies(counts(0, 2, 1, 2, 3));

    assertThat(pipeline.purge(JobState.BURIED)).isEqualTo(3);
    assertThat(pipeline.stats()).satisfies(counts(0, 2, 1, 2, 0));
    assertThat(pipeline.purge(JobState.BURIED)).as("nothing left to purge").isZero();
    assertThat(pipeline.purge(JobState.DELAYED)).isEqualTo(2);
    assertThat(pipeline.purge(JobState.READY)).isEqualTo(2);
    assertThat(pipeline.stats()).as("the reserved job stays").satisfies(counts(0, 0, 1, 0, 0));
    assertThatThrownBy(() -> pipeline.purge(JobState.RESERVED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("READY, DELAYED or BURIED");
    queue.delete(held);
    assertThat(peek(otherBuried).state())
        .as("another pipeline's buried job")
        .isEqualTo(JobState.BURIED);
  }

  // ---- peek
  @Test
  void peekByIdFindsAJobInEveryState() {
    Pipeline pipeline = newPipeline();
    long ready =
        pipeline.addText("r", JobOptions.DEFAULT.withPriority(3).withTtr(Duration.ofSeconds(45)));
    long delayed = pipeline.addText("d", JobOptions.DEFAULT.withDelay(LONG_DELAY));

    Job job = peek(ready);
    assertThat(job.pipeline()).isEqualTo(pipeline.name());
    assertThat(job.payloadText()).isEqualTo("r");
    assertThat(job.priority()).isEqualTo(3);
    assertThat(job.ttr()).isEqualTo(Duration.ofSeconds(45));
    assertThat(job.state()).isEqualTo(JobState.READY);
    assertThat(job.reserves()).isZero();
    assertThat(job.lease()).isZero();
    assertThat(peek(delayed).state()).isEqualTo(JobState.DELAYED);
    reserveNow(pipeline);
    assertThat(peek(ready).state()).isEqualTo(JobState.RESERVED);
  }

  @Test
  void peekOfAnUnknownIdIsEmpty() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("gone");
    queue.delete(reserveNow(pipeline));
    assertThat(queue.peek(id)).isEmpty();
    assertThat(queue.peek(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void peekOnAnEmptyPipelineFindsNothing() {
    Pipeline pipeline = newPipeline();
    assertThat(pipeline.peekReady()).isEmpty();
    assertThat(pipeline.peekDelayed()).isEmpty();
    assertThat(pipeline.peekBuried()).isEmpty();
    assertThat(pipeline.stats()).satisfies(counts(0, 0, 0, 0, 0));
    assertThat(pipeline.stats().pipeline()).isEqualTo(pipeline.name());
  }

  @Test
  void peekReadyGivesTheJobThatWouldBeReservedNext() {
    Pipeline pipeline = newPipeline();
    pipeline.addText("later", priority(50));
    long next = pipeline.addText("next", priority(5));
    pipeline.addText("same priority, newer", priority(5));

    Job peeked = pipeline.peekReady().orElseThrow();
    assertThat(peeked.id()).isEqualTo(next);
    assertThat(peeked.state()).isEqualTo(JobState.READY);
    assertThat(reserveNow(pipeline).id()).isEqualTo(next);
  }

  @Test
  void peekBuriedGivesTheOldestBuriedJob() {
    Pipeline pipeline = newPipeline();
    long first = pipeline.addText("first");
    pipeline.addText("second");
    queue.bury(reserveNow(pipeline), "a");
    queue.bury(reserveNow(pipeline), "b");
    Job buried = pipeline.peekBuried().orElseThrow();
    assertThat(buried.id()).isEqualTo(first);
    assertThat(buried.state()).isEqualTo(JobState.BURIED);
  }

  @Test
  void peekListsJobsInTheOrderTheyWouldBeTakenOrSaysItCannot() {
    Pipeline pipeline = newPipeline();
    long r3 = pipeline.addText("r3", priority(3));
    long r1 = pipeline.addText("r1", priority(1));
    long r2 = pipeline.addText("r2", priority(2));
    long d2 = pipeline.addText("d2", JobOptions.DEFAULT.withDelay(LONG_DELAY.multipliedBy(2)));
    long d1 = pipeline.addText("d1", JobOptions.DEFAULT.withDelay(LONG_DELAY));

    if (!backend.capabilities().listsJobs()) {
      assertThatThrownBy(() -> pipeline.peek(JobState.READY, 10))
          .isInstanceOf(UnsupportedByBackendException.class);
      assertThatThrownBy(() -> pipeline.peek(JobState.BURIED, 1, 10))
          .isInstanceOf(UnsupportedByBackendException.class);
      assertThat(pipeline.stats()).satisfies(counts(3, 3, 0, 2, 0));
      return;
    }
    assertThat(pipeline.peek(JobState.READY, 10)).extracting(Job::id).containsExactly(r1, r2, r3);
    assertThat(pipeline.peek(JobState.READY, 2)).extracting(Job::id).containsExactly(r1, r2);
    assertThat(pipeline.peek(JobState.READY, 2, 2))
        .as("the second page of two")
        .extracting(Job::id)
        .containsExactly(r3);
    assertThat(pipeline.peek(JobState.READY, 1, 1)).extracting(Job::id).containsExactly(r2);
    assertThat(pipeline.peek(JobState.READY, 3, 10)).as("a page past the end").isEmpty();
    assertThat(pipeline.peek(JobState.DELAYED, 1, 10)).extracting(Job::id).containsExactly(d2);
    assertThat(pipeline.peek(JobState.DELAYED, 10)).extracting(Job::id).containsExactly(d1, d2);
    assertThat(pipeline.peek(JobState.BURIED, 10)).isEmpty();

    Job first = reserveNow(pipeline);
    Job second = reserveNow(pipeline);
    queue.bury(second, "b");
    assertThat(pipeline.peek(JobState.RESERVED, 10))
        .extracting(Job::id)
        .containsExactly(first.id());
    assertThat(pipeline.peek(JobState.BURIED, 10)).extracting(Job::id).containsExactly(r2);
    assertThat(pipeline.peek(JobState.READY, 10)).extracting(Job::id).containsExactly(r3);
    assertThat(pipeline.peek(JobState.READY, 10))
        .allSatisfy(job -> assertThat(job.lease()).isZero());
  }

  // ---- pause
  @Test
  void aPausedPipelineTakesJobsButGivesNoneUntilResumed() {
    Pipeline pipeline = newPipeline();
    pipeline.pause(LONG_DELAY);
    long id = pipeline.addText("while paused");

    PipelineStats stats = pipeline.stats();
    assertThat(stats.paused()).isTrue();
    assertThat(stats.pauseTimeLeft()).isPositive().isLessThanOrEqualTo(LONG_DELAY);
    assertThat(stats.ready()).isEqualTo(1);
    assertNothingReady(pipeline);
    assertThat(queue.reserve(pipeline.name(), Duration.ofMillis(500))).isEmpty();

    pipeline.resume();
    assertThat(pipeline.stats().paused()).isFalse();
    assertThat(pipeline.stats().pauseTimeLeft()).isZero();
    Job job = reserveNow(pipeline);
    assertThat(job.id()).isEqualTo(id);
    queue.delete(job);
  }

  @Test
  void reserveFromSeveralPipelinesSkipsThePausedOne() {
    Pipeline paused = newPipeline();
    Pipeline open = newPipeline();
    paused.addText("urgent but paused", priority(0));
    long id = open.addText("open", priority(100));
    paused.pause(LONG_DELAY);

    Job job = reserveNow(paused, open);
    assertThat(job.id()).isEqualTo(id);
    assertThat(queue.reserve(List.of(paused.name(), open.name()), Duration.ZERO)).isEmpty();
    queue.delete(job);
    paused.pause(Duration.ZERO);
  }

  @Test
  void aPauseEndsByItself() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("after the pause");
    pipeline.pause(Duration.ofSeconds(1));
    Job job =
        eventually()
            .until(() -> queue.reserve(pipeline.name(), Duration.ZERO), Optional::isPresent)
            .get();
    assertThat(job.id()).isEqualTo(id);
    assertThat(pipeline.stats().paused()).isFalse();
    queue.delete(job);
  }

  // ---- batches and stats
  @Test
  void addJobsReturnsIdsInOrderAndAllAreReservable() {
    Pipeline pipeline = newPipeline();
    List<NewJob> batch =
        List.of(
            NewJob.text("b0"),
            NewJob.text("b1").withOptions(priority(1)),
            NewJob.of("b2".getBytes(StandardCharsets.UTF_8)),
            NewJob.json(new Order("x", 1, List.of())).withOptions(priority(2000)),
            NewJob.text("b4").withOptions(JobOptions.DEFAULT.withDelay(LONG_DELAY)));
    List<Long> ids = pipeline.addJobs(batch);
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    for (int i = 0; i < ids.size(); i++) {
      Job job = peek(ids.get(i));
      assertThat(job.payload())
          .as("payload of job %d of the batch", i)
          .isEqualTo(batch.get(i).payload());
      assertThat(job.priority()).isEqualTo(batch.get(i).options().priority());
    }
    assertThat(peek(ids.get(4)).state()).isEqualTo(JobState.DELAYED);
    assertThat(pipeline.stats()).satisfies(counts(1, 4, 0, 1, 0));
    assertThat(reserveAll(pipeline))
        .containsExactly(ids.get(1), ids.get(0), ids.get(2), ids.get(3));
  }

  @Test
  void addsFromManyThreadsAtOnceEachStoreTheirOwnJob() {
    Pipeline first = newPipeline();
    Pipeline second = newPipeline();
    int threads = 8;
    int perThread = 50;
    // the backend may put adds made at the same moment in one transaction: each caller must
    // still get the id of its own job, in either pipeline
    Map<Long, String> all = new HashMap<>();
    try (ExecutorService adders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Map<Long, String>>> added = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        added.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Map<Long, String> mine = new HashMap<>();
                  for (int i = 0; i < perThread; i++) {
                    Pipeline pipeline = (thread + i) % 2 == 0 ? first : second;
                    String payload = pipeline.name() + " " + thread + "-" + i;
                    mine.put(pipeline.addText(payload), payload);
                  }
                  return mine;
                },
                adders));
      }
      added.forEach(adder -> all.putAll(adder.join()));
    }

    assertThat(all).hasSize(threads * perThread);
    all.forEach((id, payload) -> {
      Job job = peek(id);
      assertThat(job.payloadText()).as("job %d", id).isEqualTo(payload);
      assertThat(payload).startsWith(job.pipeline() + " ");
    });
    assertThat(first.stats().ready() + second.stats().ready()).isEqualTo(threads * perThread);
  }

  @Test
  void anEmptyBatchAddsNothing() {
    Pipeline pipeline = newPipeline();
    assertThat(pipeline.addJobs(List.of())).isEmpty();
    assertThat(pipeline.stats().total()).isZero();
    assertThat(queue.pipelines()).doesNotContain(pipeline.name());
  }

  @Test
  void statsCountJobsByState() {
    Pipeline pipeline = newPipeline();
    pipeline.addText("buried", priority(0));
    queue.bury(reserveNow(pipeline), "b");
    pipeline.addText("reserved", priority(1));
    Job held = reserveNow(pipeline);
    pipeline.addText("urgent 10", priority(10));
    pipeline.addText("urgent 1023", priority(1023));
    pipeline.addText("not urgent 1024", priority(1024));
    pipeline.addText("delayed 1", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    pipeline.addText("delayed 2", JobOptions.DEFAULT.withDelay(LONG_DELAY).withPriority(0));

    PipelineStats stats = pipeline.stats();
    assertThat(stats.pipeline()).isEqualTo(pipeline.name());
    assertThat(stats).satisfies(counts(2, 3, 1, 2, 1));
    assertThat(stats.total()).isEqualTo(7);
    assertThat(stats.paused()).isFalse();

    assertThat(queue.pipelines()).contains(pipeline.name()).isSorted();
    assertThat(queue.stats().pipelines())
        .filteredOn(s -> s.pipeline().equals(pipeline.name()))
        .singleElement()
        .usingRecursiveComparison()
        .isEqualTo(stats);
    assertThat(queue.stats().total()).isGreaterThanOrEqualTo(7);
    queue.delete(held);
    assertThat(pipeline.stats()).satisfies(counts(2, 3, 0, 2, 1));
  }

  @Test
  void reserveBatchTakesTheMostUrgentJobsEachReserved() {
    Pipeline pipeline = newPipeline();
    long low = pipeline.addText("low", priority(9));
    long high = pipeline.addText("high", priority(1));
    long mid = pipeline.addText("mid", priority(5));
    long last = pipeline.addText("last", priority(20));

    List<Job> batch = queue.reserveBatch(List.of(pipeline.name()), 3, READY_WAIT);
    assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(batch)
        .extracting(Job::id)
        .containsExactlyElementsOf(List.of(high, mid, low).subList(0, batch.size()));
    assertThat(batch)
        .allSatisfy(job -> {
          assertThat(job.state()).isEqualTo(JobState.RESERVED);
          assertThat(job.lease()).isNotZero();
          assertThat(peek(job.id()).state()).isEqualTo(JobState.RESERVED);
        });
    queue.delete(batch);
    assertThat(batch).allSatisfy(job -> assertThat(queue.peek(job.id())).isEmpty());
    assertThat(peek(last).state()).isEqualTo(JobState.READY);
    assertThat(queue.reserveBatch(List.of(newPipeline().name()), 5, Duration.ZERO)).isEmpty();
  }

  @Test
  void deletingSeveralDeletesTheHeldOnesAndNamesTheOthers() {
    Pipeline pipeline = newPipeline();
    pipeline.addText("a");
    pipeline.addText("b");
    Job first = reserveNow(pipeline);
    Job second = reserveNow(pipeline);
    queue.delete(first);

    assertThatThrownBy(() -> queue.delete(List.of(first, second)))
        .isInstanceOf(JobNotReservedException.class)
        .hasMessageContaining(String.valueOf(first.id()));
    assertThat(queue.peek(second.id())).as("the held job of the batch is deleted").isEmpty();
    assertThatCode(() -> queue.delete(List.of())).doesNotThrowAnyException();
  }

  // ---- bad input: specific exceptions, nothing changed
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "-starts-with-dash",
        "has space",
        "star*",
        "ümlaut",
        "tab\there",
        "new\nline",
        "comma,",
        "quote'",
        "colon:",
        "back\\slash",
        "semi;colon-ok-but-then-#"
      })
  void invalidPipelineNamesAreRejected(String name) {
    assertThatThrownBy(() -> queue.selectPipeline(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline name");
    assertThatThrownBy(
            () -> queue.reserve(Arrays.asList(newPipeline().name(), name), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline name");
  }

  @Test
  void aPipelineNameOver200CharactersIsRejected() {
    String name = "a".repeat(Pipeline.MAX_NAME_LENGTH + 1);
    assertThatThrownBy(() -> queue.selectPipeline(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 200");
    assertThat(queue.pipelines()).doesNotContain(name);
  }

  @Test
  void invalidCharactersAreNamedInTheMessage() {
    assertThatThrownBy(() -> queue.selectPipeline("bad name"))
        .hasMessageContaining("bad name")
        .hasMessageContaining("A-Z a-z 0-9");
  }

  @Test
  void aNullPayloadIsRejected() {
    Pipeline pipeline = newPipeline();
    assertThatThrownBy(() -> pipeline.addJob((byte[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("payload");
    assertThatThrownBy(() -> pipeline.addText(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("payload");
    assertThatThrownBy(() -> pipeline.addJob((byte[]) null, JobOptions.DEFAULT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pipeline.addJob("x".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pipeline.addJobs(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pipeline.addJobs(Arrays.asList(NewJob.text("ok"), null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(pipeline.stats().total()).isZero();
  }

  @Test
  void aPayloadAtTheLimitIsAcceptedAndOneByteMoreIsNot() {
    Pipeline pipeline = newPipeline();
    int limit = backend.config().maxPayloadBytes();
    byte[] atLimit = new byte[limit];
    Arrays.fill(atLimit, (byte) 'x');
    atLimit[limit - 1] = (byte) 0xFF;
    long id = pipeline.addJob(atLimit);
    assertThat(peek(id).payload()).isEqualTo(atLimit);

    assertThatThrownBy(() -> pipeline.addJob(new byte[limit + 1]))
        .isInstanceOf(JobTooLargeException.class)
        .hasMessageContaining(String.valueOf(limit))
        .hasMessageContaining(pipeline.name());
    assertThat(pipeline.stats()).satisfies(counts(0, 1, 0, 0, 0));
    Job job = reserveNow(pipeline);
    assertThat(job.payload()).isEqualTo(atLimit);
    queue.delete(job);
  }

  @Test
  void theConfiguredPayloadLimitIsEnforced() {
    JobQueueConfig.Builder small =
        JobQueueConfig.builder(backend.config().url()).maxPayloadBytes(100);
    backend.config().properties().forEach(small::property);
    try (JobQueue limited = JobQueues.open(small.build())) {
      Pipeline pipeline = limited.selectPipeline(TestNames.pipeline());
      pipeline.addJob(new byte[100]);
      assertThatThrownBy(() -> pipeline.addJob(new byte[101]))
          .isInstanceOf(JobTooLargeException.class)
          .hasMessageContaining("100");
      assertThatThrownBy(() -> pipeline.addText("y".repeat(101)))
          .isInstanceOf(JobTooLargeException.class);
      assertThat(pipeline.stats()).satisfies(counts(0, 1, 0, 0, 0));
    }
  }

  @Test
  void anOversizedJobInABatchAddsNoneOfTheBatch() {
    Pipeline pipeline = newPipeline();
    int limit = backend.config().maxPayloadBytes();
    List<NewJob> batch =
        List.of(NewJob.text("fine"), NewJob.of(new byte[limit + 1]), NewJob.text("also fine"));
    assertThatThrownBy(() -> pipeline.addJobs(batch))
        .isInstanceOf(JobTooLargeException.class)
        .hasMessageContaining(String.valueOf(limit));
    assertThat(pipeline.stats().total()).isZero();
    assertNothingReady(pipeline);
  }

  @Test
  void invalidOptionsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> JobOptions.DEFAULT.withPriority(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withPriority(JobOptions.MAX_PRIORITY + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withDelay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withTtr(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttr");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withTtr(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttr");
  }

  @Test
  void invalidArgumentsOnAHeldJobChangeNothing() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("held", priority(50));
    Job job = reserveNow(pipeline);
    String before = peek(id).toString();

    assertThatThrownBy(() -> queue.release(job, -1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> queue.release(job, JobOptions.MAX_PRIORITY + 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> queue.release(job, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("release delay must be zero or positive");
    assertThatThrownBy(() -> queue.release(job, 1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> queue.delete((Job) null)).isInstanceOf(NullPointerException.class);

    assertThat(peek(id).toString()).isEqualTo(before);
    queue.release(job);
    assertCounters(peek(id), 1, 0, 0, 0);
  }

  @Test
  void invalidArgumentsOnAPipelineChangeNothing() {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("stays", JobOptions.DEFAULT.withDelay(LONG_DELAY));
    String before = peek(id).toString();
    PipelineStats statsBefore = pipeline.stats();

    // each message names the argument and says what is allowed
    List<Map.Entry<String, ThrowingCallable>> calls =
        List.of(
            Map.entry(
                "pause duration must be zero or positive",
                () -> pipeline.pause(Duration.ofSeconds(-1))),
            Map.entry("kick bound must be zero or more", () -> pipeline.kick(-1)),
            Map.entry("job id must be 1 or more", () -> pipeline.kickJob(0)),
            Map.entry("job id must be 1 or more", () -> pipeline.kickJob(-5)),
            Map.entry("peek limit must be at least 1", () -> pipeline.peek(JobState.READY, 0)),
            Map.entry(
                "peek offset must be zero or more", () -> pipeline.peek(JobState.READY, -1, 10)),
            Map.entry(
                "purge state must be READY, DELAYED or BURIED",
                () -> pipeline.purge(JobState.RESERVED)),
            Map.entry("job id must be 1 or more", () -> queue.deleteJob(0)),
            Map.entry("job id must be 1 or more", () -> queue.forceDeleteJob(-1)),
            Map.entry("job id must be 1 or more", () -> queue.peek(0)),
            Map.entry(
                "reserve timeout must be zero or positive",
                () -> queue.reserve(pipeline.name(), Duration.ofSeconds(-1))),
            Map.entry(
                "pipelines must name at least one pipeline",
                () -> queue.reserve(List.of(), Duration.ZERO)),
            Map.entry(
                "reserveBatch max must be at least 1",
                () -> queue.reserveBatch(List.of(pipeline.name()), 0, Duration.ZERO)));
    for (Map.Entry<String, ThrowingCallable> call : calls) {
      assertThatThrownBy(call.getValue())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(call.getKey());
    }
    assertThat(peek(id).toString()).isEqualTo(before);
    assertThat(pipeline.stats()).isEqualTo(statsBefore);
  }

  // ---- close
  @Test
  void aClosedQueueRefusesEveryCallAndClosingTwiceIsFine() {
    JobQueue closing = backend.open();
    Pipeline pipeline = closing.selectPipeline(TestNames.pipeline());
    long id = pipeline.addText("before close");
    Job job = closing.reserve(pipeline.name(), READY_WAIT).orElseThrow();
    closing.close();
    assertThatCode(closing::close).as("closing twice").doesNotThrowAnyException();

    List<ThrowingCallable> calls =
        List.of(
            () -> closing.selectPipeline("ct-any"),
            () -> closing.reserve(pipeline.name(), Duration.ZERO),
            () -> closing.reserveBatch(List.of(pipeline.name()), 2, Duration.ZERO),
            () -> closing.delete(job),
            () -> closing.release(job),
            () -> closing.bury(job, "x"),
            () -> closing.touch(job),
            () -> closing.peek(id),
            () -> closing.pipelines(),
            () -> closing.stats(),
            () -> pipeline.addText("after close"),
            () -> pipeline.addJobs(List.of(NewJob.text("after close"))),
            () -> pipeline.stats(),
            () -> pipeline.kick(1),
            () -> pipeline.peekReady(),
            () -> pipeline.purge(JobState.BURIED),
            () -> closing.deleteJob(id),
            () -> closing.forceDeleteJob(id),
            () -> pipeline.pause(Duration.ZERO));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isInstanceOf(JobQueueClosedException.class)
          .hasMessageContaining("closed");
    }
    Job stillHeld = peek(id);
    assertThat(stillHeld.state())
        .as("a job reserved by a closed queue stays reserved until its TTR")
        .isEqualTo(JobState.RESERVED);
    assertThat(queue.selectPipeline(pipeline.name()).stats().total()).isEqualTo(1);
  }

  // ---- live workers

  @Test
  void aWorkerRegistersRenewsAndUnregisters() {
    WorkerInfo worker = workerInfo(Duration.ofSeconds(10), 0);
    queue.heartbeat(worker);
    WorkerInfo shown = registered(worker.id()).orElseThrow();
    assertThat(shown)
        .extracting(
            WorkerInfo::host,
            WorkerInfo::pid,
            WorkerInfo::pipelines,
            WorkerInfo::concurrency,
            WorkerInfo::heartbeatInterval,
            WorkerInfo::jobsHeld,
            WorkerInfo::gone)
        .containsExactly(
            worker.host(),
            worker.pid(),
            worker.pipelines(),
            worker.concurrency(),
            worker.heartbeatInterval(),
            0,
            false);
    // stored to the millisecond (the heartbeat's own time is the backend's)
    assertThat(shown.started()).isEqualTo(worker.started());

    queue.heartbeat(workerInfo(worker.id(), Duration.ofSeconds(10), 3));
    assertThat(registered(worker.id())).map(WorkerInfo::jobsHeld).contains(3);

    queue.unregisterWorker(worker.id());
    assertThat(registered(worker.id())).isEmpty();
    assertThatCode(() -> queue.unregisterWorker(worker.id()))
        .as("unregistering twice")
        .doesNotThrowAnyException();
  }

  @Test
  void aWorkerWithoutHeartbeatsShowsGoneAndIsPrunedLater() {
    // 10 ms: gone after 30 ms, pruned after 600 ms (beanstalkd counts whole seconds)
    WorkerInfo silent = workerInfo(Duration.ofMillis(10), 0);
    WorkerInfo beating = workerInfo(Duration.ofMillis(10), 0);
    queue.heartbeat(silent);
    eventually().until(() -> registered(silent.id()).map(WorkerInfo::gone).orElse(false));
    // any worker's heartbeat prunes those gone for long
    eventually()
        .until(() -> {
          queue.heartbeat(beating);
          return registered(silent.id()).isEmpty();
        });
    queue.unregisterWorker(beating.id());
  }

  @Test
  void badWorkerRegistrationsAreRejected() {
    assertThatThrownBy(() -> workerInfo("", Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker id must be 1 to 200 characters");
    assertThatThrownBy(() -> workerInfo("w", Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatInterval must be at least 1 ms");
    WorkerInfo badPipeline =
        new WorkerInfo(
            "w", "host", 1, List.of("-bad"), 1, Instant.now(), Instant.now(), SHORT_TTR, 0, false);
    assertThatThrownBy(() -> queue.heartbeat(badPipeline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not start with '-'");
  }

  // ---- job history

  @Test
  void historyIsKeptOnlyWherePipelinesKeepItAndPrunedByCount() {
    Pipeline pipeline = newPipeline();
    HistoryRetention twoRecords = new HistoryRetention(Duration.ofHours(1), 2);
    if (!backend.capabilities().keepsHistory()) {
      assertThat(pipeline.historyRetention()).isEmpty();
      assertThatThrownBy(() -> pipeline.keepHistory(twoRecords))
          .isInstanceOf(UnsupportedByBackendException.class)
          .hasMessageContaining("job history is not available");
      assertThatThrownBy(() -> pipeline.history(0, 10))
          .isInstanceOf(UnsupportedByBackendException.class);
      assertThatThrownBy(() -> queue.history(1)).isInstanceOf(UnsupportedByBackendException.class);
      return;
    }
    assertThat(pipeline.historyRetention()).isEmpty();
    pipeline.keepHistory(twoRecords);
    assertThat(pipeline.historyRetention()).contains(twoRecords);

    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pipeline.addText("kept " + i, priority(7));
      jobs.add(reserveNow(pipeline));
    }
    queue.delete(jobs);
    // whole milliseconds: what SQL backends store
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    List<AttemptRecord> attempts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Instant began = start.plusSeconds(10 * i);
      attempts.add(
          AttemptRecord.of(
              jobs.get(i),
              new JobAttempt(
                  "worker-a", began, began.plusMillis(250), AttemptOutcome.FAILED, "boom " + i)));
      attempts.add(
          AttemptRecord.of(
              jobs.get(i),
              new JobAttempt(
                  "worker-b",
                  began.plusSeconds(1),
                  began.plusSeconds(2),
                  AttemptOutcome.SUCCEEDED,
                  "")));
    }
    queue.recordAttempts(attempts);

    // newest end first; the oldest of three went by the count of two
    assertThat(pipeline.history(0, 10))
        .extracting(JobRecord::id)
        .containsExactly(jobs.get(2).id(), jobs.get(1).id());
    assertThat(pipeline.history(1, 10)).extracting(JobRecord::id).containsExactly(jobs.get(1).id());
    assertThat(queue.history(jobs.get(0).id())).isEmpty();
    JobRecord last = queue.history(jobs.get(2).id()).orElseThrow();
    Instant lastBegan = start.plusSeconds(20);
    assertThat(last)
        .extracting(
            JobRecord::pipeline,
            JobRecord::outcome,
            JobRecord::priority,
            JobRecord::payloadBytes,
            JobRecord::finished)
        .containsExactly(pipeline.name(), JobOutcome.FINISHED, 7L, 6, lastBegan.plusSeconds(2));
    assertThat(last.attempts())
        .containsExactly(
            new JobAttempt(
                "worker-a", lastBegan, lastBegan.plusMillis(250), AttemptOutcome.FAILED, "boom 2"),
            new JobAttempt(
                "worker-b",
                lastBegan.plusSeconds(1),
                lastBegan.plusSeconds(2),
                AttemptOutcome.SUCCEEDED,
                ""));

    // turned off: new attempts are not kept, old records stay
    pipeline.keepHistory(null);
    assertThat(pipeline.historyRetention()).isEmpty();
    pipeline.addText("not kept");
    Job notKept = reserveNow(pipeline);
    queue.delete(notKept);
    queue.recordAttempts(
        List.of(
            AttemptRecord.of(
                notKept, new JobAttempt("worker-a", start, start, AttemptOutcome.SUCCEEDED, ""))));
    assertThat(queue.history(notKept.id())).isEmpty();
    assertThat(pipeline.history(0, 10)).hasSize(2);
  }

  @Test
  void historyOlderThanItsMaxAgeIsPrunedAndABuriedJobKickedToSuccessEndsFinished() {
    Pipeline pipeline = newPipeline();
    // what a backend without history says is checked above; here the test is reported skipped
    assumeTrue(backend.capabilities().keepsHistory(), "this backend keeps no job history");
    pipeline.keepHistory(new HistoryRetention(Duration.ofMinutes(1), 100));
    pipeline.addText("old");
    pipeline.addText("kicked");
    Job old = reserveNow(pipeline);
    Job kicked = reserveNow(pipeline);
    queue.delete(old);
    queue.bury(kicked, "first try failed");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    queue.recordAttempts(
        List.of(
            AttemptRecord.of(
                old,
                new JobAttempt(
                    "w",
                    now.minus(Duration.ofHours(2)),
                    now.minus(Duration.ofHours(2)),
                    AttemptOutcome.SUCCEEDED,
                    "")),
            AttemptRecord.of(
                kicked,
                new JobAttempt("w", now, now.plusMillis(1), AttemptOutcome.BURIED, "no disk"))));
    assertThat(queue.history(old.id())).as("a record two hours old").isEmpty();
    assertThat(queue.history(kicked.id())).map(JobRecord::outcome).contains(JobOutcome.BURIED);

    pipeline.kickJob(kicked.id());
    Job again = reserveNow(pipeline);
    queue.delete(again);
    queue.recordAttempts(
        List.of(
            AttemptRecord.of(
                again,
                new JobAttempt(
                    "w", now.plusSeconds(1), now.plusSeconds(2), AttemptOutcome.SUCCEEDED, ""))));
    JobRecord record = queue.history(kicked.id()).orElseThrow();
    assertThat(record.outcome()).isEqualTo(JobOutcome.FINISHED);
    assertThat(record.finished()).isEqualTo(now.plusSeconds(2));
    assertThat(record.attempts())
        .extracting(JobAttempt::outcome)
        .containsExactly(AttemptOutcome.BURIED, AttemptOutcome.SUCCEEDED);
    assertThat(pipeline.history(0, 10)).extracting(JobRecord::id).containsExactly(kicked.id());
  }

  @Test
  void badHistoryArgumentsAreRejected() {
    assertThatThrownBy(() -> new HistoryRetention(Duration.ofMillis(999), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history maxAge must be at least 1 s");
    assertThatThrownBy(() -> new HistoryRetention(Duration.ofDays(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history maxCount must be at least 1");
    assertThatThrownBy(() -> newPipeline().history(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history offset must be zero or more");
    assertThatThrownBy(() -> newPipeline().history(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history limit must be at least 1");
    assertThatThrownBy(() -> queue.history(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job id must be 1 or more");
  }

  // ---- helpers shared by the groups above

  /** A new worker's registration, as {@code Worker} makes it, under a random id. */
  private static WorkerInfo workerInfo(Duration interval, int jobsHeld) {
    return workerInfo("test-" + TestNames.pipeline(), interval, jobsHeld);
  }

  private static WorkerInfo workerInfo(String id, Duration interval, int jobsHeld) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new WorkerInfo(
        id, "host-1", 4242, List.of("mail", "pdf"), 4, started, started, interval, jobsHeld, false);
  }

  private Optional<WorkerInfo> registered(String id) {
    return queue.workers().stream().filter(w -> w.id().equals(id)).findFirst();
  }

  private Pipeline newPipeline() {
    return queue.selectPipeline(TestNames.pipeline());
  }

  private static JobOptions priority(long priority) {
    return JobOptions.DEFAULT.withPriority(priority);
  }

  private Job peek(long id) {
    return queue.peek(id).orElseThrow(() -> new AssertionError("job " + id + " does not exist"));
  }

  /** Reserves a job that must be ready now (waiting only as a guard against a slow machine). */
  private Job reserveNow(Pipeline... pipelines) {
    List<String> names = Arrays.stream(pipelines).map(Pipeline::name).toList();
    return queue
        .reserve(names, READY_WAIT)
        .orElseThrow(
            () -> new AssertionError("no job was ready in " + names + " within " + READY_WAIT));
  }

  /** Reserves and deletes every ready job, returning their ids in the order they came. */
  private List<Long> reserveAll(Pipeline pipeline) {
    List<Long> ids = new ArrayList<>();
    Optional<Job> job;
    while ((job = queue.reserve(pipeline.name(), Duration.ZERO)).isPresent()) {
      ids.add(job.get().id());
      queue.delete(job.get());
    }
    return ids;
  }

  private void assertNothingReady(Pipeline pipeline) {
    assertThat(queue.reserve(pipeline.name(), Duration.ZERO))
        .as("a job reserved from %s", pipeline.name())
        .isEmpty();
  }

  /**
   * Waits (as a deadlock guard, never a speed limit) until the job is in this state; returns it.
   */
  private Job awaitState(long id, JobState state) {
    return eventually().until(() -> peek(id), job -> job.state() == state);
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50));
  }

  private static void assertCounters(Job job, int releases, int timeouts, int buries, int kicks) {
    assertThat(job)
        .as("counters of %s", job)
        .extracting(Job::releases, Job::timeouts, Job::buries, Job::kicks)
        .containsExactly(releases, timeouts, buries, kicks);
  }

  /** Checks a pipeline's counts, in the order of {@link PipelineStats}'s fields. */
  private static Consumer<PipelineStats> counts(
      long urgent, long ready, long reserved, long delayed, long buried) {
    return stats ->
        assertThat(stats)
            .as("stats of %s", stats.pipeline())
            .extracting(
                PipelineStats::urgent,
                PipelineStats::ready,
                PipelineStats::reserved,
                PipelineStats::delayed,
                PipelineStats::buried)
            .containsExactly(urgent, ready, reserved, delayed, buried);
  }
}
