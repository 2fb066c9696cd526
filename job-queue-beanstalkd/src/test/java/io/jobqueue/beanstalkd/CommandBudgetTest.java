package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
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
 * The commands each operation costs, counted by a private server ({@code stats}: {@code cmd-*}):
 * a delete while the reservation is surely held goes without a touch, a later one proves the
 * reservation with a touch first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandBudgetTest {

  private BeanstalkdServer server;
  private JobQueue queue;
  private BeanstalkdConnection statsConnection;

  @BeforeAll
  void start() {
    server = BeanstalkdServer.start();
    queue = JobQueues.open(server.url());
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

    assertDeleteSends(job, 0);
  }

  @Test
  void aReservationPastHalfItsTtrIsTouchedBeforeItIsDeleted() throws InterruptedException {
    Duration ttr = Duration.ofSeconds(4);
    Job job = reserveNew(ttr);
    Thread.sleep(ttr.dividedBy(2).plusMillis(200).toMillis()); // past the sure half, well before the end

    assertDeleteSends(job, 1);
  }

  @Test
  void aTouchStartsANewSureWindow() throws InterruptedException {
    Duration ttr = Duration.ofSeconds(4);
    Job job = reserveNew(ttr);
    Thread.sleep(ttr.dividedBy(2).plusMillis(200).toMillis());
    queue.touch(job);

    assertDeleteSends(job, 0);
  }

  /** Adds a job with this TTR to a new pipeline and reserves it. */
  private Job reserveNew(Duration ttr) {
    Pipeline pipeline = queue.selectPipeline("budget-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    pipeline.addText("job", JobOptions.DEFAULT.withTtr(ttr));
    return queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
  }

  /** Deletes the job and checks the server counted {@code touches} touches and one delete for it. */
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
      statsConnection.call(Request.of("stats")).dictionary().forEach((key, value) -> {
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
