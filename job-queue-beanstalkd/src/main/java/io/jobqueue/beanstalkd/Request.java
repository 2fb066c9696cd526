package io.jobqueue.beanstalkd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One command line of the protocol, and for {@code put} the job body that follows it.
 *
 * @param line the command without its CRLF, e.g. {@code delete 42}
 * @param body the data chunk sent after the line, or null
 */
record Request(String line, byte[] body) {

  private static final byte[] CRLF = {'\r', '\n'};

  static Request of(String line) {
    return new Request(line, null);
  }

  static Request put(long priority, long delaySeconds, long ttrSeconds, byte[] body) {
    return new Request(
        "put " + priority + " " + delaySeconds + " " + ttrSeconds + " " + body.length, body);
  }

  /** Writes the line, CRLF, and the body with its CRLF if there is one. */
  void writeTo(OutputStream out) throws IOException {
    out.write(line.getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    if (body != null) {
      out.write(body);
      out.write(CRLF);
    }
  }

  /** The command word, for messages: never the body. */
  String command() {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }
}
