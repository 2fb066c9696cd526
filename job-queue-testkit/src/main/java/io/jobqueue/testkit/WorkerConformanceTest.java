package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.AttemptOutcome;
import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobOptions;
import io.jobqueue.JobOutcome;
import io.jobqueue.JobQueue;
import io.jobqueue.JobRecord;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import io.jobqueue.WorkerInfo;
import io.jobqueue.worker.JobContext;
import io.jobqueue.worker.JobHandler;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.Worker;
import io.jobqueue.worker.WorkerStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a {@link Worker} does, written once against the public API and run on every backend, the way
 * {@link JobQueueConformanceTest} is: a subclass supplies {@link #backend()}, and {@link #outage()}
 * where the backend is not a server behind a URL with {@code //host:port}.
 *
 * <p>Every test uses a fresh random pipeline. Nothing waits for time to pass to see that something
 * did not happen: the bounds on held jobs are checked on every reserve the worker makes (through
 * {@link ObservedJobQueue}), and the other tests wait on the state that proves their point.
 * Awaitility's {@code atMost} is a guard against a hang, never a speed requirement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkerConformanceTest {

  /** A guard against a hang, long enough for a loaded machine; never a speed limit. */
  private static final Duration GUARD = Duration.ofSeconds(30);

  /**
   * How much later than {@link Worker#stopDeadline()} a stop may be seen to return: the test's
   * clock starts a moment before the stop's, and after its deadline the stop makes no blocking
   * call, only a log line and a timer shutdown; on a loaded 2-core machine a runnable thread can
   * still wait that long for a CPU.
   */
  private static final Duration SCHEDULING_ALLOWANCE = Duration.ofSeconds(1);

  /** Far more than beginning an outage takes, so that the job comes due after it began. */
  private static final Duration DUE_DURING_OUTAGE = Duration.ofSeconds(3);

  /** Short, so that the tests see a worker's heartbeat soon. */
  private static final Duration HEARTBEAT = Duration.ofMillis(100);

  private TestBackend backend;
  private JobQueue queue;
  private String pipeline;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();

  /** The backend under test; called once per test class. */
  protected abstract TestBackend backend();

  /**
   * How the outage tests cut the worker off from the backend; by default a TCP proxy in front of
   * the server the URL names ({@link BackendOutage#network}). A file or in-process backend supplies
   * its own.
   */
  protected BackendOutage outage() {
    return BackendOutage.network(backend);
  }

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

  @BeforeEach
  void newPipeline() {
    pipeline = TestNames.pipeline();
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(Worker::stop);
    workers.clear();
  }

  // ---- presence and history

  @Test
  void aWorkerShowsWhileItRunsWithTheJobsItHoldsAndLeavesOnStop() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    pipeline().addText("held a while");
    Worker worker =
        start(
            builder(ctx -> finish.await(GUARD.toMillis(), TimeUnit.MILLISECONDS))
                .concurrency(3)
                .heartbeatInterval(HEARTBEAT));
    try {
      eventually().until(() -> registered(worker).map(WorkerInfo::jobsHeld).orElse(0) == 1);
      WorkerInfo shown = registered(worker).orElseThrow();
      assertThat(shown.pipelines()).containsExactly(pipeline);
      assertThat(shown.concurrency()).isEqualTo(3);
      assertThat(shown.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(shown.heartbeatInterval()).isEqualTo(HEARTBEAT);
      assertThat(shown.gone()).isFalse();
    } finally {
      finish.countDown();
    }
    worker.stop();
    assertThat(registered(worker)).as("after a clean stop").isEmpty();
  }

  @Test
  void attemptsAreKeptInTheHistoryWithTheirWorkerErrorsAndOutcome() {
    // JobQueueConformanceTest checks what a backend without history says; reported skipped here
    assumeTrue(backend.capabilities().keepsHistory(), "this backend keeps no job history");
    pipeline().keepHistory(HistoryRetention.DEFAULT);
    long succeeds = pipeline().addText("fails once");
    long buried = pipeline().addText("always fails");
    RetryPolicy twoAttempts =
        RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(100)).jitter(0).build();
    Worker worker =
        start(
            builder(
                    ctx -> {
                      if (ctx.job().id() == buried || ctx.job().attempts() == 1) {
                        throw new IllegalStateException("attempt " + ctx.job().attempts());
                      }
                    })
                .retryPolicy(twoAttempts)
                .heartbeatInterval(HEARTBEAT));

    eventually()
        .until(() -> queue.history(succeeds).isPresent() && queue.history(buried).isPresent());
    JobRecord finished = queue.history(succeeds).orElseThrow();
    assertThat(finished.outcome()).isEqualTo(JobOutcome.FINISHED);
    assertThat(finished.attempts())
        .extracting(JobAttempt::workerId, JobAttempt::outcome, JobAttempt::error)
        .containsExactly(
            tuple(worker.id(), AttemptOutcome.FAILED, "java.lang.IllegalStateException: attempt 1"),
            tuple(worker.id(), AttemptOutcome.SUCCEEDED, ""));
    JobRecord gaveUp = queue.history(buried).orElseThrow();
    assertThat(gaveUp.outcome()).isEqualTo(JobOutcome.BURIED);
    assertThat(gaveUp.attempts())
        .extracting(JobAttempt::outcome, JobAttempt::error)
        .containsExactly(
            tuple(AttemptOutcome.FAILED, "java.lang.IllegalStateException: attempt 1"),
            tuple(AttemptOutcome.BURIED, "java.lang.IllegalStateException: attempt 2"));
    assertThat(gaveUp.attempts())
        .allSatisfy(a -> assertThat(a.finished()).isAfterOrEqualTo(a.started()));
    assertThat(pipeline().history(0, 10))
        .extracting(JobRecord::id)
        .containsExactlyInAnyOrder(succeeds, buried);
  }

  // ---- outcomes of a job

  @Test
  void aJobWhoseHandlerReturnsIsDeleted() {
    long id = pipeline().addText("hello");
    Worker worker = start(builder(ctx -> {}));

    // the worker counts a delete once the backend confirmed it
    eventually().until(() -> worker.stats().deleted() == 1);
    assertThat(queue.peek(id)).isEmpty();
    assertThat(pipeline().stats().total()).isZero();
  }

  @Test
  void aFailingJobIsRetriedWithGrowingDelaysThenBuriedWithTheExceptionAsReason() {
    long id = pipeline().addText("always fails");
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(3)
            .initialDelay(Duration.ofSeconds(1))
            .multiplier(2)
            .jitter(0)
            .build();
    Worker worker =
        start(
            builder(
                    ctx -> {
                      attempts.add(Instant.now());
                      throw new IllegalStateException(
                          "smtp refused attempt " + ctx.job().attempts());
                    })
                .retryPolicy(policy));

    eventually().until(() -> worker.stats().buried() == 1);
    Job buried = queue.peek(id).orElseThrow();
    assertThat(buried.state()).isEqualTo(JobState.BURIED);
    assertThat(buried.reserves()).isEqualTo(3);
    assertThat(buried.releases()).isEqualTo(2);
    assertThat(buried.buries()).isEqualTo(1);
    assertBuryReason(buried, "java.lang.IllegalStateException: smtp refused attempt 3");
    assertThat(attempts).hasSize(3);
    // the backend holds the job back for at least the policy's delay: 1 s, then 2 s
    // (less a little for the database clock's rounding)
    assertThat(Duration.between(attempts.get(0), attempts.get(1)))
        .isGreaterThan(Duration.ofMillis(900));
    assertThat(Duration.between(attempts.get(1), attempts.get(2)))
        .isGreaterThan(Duration.ofMillis(1900));
    assertThat(worker.stats().retried()).isEqualTo(2);
    assertThat(worker.stats().buried()).isEqualTo(1);
    assertThat(worker.stats().deleted()).isZero();
  }

  @Test
  void aHandlerCanReleaseAndThenBuryItsJobItself() {
    long id = pipeline().addText("decide myself");
    AtomicReference<Throwable> secondDecision = new AtomicReference<>();
    // one attempt only: had the worker counted the release as a failure, it would bury at once
    RetryPolicy oneAttempt = RetryPolicy.builder().maxAttempts(1).build();
    start(
        builder(
                ctx -> {
                  if (ctx.job().attempts() == 1) {
                    ctx.release(Duration.ZERO);
                  } else {
                    ctx.bury("mailbox customer1@example.com does not exist");
                    try {
                      ctx.release(Duration.ZERO);
                    } catch (IllegalStateException e) {
                      secondDecision.set(e);
                    }
                  }
                })
            .retryPolicy(oneAttempt));

    // the handler tries its second decision just after the bury: wait for both
    eventually()
        .until(
            () -> stateOf(id).equals(Optional.of(JobState.BURIED)) && secondDecision.get() != null);
    Job buried = queue.peek(id).orElseThrow();
    assertThat(buried.reserves()).isEqualTo(2);
    assertThat(buried.releases()).isEqualTo(1);
    assertBuryReason(buried, "mailbox customer1@example.com does not exist");
    assertThat(secondDecision.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("job " + id)
        .hasMessageContaining("already buried");
  }

  @Test
  void aJobRunningLongerThanItsTtrIsTouchedAndStaysReserved() throws Exception {
    long id = pipeline().addText("slow report", JobOptions.DEFAULT.withTtr(Duration.ofSeconds(1)));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicReference<Job> seenAtTheEnd = new AtomicReference<>();
    Worker worker =
        start(
            builder(ctx -> {
              running.countDown();
              finish.await();
              seenAtTheEnd.set(queue.peek(ctx.job().id()).orElseThrow());
            }));
    assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    // another reserver tries to take the job all along; three touches, one every half TTR, take 1.5
    // TTRs
    List<Job> taken = new CopyOnWriteArrayList<>();
    AtomicBoolean trying = new AtomicBoolean(true);
    Thread rival =
        Thread.ofPlatform()
            .name("rival-reserver")
            .start(() -> {
              while (trying.get()) {
                queue.reserve(pipeline, Duration.ofMillis(200)).ifPresent(taken::add);
              }
            });
    try {
      eventually().until(() -> worker.stats().touches() >= 3);
    } finally {
      trying.set(false);
      rival.join();
    }
    finish.countDown();

    eventually().until(() -> worker.stats().deleted() == 1);
    assertThat(queue.peek(id)).isEmpty();
    assertThat(taken).as("jobs the rival reserved").isEmpty();
    assertThat(seenAtTheEnd.get().state()).isEqualTo(JobState.RESERVED);
    assertThat(seenAtTheEnd.get().timeouts()).isZero();
    assertThat(seenAtTheEnd.get().reserves()).isEqualTo(1);
  }

  @Test
  void oneWorkerServesSeveralPipelinesEachWithItsOwnHandler() {
    String other = pipeline + "-reports";
    long email = pipeline().addText("email");
    long report = queue.selectPipeline(other).addText("report");
    ConcurrentHashMap<Long, String> handledBy = new ConcurrentHashMap<>();
    start(
        Worker.builder(queue)
            .summaryInterval(Duration.ZERO)
            .handler(pipeline, ctx -> handledBy.put(ctx.job().id(), "emails"))
            .handler(other, ctx -> handledBy.put(ctx.job().id(), "reports")));

    eventually().until(() -> handledBy.size() == 2);
    assertThat(handledBy).containsEntry(email, "emails").containsEntry(report, "reports");
  }

  // ---- how many jobs at once

  @Test
  void noMoreHandlersRunAtOnceThanTheConcurrency() {
    int jobs = 24;
    int concurrency = 3;
    addJobs(jobs);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Worker worker =
        start(
            builder(
                    ctx -> {
                      most.accumulateAndGet(now.incrementAndGet(), Math::max);
                      Thread.sleep(20); // long enough for handlers to overlap
                      now.decrementAndGet();
                    })
                .concurrency(concurrency));

    eventually().until(() -> worker.stats().deleted() == jobs);
    assertThat(most.get()).isBetween(1, concurrency);
    assertThat(pipeline().stats().total()).isZero();
  }

  @Test
  void jobsReservedAheadStayWithinThePrefetchAndAStopReleasesThemAtOnce() throws Exception {
    int jobs = 300;
    int concurrency = 1;
    int prefetch = 40;
    addJobs(jobs);
    ObservedJobQueue observed = new ObservedJobQueue(queue);
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch blocked = new CountDownLatch(1);
    Worker worker =
        start(
            Worker.builder(observed)
                .summaryInterval(Duration.ZERO)
                .handler(
                    pipeline,
                    ctx -> {
                      if (handled.incrementAndGet() == jobs / 2) {
                        // quick jobs so far; this one runs until the stop, while the worker may
                        // reserve ahead
                        blocked.countDown();
                        awaitStop(ctx);
                      }
                      observed.finished(ctx.job().id());
                    })
                .concurrency(concurrency)
                .prefetch(prefetch));
    assertThat(blocked.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    worker.stop();

    // checked after every reserve the worker made, so at every chance it had to reserve too many
    assertThat(observed.mostHeld())
        .as("jobs held for handlers that had not finished them")
        .isLessThanOrEqualTo(concurrency + prefetch);
    WorkerStats stats = worker.stats();
    assertThat(stats.deleted()).isEqualTo(jobs / 2);
    assertThat(stats.released()).isEqualTo(stats.reserved() - stats.deleted());
    assertThat(pipeline().stats().reserved()).isZero();
    assertThat(pipeline().stats().ready()).isEqualTo(jobs - jobs / 2);
  }

  @Test
  void withoutPrefetchNoMoreJobsAreHeldThanTheConcurrency() {
    int jobs = 40;
    int concurrency = 2;
    addJobs(jobs);
    ObservedJobQueue observed = new ObservedJobQueue(queue);
    Worker worker =
        start(
            Worker.builder(observed)
                .summaryInterval(Duration.ZERO)
                .handler(pipeline, ctx -> observed.finished(ctx.job().id()))
                .concurrency(concurrency)
                .prefetch(0));

    // every job ran, each after a reserve at which the bound was checked
    eventually().until(() -> worker.stats().deleted() == jobs);
    assertThat(observed.reserves()).isGreaterThanOrEqualTo(jobs / concurrency);
    assertThat(observed.mostHeld())
        .as("jobs held for handlers that had not finished them")
        .isLessThanOrEqualTo(concurrency);
  }

  // ---- deletes

  @Test
  void aJobBuriedBehindTheWorkersBackIsLeftBuriedAndTheOthersOfItsGroupAreDeleted() {
    int jobs = 8;
    List<Long> ids = addJobs(jobs);
    long lost = ids.get(3);
    ObservedJobQueue observed = new ObservedJobQueue(queue);
    CountDownLatch started = new CountDownLatch(jobs);
    Worker worker =
        start(
            Worker.builder(observed)
                .summaryInterval(Duration.ZERO)
                .handler(
                    pipeline,
                    ctx -> {
                      started.countDown();
                      started
                          .await(); // all return together, so that their deletes go in few groups
                      if (ctx.job().id() == lost) {
                        // behind the worker's back: its delete of this job must fail, and only for
                        // this job
                        queue.bury(ctx.job(), "taken away from the worker");
                      }
                    })
                .concurrency(jobs));

    eventually().until(() -> worker.stats().deleted() == jobs - 1 && observed.deleteReturned(lost));
    for (long id : ids) {
      if (id == lost) {
        assertThat(stateOf(id)).as("job %d", id).contains(JobState.BURIED);
      } else {
        assertThat(queue.peek(id)).as("job %d", id).isEmpty();
      }
    }
    assertThat(worker.isRunning()).isTrue();
  }

  // ---- stop

  @Test
  void stopLetsRunningJobsFinishWithinTheSoftTimeout() throws Exception {
    long id = pipeline().addText("almost done");
    CountDownLatch running = new CountDownLatch(1);
    Worker worker =
        start(
            builder(
                    ctx -> {
                      running.countDown();
                      awaitStop(ctx);
                    })
                .softStopTimeout(GUARD));
    assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    worker.stop();

    assertThat(queue.peek(id)).isEmpty();
    assertThat(worker.stats().deleted()).isEqualTo(1);
    assertThat(worker.stats().released()).isZero();
    assertThat(worker.isRunning()).isFalse();
  }

  @Test
  void stopReleasesJobsThatDidNotFinishSoTheyAreReadyAtOnce() throws Exception {
    JobOptions longTtr = JobOptions.DEFAULT.withTtr(Duration.ofMinutes(10));
    long interruptible = pipeline().addText("sleeps", longTtr);
    long stubborn = pipeline().addText("ignores interrupts", longTtr);
    CountDownLatch running = new CountDownLatch(2);
    CountDownLatch stuck = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    Worker worker =
        start(
            builder(
                    ctx -> {
                      running.countDown();
                      if (ctx.job().id() == interruptible) {
                        try {
                          Thread.sleep(Duration.ofMinutes(10));
                        } catch (InterruptedException e) {
                          interrupted.incrementAndGet();
                          throw e;
                        }
                      } else {
                        awaitUninterruptibly(stuck);
                      }
                    })
                .concurrency(2)
                .softStopTimeout(Duration.ofMillis(200))
                .hardStopTimeout(Duration.ofMillis(200)));
    assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    try {
      worker.stop();

      // ready at once, not after the 10-minute TTR, and neither retried nor counted as failed
      for (long id : List.of(interruptible, stubborn)) {
        Job job = queue.peek(id).orElseThrow();
        assertThat(job.state()).as("job %d", id).isEqualTo(JobState.READY);
        assertThat(job.releases()).isEqualTo(1);
        assertThat(job.buries()).isZero();
      }
      assertThat(interrupted.get()).isEqualTo(1);
      assertThat(worker.stats().released()).isEqualTo(2);
      assertThat(pipeline().stats().reserved()).isZero();
      worker.stop(); // a second stop does nothing
    } finally {
      stuck.countDown();
    }
  }

  @Test
  void jobsFinishingWhileTheWorkerStopsAreDeletedNotReleased() throws Exception {
    int jobs = 8;
    List<Long> ids = addJobs(jobs);
    CountDownLatch running = new CountDownLatch(jobs);
    Worker worker =
        start(
            builder(
                    ctx -> {
                      running.countDown();
                      // return only once the stop has begun: these deletes are still waiting when
                      // the stop flushes them
                      awaitStop(ctx);
                    })
                .concurrency(jobs)
                .softStopTimeout(GUARD));
    assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

    worker.stop();

    for (long id : ids) {
      assertThat(queue.peek(id)).as("job %d", id).isEmpty();
    }
    assertThat(worker.stats().deleted()).isEqualTo(jobs);
    assertThat(worker.stats().released()).isZero();
    assertThat(pipeline().stats().total()).isZero();
  }

  @Test
  void stopReturnsWithinItsDeadlineWhenAHandlerIgnoresInterruptsAndTheBackendIsUnreachable()
      throws Exception {
    long stubborn = pipeline().addText("ignores interrupts");
    pipeline().addText("finishes during the outage");
    CountDownLatch running = new CountDownLatch(2);
    CountDownLatch outageBegan = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    try (BackendOutage outage = outage();
        JobQueue unreliable = outage.open()) {
      Worker worker =
          start(
              Worker.builder(unreliable)
                  .summaryInterval(Duration.ZERO)
                  .handler(
                      pipeline,
                      ctx -> {
                        running.countDown();
                        // one job's delete and the other's release are what the stop waits for from
                        // the backend
                        awaitUninterruptibly(ctx.job().id() == stubborn ? stuck : outageBegan);
                      })
                  .concurrency(2)
                  .softStopTimeout(Duration.ofMillis(200))
                  .hardStopTimeout(Duration.ofMillis(200)));
      assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
      outage.begin();
      outageBegan.countDown();

      long started = System.nanoTime();
      try {
        worker.stop();
      } finally {
        outage.end();
        stuck.countDown();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took)
          .as("time the stop took, against its deadline %s", worker.stopDeadline())
          .isGreaterThanOrEqualTo(
              Duration.ofMillis(400)) // the soft and hard waits for the stubborn handler
          .isLessThanOrEqualTo(worker.stopDeadline().plus(SCHEDULING_ALLOWANCE));
      assertThat(worker.isRunning()).isFalse();
      assertThat(worker.awaitTermination(Duration.ZERO)).isTrue();
    }
  }

  // ---- backend outage

  @Test
  void aWorkerSurvivesABackendOutageWithoutSpinningAndGoesOnAfterIt() {
    ConcurrentHashMap<Long, Boolean> done = new ConcurrentHashMap<>();
    long before = pipeline().addText("before the outage");
    try (BackendOutage outage = outage();
        JobQueue unreliable = outage.open()) {
      ObservedJobQueue observed = new ObservedJobQueue(unreliable);
      Worker worker =
          start(
              Worker.builder(observed)
                  .summaryInterval(Duration.ZERO)
                  .handler(pipeline, ctx -> done.put(ctx.job().id(), true)));
      try {
        eventually().until(() -> done.containsKey(before));

        // due during the outage, so that the worker must reach the backend (an idle SQLite worker
        // only
        // reads, which a locked file allows)
        long due =
            pipeline()
                .addText("due during the outage", JobOptions.DEFAULT.withDelay(DUE_DURING_OUTAGE));
        outage.begin();
        long began = System.nanoTime();
        assertThat(done).as("jobs done when the outage began").doesNotContainKey(due);
        // a pool or a locked file may make each attempt wait for its own timeout before it fails
        await().atMost(Duration.ofMinutes(2)).until(() -> observed.failedReserves() > 0);
        assertThat(worker.isRunning()).isTrue();
        outage.end();
        Duration outageLasted = Duration.ofNanos(System.nanoTime() - began);

        long after = pipeline().addText("after the outage");
        eventually().until(() -> done.containsKey(due) && done.containsKey(after));
        // the pauses between attempts start at 100 ms and grow: a busy loop would make thousands
        assertThat(observed.failedReserves())
            .as("failed reserves during an outage of %s", outageLasted)
            .isLessThanOrEqualTo(1 + (int) (outageLasted.toMillis() / 100));
        assertThat(worker.isRunning()).isTrue();
      } finally {
        worker.stop(); // before its queue closes
      }
    }
  }

  // ---- settings

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> Worker.builder(queue).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one pipeline");
    assertThatThrownBy(() -> builder(ctx -> {}).concurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency must be at least 1");
    assertThatThrownBy(() -> builder(ctx -> {}).prefetch(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch must be 0 or more");
    assertThatThrownBy(() -> builder(ctx -> {}).maxPendingDeletes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPendingDeletes must be at least 1");
    assertThatThrownBy(() -> builder(ctx -> {}).reserveTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserveTimeout");
    assertThatThrownBy(() -> builder(ctx -> {}).softStopTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("softStopTimeout");
    assertThatThrownBy(() -> Worker.builder(queue).handler("-bad name", ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline name");
    assertThatThrownBy(() -> builder(ctx -> {}).handler(pipeline, ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a handler");
    Worker started = start(builder(ctx -> {}));
    assertThatThrownBy(started::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");
  }

  // ---- helpers

  private Optional<WorkerInfo> registered(Worker worker) {
    return queue.workers().stream().filter(w -> w.id().equals(worker.id())).findFirst();
  }

  private Worker.Builder builder(JobHandler handler) {
    return Worker.builder(queue).handler(pipeline, handler).summaryInterval(Duration.ZERO);
  }

  private Worker start(Worker.Builder builder) {
    Worker worker = builder.build();
    workers.add(worker);
    return worker.start();
  }

  private Pipeline pipeline() {
    return queue.selectPipeline(pipeline);
  }

  /** Adds {@code count} jobs to the test's pipeline, one call each; returns their ids in order. */
  private List<Long> addJobs(int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(pipeline().addText("job " + i));
    }
    return ids;
  }

  private Optional<JobState> stateOf(long id) {
    return queue.peek(id).map(Job::state);
  }

  /** The reason where the backend stores one; where it cannot, what it stores instead: nothing. */
  private void assertBuryReason(Job buried, String reason) {
    if (backend.capabilities().storesBuryReason()) {
      assertThat(buried.buryReason()).as("bury reason").isEqualTo(reason);
    } else {
      assertThat(buried.buryReason()).as("bury reason of a backend that stores none").isNull();
    }
  }

  private static ConditionFactory eventually() {
    return await().atMost(GUARD).pollInterval(Duration.ofMillis(20));
  }

  /** A handler's work that lasts until the worker is asked to stop. */
  private static void awaitStop(JobContext ctx) throws InterruptedException {
    while (!ctx.stopRequested()) {
      Thread.sleep(5);
    }
  }

  /**
   * Waits like code stuck in a call that does not react to interrupts; the flag is restored
   * afterwards.
   */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    Instant until = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(until) && latch.getCount() > 0) {
      try {
        latch.await(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
