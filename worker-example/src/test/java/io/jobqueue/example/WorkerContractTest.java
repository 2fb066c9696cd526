package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import io.jobqueue.worker.JobHandler;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.Worker;
import io.jobqueue.worker.WorkerStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Worker} does, against a real backend: one subclass per backend opens the queue.
 * Every test uses its own random pipeline.
 */
abstract class WorkerContractTest {

  protected JobQueue queue;
  protected String pipeline;
  private final List<Worker> workers = new ArrayList<>();

  /** Opens a queue on the backend under test. */
  protected abstract JobQueue openQueue() throws Exception;

  @BeforeEach
  void open() throws Exception {
    queue = openQueue();
    pipeline = "worker-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    workers.forEach(Worker::stop);
    queue.close();
  }

  @Test
  void aJobWhoseHandlerReturnsIsDeleted() {
    long id = pipeline().addText("hello");
    Worker worker = start(builder(ctx -> {}));

    await().atMost(Duration.ofSeconds(20)).until(() -> queue.peek(id).isEmpty());
    assertThat(worker.stats().deleted()).isEqualTo(1);
    assertThat(pipeline().stats().total()).isZero();
  }

  @Test
  void aFailingJobIsRetriedWithGrowingDelaysThenBuriedWithTheExceptionAsReason() {
    long id = pipeline().addText("always fails");
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofSeconds(1)).multiplier(2)
        .jitter(0).build();
    Worker worker = start(builder(ctx -> {
      attempts.add(Instant.now());
      throw new IllegalStateException("smtp refused attempt " + ctx.job().attempts());
    }).retryPolicy(policy));

