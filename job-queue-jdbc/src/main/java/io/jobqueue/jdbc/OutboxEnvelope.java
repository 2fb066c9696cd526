package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of a job the {@link JdbcOutbox} relay put: one ASCII line {@code jobqueue-outbox:<id>}
 * (the outbox row's id, LF-terminated) followed by the payload given to {@link JdbcOutbox#addJob},
 * byte for byte. A handler reads it with {@link #of(Job)}; a client in another language splits the
 * body at the first LF. The relay puts a row again when it dies between the put and the row's
 * delete, so a handler that must act once remembers the {@link #outboxId()}s it has done (ids are
 * never reused).
 *
 * @param outboxId the outbox row's id: the same in every put of the row
 * @param payload the payload as added
 */
public record OutboxEnvelope(long outboxId, byte[] payload) {

  static final String MARK = "jobqueue-outbox:";

  /** The longest header: the mark, a long's 19 digits and the LF. */
  static final int MAX_HEADER_BYTES = MARK.length() + 20;

  public OutboxEnvelope {
    Objects.requireNonNull(payload, "payload must not be null");
    if (outboxId < 1) {
      throw new IllegalArgumentException("outboxId must be at least 1, was " + outboxId);
    }
  }

  /** Reads the envelope from the body of a job the relay put. */
  public static OutboxEnvelope of(Job job) {
    return read(Objects.requireNonNull(job, "job must not be null").payload());
  }

  /**
   * Reads the envelope from a job's body.
   *
   * @throws IllegalArgumentException when the body does not start with the outbox header
   */
  public static OutboxEnvelope read(byte[] body) {
    Objects.requireNonNull(body, "body must not be null");
    int end = 0;
    while (end < body.length && end <= MAX_HEADER_BYTES && body[end] != '\n') {
      end++;
    }
    String header = end < body.length ? new String(body, 0, end, StandardCharsets.US_ASCII) : "";
    if (!header.startsWith(MARK) || !header.substring(MARK.length()).matches("[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException(
          "not a job the outbox relay put: its body must start with a line '"
              + MARK
              + "<id>' (a positive decimal id, then LF)");
    }
    return new OutboxEnvelope(
        Long.parseLong(header.substring(MARK.length())),
        Arrays.copyOfRange(body, end + 1, body.length));
  }

  /** The job body the relay puts: the header line, then the payload. */
  public byte[] body() {
    byte[] header = (MARK + outboxId + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = Arrays.copyOf(header, header.length + payload.length);
    System.arraycopy(payload, 0, body, header.length, payload.length);
    return body;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutboxEnvelope that
        && outboxId == that.outboxId
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(outboxId) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "OutboxEnvelope[outboxId=" + outboxId + ", payload=" + payload.length + " bytes]";
  }
}
