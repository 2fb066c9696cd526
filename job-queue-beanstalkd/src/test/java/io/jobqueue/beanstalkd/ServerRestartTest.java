package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.Job;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server goes away and comes back: callers get a clear {@link BackendUnavailableException}
 * while it is down (never a hang), the same queue works again once it is back, and with a binlog
 * ({@code -b}) no job is lost. Timeouts here are guards against a hang, not speed limits.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServerRestartTest {

  @TempDir Path binlog;

  @Test
  void openingAQueueWithNoServerFailsClearly() {
    BeanstalkdServer server = BeanstalkdServer.start();
    String url = server.url();
    server.close();
    assertThatThrownBy(() -> JobQueues.open(url))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("is the server running");
  }

  @Test
  void whileTheServerIsDownEveryCallFailsClearlyAndBlockedReservesReturn() throws Exception {
    try (BeanstalkdServer server = BeanstalkdServer.start();
        JobQueue queue =
            JobQueues.open(
                JobQueueConfig.builder(server.url()).property("connectTimeout", "1000").build())) {
      Pipeline pipeline = queue.selectPipeline("down-" + System.nanoTime());
      pipeline.addText("held");
      Job held = queue.reserve(pipeline.name(), Duration.ofSeconds(10)).orElseThrow();
      CompletableFuture<Optional<Job>> blocked =
          CompletableFuture.supplyAsync(
              () -> queue.reserve(pipeline.name(), Duration.ofMinutes(10)));
      await().until(() -> waitingReservers(server) > 0);

      server.kill();

      assertThat(blocked)
          .failsWithin(Duration.ofSeconds(30))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(IOException.class);
      assertThatThrownBy(blocked::join).hasCauseInstanceOf(BackendUnavailableException.class);
      assertThatThrownBy(() -> pipeline.addText("while down"))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining(server.url());
      assertThatThrownBy(() -> queue.reserve(pipeline.name(), Duration.ofSeconds(5)))
          .isInstanceOf(BackendUnavailableException.class);
      assertThatThrownBy(pipeline::stats).isInstanceOf(BackendUnavailableException.class);
      assertThatThrownBy(() -> queue.delete(held))
          .as("the connection holding the job is gone, and with it the reservation")
          .isInstanceOfAny(BackendUnavailableException.class, JobNotReservedException.class);
    }
  }

  @Test
  void aRestartInTheMiddleOfARunLosesNothingWithABinlog() throws Exception {
    try (BeanstalkdServer server = BeanstalkdServer.startWithBinlog(binlog);
        JobQueue queue = JobQueues.open(server.url())) {
      String name = "restart-" + System.nanoTime();
      Pipeline pipeline = queue.selectPipeline(name);
      Set<Long> added = ConcurrentHashMap.newKeySet();
      Set<Long> delivered = ConcurrentHashMap.newKeySet();
      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicBoolean failedWhileDown = new AtomicBoolean();

      ExecutorService threads = Executors.newFixedThreadPool(2);
      Future<?> producer =
          threads.submit(() -> {
            int i = 0;
            while (producing.get()) {
              try {
                added.add(pipeline.addText("job " + i++));
                Thread.sleep(
                    1); // a steady stream, not a flood the consumer could never catch up with
              } catch (BackendUnavailableException e) {
                failedWhileDown.set(
                    true); // not added as far as we know: an at-least-once producer retries
              }
            }
            return null;
          });
      Future<?> consumer =
          threads.submit(() -> {
            // not by counting: a put whose answer the kill cut off may still have added a job,
            // delivered but not in added
            while (producing.get() || !delivered.containsAll(added)) {
              try {
                queue
                    .reserve(name, Duration.ofMillis(300))
                    .ifPresent(job -> {
                      delivered.add(job.id());
                      queue.delete(job);
                    });
              } catch (BackendUnavailableException | JobNotReservedException e) {
                // the server is down, or the reservation went with the old connection: the job
                // comes back
              } catch (JobQueueClosedException e) {
                return;
              }
            }
          });

      await().until(() -> delivered.size() >= 200);
      server.kill();
      await("a call to fail while the server is down").until(failedWhileDown::get);
      int beforeRestart = added.size();
      server.restart();
      await("the queue to work again after the restart")
          .atMost(Duration.ofSeconds(60))
          .until(() -> added.size() > beforeRestart + 200);
      producing.set(false);
      producer.get(60, TimeUnit.SECONDS);
      consumer.get(120, TimeUnit.SECONDS);
      threads.shutdown();

      Set<Long> lost = new HashSet<>(added);
      lost.removeAll(delivered);
      assertThat(lost).as("jobs added (INSERTED answered) but never delivered").isEmpty();
      assertThat(pipeline.stats().total()).isZero();
    }
  }

  @Test
  void jobsWaitingInTheBinlogSurviveARestartWithTheirSettings() {
    try (BeanstalkdServer server = BeanstalkdServer.startWithBinlog(binlog);
        JobQueue queue = JobQueues.open(server.url())) {
      Pipeline pipeline = queue.selectPipeline("binlog-" + System.nanoTime());
      List<Long> ids =
          pipeline.addJobs(
              List.of(
                  NewJob.text("a").withOptions(JobOptions.DEFAULT.withPriority(3)),
                  NewJob.text("b").withOptions(JobOptions.DEFAULT.withPriority(1))));
      queue.bury(queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow(), "x");

      server.kill();
      server.restart();

      await()
          .ignoreException(BackendUnavailableException.class)
          .until(() -> pipeline.stats().total() == 2);
      assertThat(queue.peek(ids.get(1)).orElseThrow().state()).isEqualTo(JobState.BURIED);
      Job job = queue.reserve(pipeline.name(), Duration.ofSeconds(5)).orElseThrow();
      assertThat(job.id()).isEqualTo(ids.get(0));
      assertThat(job.priority()).isEqualTo(3);
      assertThat(job.payloadText()).isEqualTo("a");
      queue.delete(job);
    }
  }

  private static long waitingReservers(BeanstalkdServer server) {
    try (BeanstalkdConnection connection =
        BeanstalkdConnection.open(Endpoint.from(JobQueueConfig.of(server.url())))) {
      return Long.parseLong(
          connection.call(Request.of("stats")).dictionary().get("current-waiting"));
    }
  }
}
