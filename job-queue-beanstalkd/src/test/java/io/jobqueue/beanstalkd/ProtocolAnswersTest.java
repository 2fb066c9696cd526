package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobQueues;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.UnsupportedByBackendException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every answer beanstalkd can give, provoked from a real server where it can be, and the exception
 * each becomes. The server runs with {@code -z 100} so that JOB_TOO_BIG is reachable while the
 * queue's own limit is higher.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolAnswersTest {

  private static final int SERVER_LIMIT = 100;

  private BeanstalkdServer server;
  private Endpoint endpoint;

  @BeforeAll
  void startServer() {
    server = BeanstalkdServer.start("-z", String.valueOf(SERVER_LIMIT));
    endpoint = Endpoint.from(JobQueueConfig.of(server.url()));
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void jobTooBigFromTheServerIsJobTooLargeAndAddsNothing() {
    try (JobQueue queue = JobQueues.open(server.url())) {
      Pipeline pipeline = queue.selectPipeline(pipelineName());
      pipeline.addJob(new byte[SERVER_LIMIT]);
      assertThatThrownBy(() -> pipeline.addJob(new byte[SERVER_LIMIT + 1]))
          .isInstanceOf(JobTooLargeException.class)
          .hasMessageContaining("JOB_TOO_BIG")
          .hasMessageContaining(pipeline.name())
          .hasMessageContaining("-z");
      assertThat(pipeline.stats().total()).isEqualTo(1);
      // the connection is still in step with the server afterwards
      assertThat(pipeline.addText("after")).isPositive();
    }
  }

  @Test
  void aBatchTheServerRejectsPartlyIsUndone() {
    try (JobQueue queue = JobQueues.open(server.url())) {
      Pipeline pipeline = queue.selectPipeline(pipelineName());
      List<NewJob> batch =
          List.of(
              NewJob.text("fits"), NewJob.of(new byte[SERVER_LIMIT + 1]), NewJob.text("fits too"));
      assertThatThrownBy(() -> pipeline.addJobs(batch))
          .isInstanceOf(JobTooLargeException.class)
          .satisfies(e ->
              assertThat(e.getSuppressed()[0])
                  .hasMessageContaining("2 of those were deleted again"));
      assertThat(pipeline.stats().total()).isZero();
    }
  }

  @Test
  void unknownCommandIsUnsupportedByBackend() {
    try (BeanstalkdConnection connection = BeanstalkdConnection.open(endpoint)) {
      Reply reply = connection.call(Request.of("frobnicate 1"));
      assertThat(reply.status()).isEqualTo("UNKNOWN_COMMAND");
      assertThatThrownBy(() -> ServerErrors.expect(reply, connection, "frobnicate", "OK"))
          .isInstanceOf(UnsupportedByBackendException.class)
          .hasMessageContaining("UNKNOWN_COMMAND")
          .hasMessageContaining("upgrade");
      assertThat(connection.isBroken())
          .as("UNKNOWN_COMMAND leaves the connection usable")
          .isFalse();
      assertThat(connection.call(Request.of("list-tubes")).status()).isEqualTo("OK");
    }
  }

  @Test
  void badFormatIsAJobQueueExceptionAndDropsTheConnection() {
    try (BeanstalkdConnection connection = BeanstalkdConnection.open(endpoint)) {
      Reply reply = connection.call(Request.of("kick lots"));
      assertThat(reply.status()).isEqualTo("BAD_FORMAT");
      assertThatThrownBy(() -> ServerErrors.expect(reply, connection, "kick jobs", "KICKED"))
          .isExactlyInstanceOf(JobQueueException.class)
          .hasMessageContaining("BAD_FORMAT");
      assertThat(connection.isBroken()).isTrue();
    }
  }

  @Test
  void expectedCrlfIsAJobQueueExceptionAndDropsTheConnection() {
    try (BeanstalkdConnection connection = BeanstalkdConnection.open(endpoint)) {
      Reply reply =
          connection.callRaw("put 0 0 10 1\r\nxYZ\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(reply.status()).isEqualTo("EXPECTED_CRLF");
      assertThatThrownBy(() -> ServerErrors.expect(reply, connection, "add a job", "INSERTED"))
          .isExactlyInstanceOf(JobQueueException.class)
          .hasMessageContaining("EXPECTED_CRLF");
      assertThat(connection.isBroken()).isTrue();
    }
  }

  @Test
  void deadlineSoonIsWhatTheServerSaysToAHolderInItsLastSecond() {
    String tube = pipelineName();
    try (BeanstalkdConnection connection = BeanstalkdConnection.open(endpoint)) {
      connection.callInTube(tube, List.of(Request.put(0, 0, 1, new byte[] {1})));
      Reply reserved =
          connection.callWatching(
              List.of(tube), Request.of("reserve-with-timeout 0"), Duration.ZERO);
      assertThat(reserved.status()).isEqualTo("RESERVED");
      // TTR 1 s: the whole reservation is inside the safety margin
      Reply again =
          connection.callWatching(
              List.of(tube), Request.of("reserve-with-timeout 5"), Duration.ofSeconds(5));
      assertThat(again.status()).isEqualTo("DEADLINE_SOON");
      assertThatThrownBy(() -> ServerErrors.expect(again, connection, "peek", "FOUND"))
          .isExactlyInstanceOf(JobQueueException.class)
          .hasMessageContaining("DEADLINE_SOON");
    }
  }

  @Test
  void timedOutAndNotFoundAreAnswersNotErrors() {
    try (JobQueue queue = JobQueues.open(server.url())) {
      Pipeline pipeline = queue.selectPipeline(pipelineName());
      assertThat(queue.reserve(pipeline.name(), Duration.ZERO)).isEmpty();
      assertThat(queue.reserve(pipeline.name(), Duration.ofMillis(200))).isEmpty();
      assertThat(queue.peek(Long.MAX_VALUE)).isEmpty();
      assertThat(pipeline.peekBuried()).isEmpty();
    }
  }

  /**
   * Answers a healthy server never gives on request; the mapping is checked on the answer line
   * itself.
   */
  @ParameterizedTest
  @CsvSource({
    "OUT_OF_MEMORY, io.jobqueue.BackendUnavailableException, try again later",
    "INTERNAL_ERROR, io.jobqueue.JobQueueException, bug in beanstalkd",
    "DRAINING, io.jobqueue.BackendUnavailableException, SIGUSR1",
    "JOB_TOO_BIG, io.jobqueue.JobTooLargeException, -z",
    "UNKNOWN_COMMAND, io.jobqueue.UnsupportedByBackendException, upgrade",
    "WHAT_IS_THIS, io.jobqueue.JobQueueException, does not allow",
  })
  void everyErrorAnswerHasItsException(
      String answer, Class<? extends RuntimeException> type, String advice) {
    try (BeanstalkdConnection connection = BeanstalkdConnection.open(endpoint)) {
      RuntimeException e =
          ServerErrors.toException(Reply.parseLine(answer), connection, "do something");
      assertThat(e)
          .isExactlyInstanceOf(type)
          .hasMessageContaining("do something")
          .hasMessageContaining(advice)
          .hasMessageContaining(server.url());
    }
  }

  @Test
  void drainingRefusesNewJobsButStillDeliversOldOnes() {
    try (BeanstalkdServer draining = BeanstalkdServer.start();
        JobQueue queue = JobQueues.open(draining.url())) {
      Pipeline pipeline = queue.selectPipeline(pipelineName());
      long id = pipeline.addText("before drain", JobOptions.DEFAULT);
      draining.signal("USR1");
      assertThatThrownBy(() -> pipeline.addText("after drain"))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("draining")
          .hasMessageContaining(pipeline.name());
      Job job = queue.reserve(pipeline.name(), Duration.ofSeconds(10)).orElseThrow();
      assertThat(job.id()).isEqualTo(id);
      queue.delete(job);
    }
  }

  private static String pipelineName() {
    return "bt-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }
}
