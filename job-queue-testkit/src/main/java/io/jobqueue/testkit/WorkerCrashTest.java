package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.WorkerInfo;
import io.jobqueue.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link Worker} process killed with {@code kill -9} in the middle of its work loses no job, and
 * runs no more of them a second time than {@link Worker#maxJobsRunAgainAfterCrash()} promises. A
 * backend's test subclass supplies only {@link #backend()}. Worker processes also show in {@link
 * JobQueue#workers()}, and a killed one shows as gone.
 */
public abstract class WorkerCrashTest {

  private static final int JOBS = 2_000;
  private static final int CONCURRENCY = 4;
  private static final int MAX_PENDING_DELETES = 8;

  /**
   * Each handler's work: short, so that many deletes are pending, but long enough to kill in the
   * middle.
   */
  private static final Duration HANDLER_WORK = Duration.ofMillis(5);

  /**
   * Long enough that no reservation of the living worker runs out on a loaded machine; the killed
   * one's come back after it.
   */
  private static final Duration TTR = Duration.ofSeconds(5);

  /**
   * Jobs the killed worker must have finished first, so that deletes are under way when it dies.
   */
  private static final int FINISHED_BEFORE_KILL = 50;

  /** The heartbeat of the worker processes: the killed one shows as gone three of them later. */
  private static final Duration PROCESS_HEARTBEAT = Duration.ofSeconds(1);

  @TempDir Path records;

  /** The backend under test. */
  protected abstract TestBackend backend();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aKilledWorkerLosesNoJobAndRunsAtMostItsBoundOfThemTwice() throws Exception {
    TestBackend backend = backend();
    String pipelineName = TestNames.pipeline();
    Path killedRecord = records.resolve("finished-by-the-killed-worker");
    Path drainRecord = records.resolve("finished-by-the-next-worker");
    try (JobQueue queue = backend.open()) {
      Pipeline pipeline = queue.selectPipeline(pipelineName);
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        jobs.add(NewJob.text("crash " + i).withOptions(JobOptions.DEFAULT.withTtr(TTR)));
      }
      Set<Long> added = new HashSet<>(pipeline.addJobs(jobs));

      List<String> arguments =
          new ArrayList<>(ReserverProcess.backendArguments(backend, pipelineName));
      arguments.addAll(
          List.of(
              "--mode=work",
              "--record=" + killedRecord,
              "--concurrency=" + CONCURRENCY,
              "--max-pending-deletes=" + MAX_PENDING_DELETES,
              "--handler-millis=" + HANDLER_WORK.toMillis()));
      try (ChildJvm child = ChildJvm.start(arguments)) {
        child.awaitMessage("working");
        await("the worker process to hold jobs after finishing " + FINISHED_BEFORE_KILL)
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(10))
            .until(() ->
                pipeline.stats().reserved() > 0
                    && finished(killedRecord).size() >= FINISHED_BEFORE_KILL);
        child.kill();
      }
      Map<Long, Integer> finishedBeforeKill = counts(finished(killedRecord));
      assertThat(finishedBeforeKill.size()).as("jobs finished before the kill").isLessThan(JOBS);

      Worker next =
          Worker.builder(queue)
              .handler(pipelineName, ReserverProcess.recording(drainRecord, HANDLER_WORK))
              .concurrency(CONCURRENCY)
              .summaryInterval(Duration.ZERO)
              .build()
              .start();
      try {
        // the killed worker's jobs come back at once or when their TTR ends, depending on the
        // backend
        await("the next worker to finish every job")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> pipeline.stats().total() == 0);
      } finally {
        next.stop();
      }

      Map<Long, Integer> finishedTimes = counts(finished(killedRecord));
      finished(drainRecord).forEach(id -> finishedTimes.merge(id, 1, Integer::sum));
      long finishedTwice = finishedTimes.values().stream().filter(times -> times > 1).count();
      int bound =
          Worker.builder(queue)
              .handler(pipelineName, ctx -> {})
              .concurrency(CONCURRENCY)
              .maxPendingDeletes(MAX_PENDING_DELETES)
              .build()
              .maxJobsRunAgainAfterCrash();
      System.out.printf(
          "%s: worker killed after finishing %d of %d jobs; %d jobs finished twice, bound %d%n",
          backend.name(), finishedBeforeKill.size(), JOBS, finishedTwice, bound);

      assertThat(finishedTimes.keySet()).as("jobs finished at least once").isEqualTo(added);
      assertThat(finishedTwice).as("jobs finished twice").isLessThanOrEqualTo(bound);
    }
  }

  /**
   * Two worker processes show in {@link JobQueue#workers()}; the one killed with {@code kill -9}
   * shows as gone once its last heartbeat is {@link WorkerInfo#GONE_AFTER_INTERVALS} intervals old
   * (to the second on beanstalkd), while the other stays alive.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoWorkerProcessesShowAndAKilledOneShowsGone() throws Exception {
    TestBackend backend = backend();
    String pipelineName = TestNames.pipeline();
    List<String> arguments =
        new ArrayList<>(ReserverProcess.backendArguments(backend, pipelineName));
    arguments.addAll(
        List.of(
            "--mode=work",
            "--record=" + records.resolve("unused"),
            "--concurrency=2",
            "--max-pending-deletes=1",
            "--handler-millis=1",
            "--heartbeat-millis=" + PROCESS_HEARTBEAT.toMillis()));
    try (JobQueue queue = backend.open();
        ChildJvm killed = ChildJvm.start(arguments);
        ChildJvm living = ChildJvm.start(arguments)) {
      String killedId = workerId(killed);
      String livingId = workerId(living);
      await("both worker processes to show in workers()")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> {
            Map<String, WorkerInfo> seen = byId(queue.workers());
            return seen.containsKey(killedId)
                && seen.containsKey(livingId)
                && !seen.get(killedId).gone()
                && !seen.get(livingId).gone();
          });
      WorkerInfo shown = byId(queue.workers()).get(killedId);
      assertThat(shown.pid()).isEqualTo(killed.pid());
      assertThat(shown.pipelines()).containsExactly(pipelineName);
      assertThat(shown.concurrency()).isEqualTo(2);
      assertThat(shown.heartbeatInterval()).isEqualTo(PROCESS_HEARTBEAT);

      killed.kill();
      await("the killed worker to show as gone after " + shown.goneAfter())
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> byId(queue.workers()).get(killedId).gone());
      assertThat(byId(queue.workers()).get(livingId).gone()).as("the living worker").isFalse();
    }
  }

  private static String workerId(ChildJvm child) {
    return child.awaitMessage("working").substring("working ".length());
  }

  private static Map<String, WorkerInfo> byId(List<WorkerInfo> workers) {
    Map<String, WorkerInfo> byId = new HashMap<>();
    workers.forEach(w -> byId.put(w.id(), w));
    return byId;
  }

  /** The job ids in a record file, one per complete line, in order. */
  private static List<Long> finished(Path record) throws IOException {
    if (!Files.exists(record)) {
      return List.of();
    }
    String text = Files.readString(record, StandardCharsets.US_ASCII);
    List<Long> ids = new ArrayList<>();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
      ids.add(Long.parseLong(text.substring(start, end)));
    }
    return ids;
  }

  private static Map<Long, Integer> counts(List<Long> ids) {
    Map<Long, Integer> counts = new HashMap<>();
    ids.forEach(id -> counts.merge(id, 1, Integer::sum));
    return counts;
  }
}
