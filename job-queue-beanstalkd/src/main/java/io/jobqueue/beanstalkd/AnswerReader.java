package io.jobqueue.beanstalkd;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads beanstalkd's answers from a socket through a buffer of its own: a line is found by scanning
 * the buffer for CRLF rather than by a locked {@code read()} per byte, and pipelined answers that
 * arrived together are parsed from one socket read.
 */
final class AnswerReader {

  private final InputStream in;
  private byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  AnswerReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its CRLF. */
  String readLine() throws IOException {
    int from = position;
    while (true) {
      for (int i = from; i + 1 < limit; i++) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
          String line = new String(buffer, position, i - position, StandardCharsets.US_ASCII);
          position = i + 2;
          return line;
        }
      }
      int resume = Math.max(position, limit - 1) - position; // the last byte may be the CR
      fill();
      from = position + resume;
    }
  }

  /** A data chunk of {@code size} bytes and the CRLF after it. */
  byte[] readChunk(int size) throws IOException {
    byte[] chunk = new byte[size];
    int buffered = Math.min(size, limit - position);
    System.arraycopy(buffer, position, chunk, 0, buffered);
    position += buffered;
    for (int read = buffered, n; read < size; read += n) {
      n = in.read(chunk, read, size - read);
      if (n < 0) {
        throw new EOFException("data chunk of " + size + " bytes ended early");
      }
    }
    if (readByte() != '\r' || readByte() != '\n') {
      throw new EOFException("data chunk of " + size + " bytes ended without CRLF");
    }
    return chunk;
  }

  /** One byte: -1 at the end of the stream. Bytes already buffered come first. */
  int readByte() throws IOException {
    return position < limit ? buffer[position++] & 0xFF : in.read();
  }

  /**
   * Moves unread bytes to the front, grows the buffer for a line longer than it, and reads more.
   */
  private void fill() throws IOException {
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      throw new EOFException("the server closed the connection");
    }
    limit += read;
  }
}
