package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One queue shared by many threads: each sees only its own jobs, protocol state never leaks between
 * callers, a blocked reserve holds up nobody else, and close ends it at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ThreadSafetyTest {

  private static final int THREADS = 16;
  private static final int ROUNDS = 40;

  private BeanstalkdServer server;
  private JobQueue queue;

  @BeforeAll
  void start() {
    server = BeanstalkdServer.start();
    queue = JobQueues.open(server.url());
  }

  @AfterAll
  void stop() {
    queue.close();
    server.close();
  }

  @Test
  void manyThreadsEachWorkingOnTheirOwnPipelineNeverSeeEachOthersJobs() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      results.add(threads.submit(() -> exerciseOwnPipeline(thread)));
    }
    int rounds = 0;
    for (Future<Integer> result : results) {
      rounds += result.get(2, TimeUnit.MINUTES);
    }
    threads.shutdown();
    assertThat(rounds).isEqualTo(THREADS * ROUNDS);
    assertThat(((BeanstalkdJobQueue) queue).openConnections())
        .as("connections after every job was finished")
        .isLessThanOrEqualTo(THREADS + 1);
  }

  @Test
  void aBlockedReserveDoesNotDelayAnotherCallersDelete() throws Exception {
    Pipeline busy = queue.selectPipeline("busy-" + System.nanoTime());
    Pipeline empty = queue.selectPipeline("empty-" + System.nanoTime());
    busy.addText("work");
    Job job = queue.reserve(busy.name(), Duration.ofSeconds(10)).orElseThrow();
    CompletableFuture<Optional<Job>> waiting =
        CompletableFuture.supplyAsync(() -> queue.reserve(empty.name(), Duration.ofMinutes(2)));
    await().until(() -> waitingReservers() > 0);

    queue.delete(job);
    busy.addText("more");
    queue.delete(queue.reserve(busy.name(), Duration.ofSeconds(10)).orElseThrow());
    assertThat(waiting).as("the reserve on the empty pipeline still waits").isNotDone();

    empty.addText("wake");
    Job woken = waiting.get(1, TimeUnit.MINUTES).orElseThrow();
    assertThat(woken.payloadText()).isEqualTo("wake");
    queue.delete(woken);
  }

  @Test
  void closeEndsABlockedReserveAtOnce() throws Exception {
    JobQueue closing = JobQueues.open(server.url());
    String name = "closing-" + System.nanoTime();
    CompletableFuture<Optional<Job>> waiting =
        CompletableFuture.supplyAsync(() -> closing.reserve(name, Duration.ofMinutes(10)));
    await().until(() -> waitingReservers() > 0);
    closing.close();
    assertThat(waiting)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat()
        .withCauseInstanceOf(JobQueueClosedException.class);
  }

  @Test
  void reserveBatchAndGroupedDeleteHandleLargeBatches() {
    Pipeline pipeline = queue.selectPipeline("batch-" + System.nanoTime());
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      jobs.add(NewJob.text("j" + i).withOptions(JobOptions.DEFAULT.withPriority(i)));
    }
    List<Long> ids = pipeline.addJobs(jobs);
    assertThat(ids).hasSize(1_200).doesNotHaveDuplicates();

    List<Job> first = queue.reserveBatch(List.of(pipeline.name()), 700, Duration.ofSeconds(10));
    assertThat(first).extracting(Job::id).containsExactlyElementsOf(ids.subList(0, 700));
    List<Job> rest = queue.reserveBatch(List.of(pipeline.name()), 1_000, Duration.ofSeconds(10));
    assertThat(rest).extracting(Job::id).containsExactlyElementsOf(ids.subList(700, 1_200));
    queue.release(rest.get(0));
    List<Job> toDelete = new ArrayList<>(first);
    toDelete.addAll(rest.subList(1, rest.size()));
    queue.delete(toDelete);
    assertThat(pipeline.stats().total()).isEqualTo(1);
    assertThat(pipeline.peekReady().map(Job::id)).contains(ids.get(700));
  }

  /** A full life of jobs in a pipeline only this thread uses; returns the rounds done. */
  private int exerciseOwnPipeline(int thread) {
    Pipeline pipeline = queue.selectPipeline("ts-" + thread + "-" + System.nanoTime());
    Set<Long> mine = new HashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      mine.add(pipeline.addText("t" + thread + " r" + round));
      mine.addAll(pipeline.addJobs(List.of(NewJob.text("batch a"), NewJob.text("batch b"))));
      Job first = queue.reserve(pipeline.name(), Duration.ofSeconds(10)).orElseThrow();
      assertThat(mine).contains(first.id());
      assertThat(first.pipeline()).isEqualTo(pipeline.name());
      queue.touch(first);
      queue.release(first, 5, Duration.ZERO);
      List<Job> batch = queue.reserveBatch(List.of(pipeline.name()), 3, Duration.ofSeconds(10));
      assertThat(batch).extracting(Job::id).allSatisfy(id -> assertThat(mine).contains(id));
      queue.bury(batch.get(0), "to kick");
      assertThat(pipeline.peekBuried().map(Job::id)).contains(batch.get(0).id());
      assertThat(pipeline.kickJob(batch.get(0).id())).isTrue();
      queue.delete(batch.subList(1, batch.size()));
      Job kicked = queue.reserve(pipeline.name(), Duration.ofSeconds(10)).orElseThrow();
      assertThat(kicked.id()).isEqualTo(batch.get(0).id());
      assertThat(queue.peek(kicked.id()).map(Job::state)).contains(JobState.RESERVED);
      queue.delete(kicked);
      assertThat(pipeline.stats().total()).isZero();
    }
    return ROUNDS;
  }

  private long waitingReservers() {
    try (BeanstalkdConnection connection =
        BeanstalkdConnection.open(Endpoint.from(JobQueueConfig.of(server.url())))) {
      return Long.parseLong(
          connection.call(Request.of("stats")).dictionary().get("current-waiting"));
    }
  }
}
