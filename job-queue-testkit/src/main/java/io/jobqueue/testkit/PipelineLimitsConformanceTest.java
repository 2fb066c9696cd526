package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobqueue.InvalidPipelineLimitsException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline-wide limits ({@link Pipeline#setLimits}): a limit of reserved jobs holds across 4
 * processes of 8 workers each, sampled from the backend's own counts; a rate lets no more than its
 * count start per interval; held-back jobs are taken in priority order; other pipelines are not
 * held back. A backend without {@link Capabilities#limitsPipelines()} must refuse limits with
 * {@link UnsupportedByBackendException}. A backend's test subclass supplies only {@link
 * #backend()}.
 */
public abstract class PipelineLimitsConformanceTest {

  private static final int PROCESSES = 4;
  private static final int THREADS = 8;
  private static final int MAX_RESERVED = 5;
  private static final int CONCURRENCY_JOBS = 200;
  private static final Duration HANDLER_WORK = Duration.ofMillis(20);
  private static final int RATE = 20;
  private static final Duration RATE_INTERVAL = Duration.ofSeconds(1);
  private static final int RATE_WINDOWS = 10;

  /** Backends count starts in whole milliseconds of their own clock. */
  private static final Duration CLOCK_GRANULARITY = Duration.ofMillis(2);

  @TempDir Path records;

  /** The backend under test. */
  protected abstract TestBackend backend();

  @Test
  void limitsAreStoredReadAndClearedAndBadOnesRefused() {
    try (JobQueue queue = backend().open()) {
      Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
      PipelineLimits limits =
          PipelineLimits.builder().maxReserved(3).rate(100, Duration.ofMinutes(1)).build();
      if (!backend().capabilities().limitsPipelines()) {
        assertThatThrownBy(() -> pipeline.setLimits(limits))
            .isInstanceOf(UnsupportedByBackendException.class)
            .hasMessageContaining(pipeline.name());
        assertThat(pipeline.limits()).isEmpty();
        assertThat(queue.limits()).isEmpty();
        return;
      }
      assertThat(pipeline.limits()).isEmpty();
      assertThat(queue.limits()).doesNotContainKey(pipeline.name());
      pipeline.setLimits(limits);
      assertThat(pipeline.limits()).contains(limits);
      PipelineLimits rateOnly = PipelineLimits.builder().rate(5, Duration.ofMillis(250)).build();
      Pipeline other = queue.selectPipeline(TestNames.pipeline());
      other.setLimits(rateOnly);
      // other tests' pipelines may have limits in the same tables: only these two are checked
      assertThat(queue.limits())
          .containsEntry(pipeline.name(), limits)
          .containsEntry(other.name(), rateOnly);
      pipeline.setLimits(rateOnly);
      assertThat(pipeline.limits()).contains(rateOnly);
      pipeline.clearLimits();
      assertThat(pipeline.limits()).isEmpty();
      assertThat(queue.limits())
          .doesNotContainKey(pipeline.name())
          .containsEntry(other.name(), rateOnly);
      other.clearLimits();
      assertThat(queue.limits()).doesNotContainKey(other.name());
    }
    assertThatThrownBy(() -> PipelineLimits.builder().build())
        .isInstanceOf(InvalidPipelineLimitsException.class)
        .hasMessageContaining("maxReserved or a rate");
    assertThatThrownBy(() -> PipelineLimits.builder().maxReserved(0))
        .isInstanceOf(InvalidPipelineLimitsException.class)
        .hasMessageContaining("maxReserved must be 1 to");
    assertThatThrownBy(() -> PipelineLimits.builder().rate(10, Duration.ofNanos(1500)))
        .isInstanceOf(InvalidPipelineLimitsException.class)
        .hasMessageContaining("whole milliseconds");
    assertThatThrownBy(() -> PipelineLimits.builder().rate(10, Duration.ofDays(2)))
        .isInstanceOf(InvalidPipelineLimitsException.class);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void neverMoreReservedAtOnceThanTheLimitAcrossProcesses() throws Exception {
    TestBackend backend = backend();
    assumeTrue(enforced(backend), "this backend does not enforce pipeline limits");
    try (JobQueue queue = backend.open()) {
      Pipeline pipeline =
          limited(queue, PipelineLimits.builder().maxReserved(MAX_RESERVED).build());
      String pipelineName = pipeline.name();
      List<AutoCloseable> reservers = new ArrayList<>();
      try {
        // All workers wait before the jobs come, so that they compete for them from the start.
        for (int i = 0; i < PROCESSES; i++) {
          reservers.add(startWorkers(queue, backend, pipelineName, records.resolve("p" + i)));
        }
        for (AutoCloseable reserver : reservers) {
          if (reserver instanceof ChildJvm child) {
            child.awaitMessage("working");
          }
        }
        pipeline.addJobs(texts("limited", CONCURRENCY_JOBS));
        AtomicLong mostReserved = new AtomicLong();
        await("every job to be worked under the limit")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> {
              PipelineStats stats = pipeline.stats();
              mostReserved.accumulateAndGet(stats.reserved(), Math::max);
              return stats.total() == 0;
            });
        assertThat(mostReserved.get())
            .as("most jobs reserved at once, sampled from the backend")
            .isBetween(1L, (long) MAX_RESERVED);
      } finally {
        for (AutoCloseable reserver : reservers) {
          reserver.close();
        }
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aRateLetsItsCountStartPerIntervalSpreadAcrossTheWindow() throws Exception {
    TestBackend backend = backend();
    assumeTrue(enforced(backend), "this backend does not enforce pipeline limits");
    try (JobQueue queue = backend.open()) {
      Pipeline pipeline =
          limited(queue, PipelineLimits.builder().rate(RATE, RATE_INTERVAL).build());
      String pipelineName = pipeline.name();
      int wanted = RATE * RATE_WINDOWS + 1;
      pipeline.addJobs(texts("rated", RATE * (RATE_WINDOWS + 2)));
      List<Long> returned = Collections.synchronizedList(new ArrayList<>());
      long begin = System.nanoTime();
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          results.add(
              threads.submit(() -> {
                while (returned.size() < wanted) {
                  Optional<Job> job = queue.reserve(pipelineName, RATE_INTERVAL);
                  if (job.isPresent()) {
                    returned.add(System.nanoTime());
                    queue.delete(job.get());
                  }
                }
                return null;
              }));
        }
        for (Future<?> result : results) {
          result.get();
        }
      } finally {
        threads.shutdownNow();
      }
      // A job's reserve returns after the backend started it, and every start is after begin, so
      // the (k * RATE + 1)-th return is no earlier than k intervals after begin: the count per
      // interval is held, whatever the load delays. How soon they come is the machine's speed, not
      // the contract, so no upper bound is asserted; the test's timeout bounds it.
      List<Long> inOrder = new ArrayList<>(returned);
      Collections.sort(inOrder);
      for (int k = 1; k <= RATE_WINDOWS; k++) {
        long earliest = begin + k * RATE_INTERVAL.toNanos() - CLOCK_GRANULARITY.toNanos();
        assertThat(inOrder.get(k * RATE))
            .as(
                "start %d returned no earlier than %d intervals after the first reserve",
                k * RATE + 1, k)
            .isGreaterThanOrEqualTo(earliest);
      }
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void heldBackJobsAreTakenInPriorityOrderAndOtherPipelinesAreNotHeldBack() {
    TestBackend backend = backend();
    assumeTrue(enforced(backend), "this backend does not enforce pipeline limits");
    String limitedName = TestNames.pipeline();
    String freeName = TestNames.pipeline();
    try (JobQueue queue = backend.open()) {
      Pipeline limited = queue.selectPipeline(limitedName);
      Pipeline free = queue.selectPipeline(freeName);
      limited.setLimits(PipelineLimits.builder().maxReserved(1).build());
      long[] priorities = {50, 10, 40, 20, 30};
      for (long priority : priorities) {
        limited.addText("p" + priority, JobOptions.DEFAULT.withPriority(priority));
      }
      Job held = queue.reserve(limitedName, Duration.ZERO).orElseThrow();
      assertThat(held.priority()).isEqualTo(10);
      assertThat(queue.reserve(limitedName, Duration.ZERO)).as("over the limit").isEmpty();
      assertThat(limited.stats().ready()).as("held back, still ready").isEqualTo(4);

      long freeId = free.addText("free");
      Job other = queue.reserve(List.of(limitedName, freeName), Duration.ZERO).orElseThrow();
      assertThat(other.id()).as("the unlimited pipeline's job").isEqualTo(freeId);
      queue.delete(other);

      List<Long> order = new ArrayList<>();
      queue.delete(held);
      for (int i = 0; i < priorities.length - 1; i++) {
        Job next = queue.reserve(limitedName, Duration.ofSeconds(10)).orElseThrow();
        order.add(next.priority());
        assertThat(queue.reserve(limitedName, Duration.ZERO)).isEmpty();
        queue.delete(next);
      }
      assertThat(order).containsExactly(20L, 30L, 40L, 50L);
    }
  }

  /** Whether the backend enforces limits; the first test checks that one that does not says so. */
  private static boolean enforced(TestBackend backend) {
    return backend.capabilities().limitsPipelines();
  }

  /** A new pipeline with these limits. */
  private static Pipeline limited(JobQueue queue, PipelineLimits limits) {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    pipeline.setLimits(limits);
    return pipeline;
  }

  private static List<NewJob> texts(String prefix, int count) {
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(NewJob.text(prefix + " " + i));
    }
    return jobs;
  }

  /**
   * Starts {@link #THREADS} workers on the pipeline in a process of their own (which says {@code
   * working} once they run); on a backend that lives in one process (memory), a worker of this
   * process instead.
   */
  private static AutoCloseable startWorkers(
      JobQueue queue, TestBackend backend, String pipelineName, Path record) {
    if (backend.config().url().startsWith("memory:")) {
      Worker worker =
          Worker.builder(queue)
              .handler(pipelineName, ReserverProcess.recording(record, HANDLER_WORK))
              .concurrency(THREADS)
              .summaryInterval(Duration.ZERO)
              .build()
              .start();
      return worker::stop;
    }
    List<String> arguments =
        new ArrayList<>(ReserverProcess.backendArguments(backend, pipelineName));
    arguments.addAll(
        List.of(
            "--mode=work",
            "--record=" + record,
            "--concurrency=" + THREADS,
            "--max-pending-deletes=1",
            "--handler-millis=" + HANDLER_WORK.toMillis()));
    return ChildJvm.start(arguments);
  }
}
