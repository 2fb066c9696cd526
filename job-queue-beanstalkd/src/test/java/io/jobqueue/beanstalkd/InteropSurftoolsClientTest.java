package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;

import com.surftools.BeanstalkClient.Client;
import com.surftools.BeanstalkClientImpl.ClientImpl;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * com.surftools:BeanstalkClient 1.4.6, the Java client most beanstalkd users already have, mixed
 * with this backend on one server: its jobs are reserved here with the same bytes, priority, delay
 * and TTR, and this backend's jobs are reserved, buried, kicked and deleted by it. This backend
 * adds no framing to a job's body, so nothing has to be agreed beyond the protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropSurftoolsClientTest {

  private JobQueue queue;
  private Client client;

  @BeforeAll
  void open() {
    String url = BeanstalkdTestBackends.shared().config().url();
    queue = JobQueues.open(url);
    URI uri = URI.create(url);
    client = new ClientImpl(uri.getHost(), uri.getPort());
  }

  @AfterAll
  void close() {
    client.close();
    queue.close();
  }

  @Test
  void aJobTheirClientPutsIsReservedHereWithItsBytesPriorityDelayAndTtr() {
    String tube = tubeName();
    byte[] body = everyByteValue();
    client.useTube(tube);
    long before = System.nanoTime();
    long id = client.put(77, 1, 23, body);

    assertThat(queue.peek(id).orElseThrow().state()).isEqualTo(JobState.DELAYED);
    Job job = queue.reserve(tube, Duration.ofSeconds(10)).orElseThrow();
    Duration waited = Duration.ofNanos(System.nanoTime() - before);

    assertThat(job.id()).isEqualTo(id);
    assertThat(job.pipeline()).isEqualTo(tube);
    assertThat(job.payload()).isEqualTo(body);
    assertThat(job.priority()).isEqualTo(77);
    assertThat(job.ttr()).isEqualTo(Duration.ofSeconds(23));
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(1)); // the server's delay held it
    queue.delete(job);
    assertThat(client.peek(id)).isNull();
  }

  @Test
  void aJobPutHereIsReservedBuriedKickedAndDeletedByTheirClient() {
    Pipeline pipeline = queue.selectPipeline(tubeName());
    byte[] body = everyByteValue();
    long id =
        pipeline.addJob(
            body,
            JobOptions.DEFAULT
                .withPriority(5)
                .withDelay(Duration.ofSeconds(1))
                .withTtr(Duration.ofSeconds(31)));
    Map<String, String> stats = client.statsJob(id);
    assertThat(stats)
        .containsEntry("tube", pipeline.name())
        .containsEntry("pri", "5")
        .containsEntry("delay", "1")
        .containsEntry("ttr", "31");

    client.watch(pipeline.name());
    client.ignore("default");
    try {
      com.surftools.BeanstalkClient.Job reserved = client.reserve(10);
      assertThat(reserved.getJobId()).isEqualTo(id);
      assertThat(reserved.getData()).isEqualTo(body);

      assertThat(client.bury(id, 5)).isTrue();
      assertThat(queue.peek(id).orElseThrow().state()).isEqualTo(JobState.BURIED);
      client.useTube(pipeline.name());
      assertThat(client.kick(1)).isEqualTo(1);
      assertThat(queue.peek(id).orElseThrow().state()).isEqualTo(JobState.READY);

      com.surftools.BeanstalkClient.Job again = client.reserve(10);
      assertThat(again.getJobId()).isEqualTo(id);
      assertThat(client.delete(id)).isTrue();
    } finally {
      client.watch("default");
      client.ignore(pipeline.name());
    }
    assertThat(queue.peek(id)).isEmpty();
  }

  @Test
  void aJobBuriedHereIsKickedByTheirClientAndReservedHereAgain() {
    Pipeline pipeline = queue.selectPipeline(tubeName());
    long id = pipeline.addText("bury me");
    Job job = queue.reserve(pipeline.name(), Duration.ofSeconds(10)).orElseThrow();
    queue.bury(job, "kicked by the other client");

    client.useTube(pipeline.name());
    assertThat(client.kick(1)).isEqualTo(1);

    Job again = queue.reserve(pipeline.name(), Duration.ofSeconds(10)).orElseThrow();
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.kicks()).isEqualTo(1);
    assertThat(again.payloadText()).isEqualTo("bury me");
    queue.delete(again);
  }

  private static byte[] everyByteValue() {
    byte[] body = new byte[512];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i; // CR, LF and NUL among them
    }
    return body;
  }

  private static String tubeName() {
    return "surftools-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }
}
