package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The commands each operation costs, counted by a private server ({@code stats}: {@code cmd-*}): a
 * delete while the reservation is surely held goes without a touch, a later one proves the
 * reservation with a touch first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandBudgetTest {

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
    Pipeline pipeline =
        queue.selectPipeline("budget-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    pipeline.addText("job", JobOptions.DEFAULT.withTtr(ttr));
    return queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
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
