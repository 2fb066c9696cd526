package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many reservers at once, in this JVM and in a second one, drain one pipeline: every job must be
 * delivered exactly once (TTR is long, so a second delivery can only mean two holders at once). A
 * backend's test subclass supplies only {@link #backend()}.
 */
public abstract class ConcurrentReserveTest {

  private static final int JOBS = 20_000;
  private static final int THREADS = 8;
  private static final int CHILD_THREADS = 2;
  private static final int BATCH = 500;
  private static final JobOptions LONG_TTR = JobOptions.DEFAULT.withTtr(Duration.ofSeconds(300));
  private static final Duration RESERVE_TIMEOUT = Duration.ofSeconds(2);

  /** The backend under test. */
  protected abstract TestBackend backend();

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void threadsAndASecondProcessDeliverEveryJobExactlyOnce() throws Exception {
    TestBackend backend = backend();
    String pipelineName = TestNames.pipeline();
    try (JobQueue queue = backend.open()) {
      Pipeline pipeline = queue.selectPipeline(pipelineName);
      Set<Long> added = new HashSet<>();
      for (int start = 0; start < JOBS; start += BATCH) {
        List<NewJob> batch = new ArrayList<>();
        for (int i = start; i < start + BATCH; i++) {
          batch.add(NewJob.text("job " + i).withOptions(LONG_TTR));
        }
        added.addAll(pipeline.addJobs(batch));
      }
      assertThat(added).as("distinct ids of the jobs added").hasSize(JOBS);
      assertThat(pipeline.stats().ready()).isEqualTo(JOBS);

      List<String> arguments =
          new ArrayList<>(ReserverProcess.backendArguments(backend, pipelineName));
      arguments.add("--mode=drain");
      arguments.add("--threads=" + CHILD_THREADS);
      try (ChildJvm child = ChildJvm.start(arguments)) {
        child.awaitMessage("ready");

        Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          results.add(
              threads.submit(() -> {
                start.await();
                int taken = 0;
                Optional<Job> job;
                while ((job = queue.reserve(pipelineName, RESERVE_TIMEOUT)).isPresent()) {
                  deliveries
                      .computeIfAbsent(job.get().id(), id -> new AtomicInteger())
                      .incrementAndGet();
                  queue.delete(job.get());
                  taken++;
                }
                return taken;
              }));
        }
        child.send("go");
        start.countDown();
        int parentTook = 0;
        for (Future<Integer> result : results) {
          parentTook += result.get(10, TimeUnit.MINUTES);
        }
        threads.shutdown();
        int exit = child.awaitExit(Duration.ofMinutes(5));
        assertThat(exit).as("child JVM exit code; its output:\n%s", child.outputTail()).isZero();

        int childTook = 0;
        for (String message : child.messages()) {
          if (message.startsWith("deleted ")) {
            deliveries
                .computeIfAbsent(Long.parseLong(message.substring(8)), id -> new AtomicInteger())
                .incrementAndGet();
            childTook++;
          }
        }
        assertThat(child.messages())
            .as("child's last message")
            .last()
            .isEqualTo("done " + childTook);

        List<Long> duplicates =
            deliveries.entrySet().stream()
                .filter(e -> e.getValue().get() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        Set<Long> lost = new HashSet<>(added);
        lost.removeAll(deliveries.keySet());
        Set<Long> unknown = new HashSet<>(deliveries.keySet());
        unknown.removeAll(added);
        int delivered = parentTook + childTook;
        System.out.printf(
            "%s: %d jobs, %d threads + 1 process (%d threads), delivered %d, duplicates %d, lost %d,"
                + " child took %d%n",
            backend.name(),
            JOBS,
            THREADS,
            CHILD_THREADS,
            delivered,
            duplicates.size(),
            lost.size(),
            childTook);

        assertThat(duplicates).as("jobs delivered more than once").isEmpty();
        assertThat(lost).as("jobs never delivered").isEmpty();
        assertThat(unknown).as("delivered ids that were never added").isEmpty();
        assertThat(delivered).isEqualTo(JOBS);
        assertThat(childTook)
            .as("jobs the second process took (it must have competed)")
            .isPositive();
        assertThat(pipeline.stats().total()).as("jobs left in the pipeline").isZero();
      }
    }
  }
}
