package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Another program speaking the raw protocol over a plain socket, not through this module's client:
 * jobs it puts are reserved and read correctly, and jobs this queue adds are read correctly by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropTest {

  private BeanstalkdServer server;
  private JobQueue queue;

  @BeforeAll
  void start() {
    server = BeanstalkdServer.start();
    queue = new BeanstalkdJobQueueProvider().open(JobQueueConfig.of(server.url()));
  }

  @AfterAll
  void stop() {
    queue.close();
    server.close();
  }

  @Test
  void aJobPutOverARawSocketIsReservedAndReadExactly() throws IOException {
    String tube = tubeName();
    byte[] body = new byte[300];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 7); // every byte value, CR and LF among them
    }
    long id;
    try (RawClient raw = new RawClient(server.port())) {
      assertThat(raw.command("use " + tube)).isEqualTo("USING " + tube);
      raw.write(("put 42 0 17 " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      raw.write(body);
      raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      String inserted = raw.line();
      assertThat(inserted).startsWith("INSERTED ");
      id = Long.parseLong(inserted.substring("INSERTED ".length()));
    }

    Job job = queue.reserve(tube, Duration.ofSeconds(10)).orElseThrow();
    assertThat(job.id()).isEqualTo(id);
    assertThat(job.pipeline()).isEqualTo(tube);
    assertThat(job.payload()).isEqualTo(body);
    assertThat(job.priority()).isEqualTo(42);
    assertThat(job.ttr()).isEqualTo(Duration.ofSeconds(17));
    assertThat(job.state()).isEqualTo(JobState.RESERVED);
    assertThat(job.reserves()).isEqualTo(1);
    queue.delete(job);
    assertThat(queue.peek(id)).isEmpty();
  }

  @Test
  void aJobThisQueueAddsIsReadExactlyByAnotherProgram() throws IOException {
    Pipeline pipeline = queue.selectPipeline(tubeName());
    String text = "héllo ✓\r\nsecond line";
    long id =
        pipeline.addText(text, JobOptions.DEFAULT.withPriority(9).withTtr(Duration.ofMillis(1500)));

    try (RawClient raw = new RawClient(server.port())) {
      raw.command("watch " + pipeline.name());
      raw.command("ignore default");
      String reserved = raw.command("reserve-with-timeout 5");
      String[] words = reserved.split(" ");
      assertThat(words[0]).isEqualTo("RESERVED");
      assertThat(Long.parseLong(words[1])).isEqualTo(id);
      byte[] body = raw.body(Integer.parseInt(words[2]));
      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(text);
      raw.write(("stats-job " + id + "\r\n").getBytes(StandardCharsets.US_ASCII));
      String ok = raw.line();
      String stats =
          new String(raw.body(Integer.parseInt(ok.split(" ")[1])), StandardCharsets.US_ASCII);
      assertThat(stats)
          .contains("pri: 9\n")
          .contains("ttr: 2\n"); // TTR rounded up to whole seconds
      assertThat(raw.command("delete " + id)).isEqualTo("DELETED");
    }
    assertThat(queue.peek(id)).isEmpty();
  }

  private static String tubeName() {
    return "interop-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }

  /** The simplest possible client: write bytes, read CRLF-terminated lines and counted chunks. */
  private static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      InputStream input = socket.getInputStream();
      in = new DataInputStream(input);
    }

    String command(String line) throws IOException {
      write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      return line();
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int previous = -1;
      int next;
      while ((next = in.read()) != -1) {
        if (previous == '\r' && next == '\n') {
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
        }
        line.write(next);
        previous = next;
      }
      throw new IOException("connection closed");
    }

    byte[] body(int size) throws IOException {
      byte[] body = new byte[size];
      in.readFully(body);
      assertThat(in.read()).isEqualTo('\r');
      assertThat(in.read()).isEqualTo('\n');
      return body;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
