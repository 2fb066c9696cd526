package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Lines and data chunks however the socket splits them: a byte at a time, or longer than the
 * buffer.
 */
class AnswerReaderTest {

  @Test
  void linesAndChunksSplitIntoSingleBytesAreReassembled() throws IOException {
    AnswerReader reader = new AnswerReader(trickle("RESERVED 7 5\r\nhello\r\nDELETED\r\n"));

    assertThat(reader.readLine()).isEqualTo("RESERVED 7 5");
    assertThat(new String(reader.readChunk(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(reader.readLine()).isEqualTo("DELETED");
    assertThat(reader.readByte()).isEqualTo(-1);
  }

  @Test
  void aLineLongerThanTheBufferAndAChunkAcrossReadsAreRead() throws IOException {
    String longLine = "OK " + "x".repeat(40_000);
    String chunk = "y".repeat(50_000);
    AnswerReader reader =
        new AnswerReader(
            new ByteArrayInputStream(
                (longLine + "\r\nFOUND 1 50000\r\n" + chunk + "\r\nTOUCHED\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));

    assertThat(reader.readLine()).isEqualTo(longLine);
    assertThat(reader.readLine()).isEqualTo("FOUND 1 50000");
    assertThat(new String(reader.readChunk(50_000), StandardCharsets.US_ASCII)).isEqualTo(chunk);
    assertThat(reader.readLine()).isEqualTo("TOUCHED");
  }

  @Test
  void aLineCutOffByTheEndOfTheStreamFails() {
    AnswerReader reader =
        new AnswerReader(
            new ByteArrayInputStream("INSERTED 4\r".getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(reader::readLine).isInstanceOf(EOFException.class);
  }

  @Test
  void aChunkWithoutItsCrlfFails() {
    AnswerReader reader =
        new AnswerReader(new ByteArrayInputStream("abcXY".getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> reader.readChunk(3))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("CRLF");
  }

  /** A stream that hands out one byte per read, as a slow network might. */
  private static InputStream trickle(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }
}
