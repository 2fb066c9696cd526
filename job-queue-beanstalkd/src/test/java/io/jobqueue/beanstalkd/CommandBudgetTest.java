package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The commands each operation costs, counted by a private server ({@code stats}: {@code cmd-*}): a
 * delete while the reservation is surely held goes without a touch, a later one proves the
 * reservation with a touch first; a Worker draining a backlog sends no more than a reserve, the
 * job's stats and a delete per job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandBudgetTest {

  /** The commands a drain sends: reserving, describing, deleting, watching. */
  private static final List<String> DRAIN_COMMANDS =
      List.of(
          "cmd-reserve",
          "cmd-reserve-with-timeout",
          "cmd-stats-job",
          "cmd-delete",
          "cmd-touch",
          "cmd-release",
          "cmd-watch",
          "cmd-ignore",
          "cmd-use");

  private BeanstalkdServer server;
  private BeanstalkdJobQueue queue;
  private BeanstalkdConnection statsConnection;

  @BeforeAll
  void start() {
    server = BeanstalkdServer.start();
    queue = (BeanstalkdJobQueue) JobQueues.open(server.url());
    statsConnection = BeanstalkdConnection.open(Endpoint.from(JobQueueConfig.of(server.url())));
  }

  @AfterAll
  void stop() {
    statsConnection.close();
    queue.close();
    server.close();
  }

  @Test
  void aFreshReservationIsDeletedWithoutATouch() {
    Job job = reserveNew(Duration.ofSeconds(60));
    assertThat(queue.surelyHeld(job)).as("a reservation of a moment ago").isTrue();

    assertDeleteSends(job, 0);
  }

  @Test
  void aReservationPastHalfItsTtrIsTouchedBeforeItIsDeleted() {
    Job job = reserveNew(Duration.ofSeconds(4));
    awaitUnsure(job); // past the sure half, and half a TTR before the end

    assertDeleteSends(job, 1);
  }

  @Test
  void aTouchStartsANewSureWindow() {
    Job job = reserveNew(Duration.ofSeconds(4));
    awaitUnsure(job);
    queue.touch(job);
    assertThat(queue.surelyHeld(job)).as("a reservation touched a moment ago").isTrue();

    assertDeleteSends(job, 0);
  }

  @Test
  void aWorkerDrainingABacklogSendsAboutThreeCommandsPerJob() {
    int jobs = 2_000;
    Pipeline pipeline = newPipeline();
    pipeline.addJobs(Collections.nCopies(jobs, NewJob.of("job".getBytes(StandardCharsets.UTF_8))));
    AtomicInteger handled = new AtomicInteger();
    Map<String, Long> before = commands();

    try (Worker worker =
        Worker.builder(queue)
            .summaryInterval(Duration.ZERO)
            .concurrency(4)
            .handler(pipeline.name(), ctx -> handled.incrementAndGet())
            .build()
            .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == jobs);
      await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().total() == 0);
    }

    Map<String, Long> after = commands();
    Map<String, Long> sent = new HashMap<>();
    for (String command : DRAIN_COMMANDS) {
      sent.put(command, after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L));
    }
    double perJob = sent.values().stream().mapToLong(Long::longValue).sum() / (double) jobs;
    System.out.printf("commands per job, Worker draining %d jobs: %.3f %s%n", jobs, perJob, sent);
    // the job's counters (attempts, reserves, kicks) are the server's: one stats-job each; the
    // Worker's heartbeats add a few deletes and stats-job of their own
    assertThat(sent.get("cmd-stats-job")).as("stats-job").isBetween((long) jobs, jobs + 5L);
    assertThat(sent.get("cmd-delete")).as("deletes, no touches").isBetween((long) jobs, jobs + 5L);
    // one reserve each, and the reserves that found the pipeline drained near its end
    assertThat(perJob).as("commands per job").isLessThanOrEqualTo(3.15);
  }

  /**
   * Waits until the queue no longer counts the reservation as surely held: it then proves it with a
   * touch.
   */
  private void awaitUnsure(Job job) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !queue.surelyHeld(job));
  }

  /** Adds a job with this TTR to a new pipeline and reserves it. */
  private Job reserveNew(Duration ttr) {
    Pipeline pipeline = newPipeline();
    pipeline.addText("job", JobOptions.DEFAULT.withTtr(ttr));
    return queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
  }

  private Pipeline newPipeline() {
    return queue.selectPipeline(
        "budget-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  /**
   * Deletes the job and checks the server counted {@code touches} touches and one delete for it.
   */
  private void assertDeleteSends(Job job, long touches) {
    Map<String, Long> before = commands();

    queue.delete(job);

    Map<String, Long> after = commands();
    assertThat(after.get("cmd-touch") - before.get("cmd-touch")).as("touches").isEqualTo(touches);
    assertThat(after.get("cmd-delete") - before.get("cmd-delete")).as("deletes").isEqualTo(1);
    assertThat(queue.peek(job.id())).isEmpty();
  }

  private Map<String, Long> commands() {
    statsConnection.lock().lock();
    try {
      Map<String, Long> counts = new HashMap<>();
      statsConnection
          .call(Request.of("stats"))
          .dictionary()
          .forEach((key, value) -> {
            if (key.startsWith("cmd-")) {
              counts.put(key, Long.parseLong(value));
            }
          });
      return counts;
    } finally {
      statsConnection.lock().unlock();
    }
  }
}