    await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(id).equals(Optional.of(JobState.BURIED)));
    Job buried = queue.peek(id).orElseThrow();
    assertThat(buried.reserves()).isEqualTo(3);
    assertThat(buried.releases()).isEqualTo(2);
    assertThat(buried.buries()).isEqualTo(1);
    if (buried.buryReason() != null) {
      assertThat(buried.buryReason()).isEqualTo("java.lang.IllegalStateException: smtp refused attempt 3");
    }
    assertThat(attempts).hasSize(3);
    // the backend holds the job back for at least the policy's delay: 1 s, then 2 s
    // (less a little for the database clock's rounding)
    assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThan(Duration.ofMillis(900));
    assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThan(Duration.ofMillis(1900));
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
    start(builder(ctx -> {
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
    }).retryPolicy(oneAttempt));

    // the handler tries its second decision just after the bury: wait for both
    await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(id).equals(Optional.of(JobState.BURIED))
        && secondDecision.get() != null);
    Job buried = queue.peek(id).orElseThrow();
    assertThat(buried.reserves()).isEqualTo(2);
    assertThat(buried.releases()).isEqualTo(1);
    if (buried.buryReason() != null) {
      assertThat(buried.buryReason()).isEqualTo("mailbox customer1@example.com does not exist");
    }
    assertThat(secondDecision.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("job " + id).hasMessageContaining("already buried");
  }

  @Test
  void aJobRunningLongerThanItsTtrIsTouchedAndStaysReserved() throws Exception {
    long id = pipeline().addText("slow report", JobOptions.DEFAULT.withTtr(Duration.ofSeconds(1)));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicReference<Job> seenAtTheEnd = new AtomicReference<>();
    Worker worker = start(builder(ctx -> {
      running.countDown();
      finish.await();
      seenAtTheEnd.set(queue.peek(ctx.job().id()).orElseThrow());
    }));

    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    // for three TTRs, another reserver tries to take the job: it must never be ready again
    Instant until = Instant.now().plusSeconds(3);
    while (Instant.now().isBefore(until)) {
      assertThat(queue.reserve(pipeline, Duration.ofMillis(200))).isEmpty();
    }
    finish.countDown();

    await().atMost(Duration.ofSeconds(20)).until(() -> queue.peek(id).isEmpty());
    assertThat(seenAtTheEnd.get().state()).isEqualTo(JobState.RESERVED);
    assertThat(seenAtTheEnd.get().timeouts()).isZero();
    assertThat(seenAtTheEnd.get().reserves()).isEqualTo(1);
    assertThat(worker.stats().touches()).isGreaterThanOrEqualTo(3);
    assertThat(worker.stats().deleted()).isEqualTo(1);
  }

  @Test
  void stopLetsRunningJobsFinishWithinTheSoftTimeout() throws Exception {
    long id = pipeline().addText("almost done");
    CountDownLatch running = new CountDownLatch(1);
    Worker worker = start(builder(ctx -> {
      running.countDown();
      Thread.sleep(500);
    }).softStopTimeout(Duration.ofSeconds(30)));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

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
    Worker worker = start(builder(ctx -> {
      running.countDown();
      if (ctx.job().id() == interruptible) {
        try {
          Thread.sleep(Duration.ofMinutes(10));
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
          throw e;
        }
      } else {
        awaitUninterruptibly(stuck, Duration.ofSeconds(30));
      }
    }).concurrency(2).softStopTimeout(Duration.ofMillis(200)).hardStopTimeout(Duration.ofMillis(200)));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

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
    stuck.countDown();
  }

  @Test
  void jobsFinishingWhileTheWorkerStopsAreDeletedNotReleased() throws Exception {
    int jobs = 8;
    List<Long> ids = addJobs(jobs);
    CountDownLatch running = new CountDownLatch(jobs);
    Worker worker = start(builder(ctx -> {
      running.countDown();
      // return only once the stop has begun: these deletes are still waiting when the stop flushes them
      while (!ctx.stopRequested()) {
        Thread.sleep(5);
      }
    }).concurrency(jobs).softStopTimeout(Duration.ofSeconds(30)));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

    worker.stop();

    for (long id : ids) {
      assertThat(queue.peek(id)).as("job %d", id).isEmpty();
    }
    assertThat(worker.stats().deleted()).isEqualTo(jobs);
    assertThat(worker.stats().released()).isZero();
    assertThat(pipeline().stats().total()).isZero();
  }

  @Test
  void aJobNoLongerHeldWhenItsGroupIsDeletedIsLoggedWithItsIdAndTheOthersAreDeleted() throws Exception {
    int jobs = 8;
    List<Long> ids = addJobs(jobs);
    long lost = ids.get(3);
    CountDownLatch started = new CountDownLatch(jobs);
    try (WorkerLogs logs = new WorkerLogs(Level.INFO)) {
      Worker worker = start(builder(ctx -> {
        started.countDown();
        started.await(); // all return together, so that their deletes go in few groups
        if (ctx.job().id() == lost) {
          // behind the worker's back: its delete of this job must fail, and only for this job
          queue.bury(ctx.job(), "taken away from the worker");
        }
      }).concurrency(jobs));

      await().atMost(Duration.ofSeconds(20)).until(() -> worker.stats().deleted() == jobs - 1
          && logs.count("job " + lost + " in pipeline '" + pipeline + "' could not be deleted") == 1);
      for (long id : ids) {
        if (id == lost) {
          assertThat(queue.peek(id).map(Job::state)).as("job %d", id).contains(JobState.BURIED);
        } else {
          assertThat(queue.peek(id)).as("job %d", id).isEmpty();
        }
      }
      assertThat(logs.count("could not be deleted")).isEqualTo(1);
    }
  }

  @Test
  void noMoreHandlersRunAtOnceThanTheConcurrency() {
    int jobs = 24;
    addJobs(jobs);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Worker worker = start(builder(ctx -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.sleep(100);
      now.decrementAndGet();
    }).concurrency(3));

    await().atMost(Duration.ofSeconds(60)).until(() -> worker.stats().deleted() == jobs);
    assertThat(most.get()).isEqualTo(3);
    assertThat(pipeline().stats().total()).isZero();
  }

  @Test
  void shortJobsAreReservedAheadUpToThePrefetchAndAStopReleasesThemAtOnce() throws Exception {
    int jobs = 300;
    int prefetch = 40;
    addJobs(jobs);
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch blocked = new CountDownLatch(1);
    Worker worker = start(builder(ctx -> {
      if (handled.incrementAndGet() == jobs / 2) {
        // after 149 quick jobs the worker has measured them and reserves ahead while this one runs
        blocked.countDown();
        while (!ctx.stopRequested()) {
          Thread.sleep(5);
        }
      }
    }).concurrency(1).prefetch(prefetch));
    assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
    // from here on every job the backend counts as reserved is the blocked one or one reserved ahead
    await().atMost(Duration.ofSeconds(20)).until(() -> worker.stats().deleted() == jobs / 2 - 1);

    AtomicLong mostReserved = new AtomicLong();
    await().atMost(Duration.ofSeconds(20)).until(
        () -> mostReserved.accumulateAndGet(pipeline().stats().reserved(), Math::max) >= 10);
    Thread.sleep(200); // time to reserve more than allowed, were that possible
    mostReserved.accumulateAndGet(pipeline().stats().reserved(), Math::max);
    assertThat(mostReserved.get()).isLessThanOrEqualTo(1 + prefetch);

    worker.stop();

    // the blocked job finished and was deleted; the ones reserved ahead are ready again at once
    WorkerStats stats = worker.stats();
    assertThat(stats.deleted()).isEqualTo(jobs / 2);
    assertThat(stats.released()).isEqualTo(stats.reserved() - stats.deleted()).isGreaterThanOrEqualTo(9);
    assertThat(pipeline().stats().reserved()).isZero();
    assertThat(pipeline().stats().ready()).isEqualTo(jobs - jobs / 2);
    assertThat(pipeline().peek(JobState.READY, 1).get(0).releases()).isEqualTo(1);
  }

  @Test
  void withoutPrefetchNoMoreJobsAreReservedThanTheConcurrency() throws Exception {
    addJobs(20);
    CountDownLatch running = new CountDownLatch(2);
    Worker worker = start(builder(ctx -> {
      running.countDown();
      while (!ctx.stopRequested()) {
        Thread.sleep(5);
      }
    }).concurrency(2).prefetch(0));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300); // time to reserve more than allowed, were that possible

    assertThat(pipeline().stats().reserved()).isEqualTo(2);
    worker.stop();
    assertThat(pipeline().stats().ready()).isEqualTo(18);
  }

  @Test
  void oneWorkerServesSeveralPipelinesEachWithItsOwnHandler() {
    String other = pipeline + "-reports";
    long email = pipeline().addText("email");
    long report = queue.selectPipeline(other).addText("report");
    ConcurrentHashMap<Long, String> handledBy = new ConcurrentHashMap<>();
    start(Worker.builder(queue).summaryInterval(Duration.ZERO)
        .handler(pipeline, ctx -> handledBy.put(ctx.job().id(), "emails"))
        .handler(other, ctx -> handledBy.put(ctx.job().id(), "reports")));

    await().atMost(Duration.ofSeconds(20)).until(() -> handledBy.size() == 2);
    assertThat(handledBy).containsEntry(email, "emails").containsEntry(report, "reports");
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> Worker.builder(queue).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one pipeline");
    assertThatThrownBy(() -> builder(ctx -> {}).concurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency must be at least 1");
    assertThatThrownBy(() -> builder(ctx -> {}).prefetch(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch must be 0 or more");
    assertThatThrownBy(() -> builder(ctx -> {}).reserveTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserveTimeout");
    assertThatThrownBy(() -> builder(ctx -> {}).softStopTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("softStopTimeout");
    assertThatThrownBy(() -> Worker.builder(queue).handler("-bad name", ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pipeline name");
    assertThatThrownBy(() -> builder(ctx -> {}).handler(pipeline, ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a handler");
    Worker started = start(builder(ctx -> {}));
    assertThatThrownBy(started::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
  }

  protected Worker.Builder builder(JobHandler handler) {
    return Worker.builder(queue).handler(pipeline, handler).summaryInterval(Duration.ZERO);
  }

  protected Worker start(Worker.Builder builder) {
    Worker worker = builder.build();
    workers.add(worker);
    return worker.start();
  }

  protected Pipeline pipeline() {
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

  /** Waits like code stuck in a call that does not react to interrupts; the flag is restored afterwards. */
  private static void awaitUninterruptibly(CountDownLatch latch, Duration atMost) {
    boolean interrupted = false;
    Instant until = Instant.now().plus(atMost);
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
