package io.jobqueue.benchmark;

import java.nio.charset.StandardCharsets;

/**
 * The payload of a benchmark job: its index in the run, and for the latency scenario the {@link
 * System#nanoTime()} at which it was enqueued (producer and workers share the JVM, so that clock is
 * comparable), as short text such as {@code 42} or {@code 42:123456789}.
 */
final class Payload {

  private Payload() {}

  static byte[] of(int index) {
    return Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] of(int index, long enqueuedNanos) {
    return (index + ":" + enqueuedNanos).getBytes(StandardCharsets.US_ASCII);
  }

  static int index(byte[] payload) {
    String text = new String(payload, StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    return Integer.parseInt(colon < 0 ? text : text.substring(0, colon));
  }

  static long enqueuedNanos(byte[] payload) {
    String text = new String(payload, StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("payload '" + text + "' carries no enqueue time");
    }
    return Long.parseLong(text.substring(colon + 1));
  }
}
