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
    Pipeline pipeline = newPipeline();
    long id = pipeline.addJob("quick", JobOptions.DEFAULT.withTtr(Duration.ofSeconds(60)));
    Job job = queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
    Map<String, Long> before = commands();

    queue.delete(job);

    assertThat(delta(before, "cmd-touch")).isZero();
    assertThat(delta(before, "cmd-delete")).isEqualTo(1);
    assertThat(queue.peek(id)).isEmpty();
  }

  @Test
  void aReservationPastHalfItsTtrIsTouchedBeforeItIsDeleted() throws InterruptedException {
    Pipeline pipeline = newPipeline();
    Duration ttr = Duration.ofSeconds(4);
    long id = pipeline.addJob("slow", JobOptions.DEFAULT.withTtr(ttr));
    Job job = queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
    Thread.sleep(ttr.dividedBy(2).plusMillis(200).toMillis()); // past the sure half, well before the end
    Map<String, Long> before = commands();

    queue.delete(job);

    assertThat(delta(before, "cmd-touch")).isEqualTo(1);
    assertThat(delta(before, "cmd-delete")).isEqualTo(1);
    assertThat(queue.peek(id)).isEmpty();
  }

  @Test
  void aTouchStartsANewSureWindow() throws InterruptedException {
    Pipeline pipeline = newPipeline();
    Duration ttr = Duration.ofSeconds(4);
    long id = pipeline.addJob("touched", JobOptions.DEFAULT.withTtr(ttr));
    Job job = queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
    Thread.sleep(ttr.dividedBy(2).plusMillis(200).toMillis());
    queue.touch(job);
    Map<String, Long> before = commands();

    queue.delete(job);

    assertThat(delta(before, "cmd-touch")).isZero();
    assertThat(delta(before, "cmd-delete")).isEqualTo(1);
    assertThat(queue.peek(id)).isEmpty();
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

  private long delta(Map<String, Long> before, String counter) {
    return commands().get(counter) - before.get(counter);
  }

  private Pipeline newPipeline() {
    return queue.selectPipeline("budget-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }
}
