package io.jobqueue;

import io.jobqueue.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One job of a batch for {@link Pipeline#addJobs}: a payload and its options.
 *
 * @param payload the bytes to store; not null, at most the queue's payload limit
 * @param options priority, delay and time to run
 */
public record NewJob(byte[] payload, JobOptions options) {

  /** Checks that neither part is null. */
  public NewJob {
    Objects.requireNonNull(payload, "payload must not be null");
    Objects.requireNonNull(options, "options must not be null (use JobOptions.DEFAULT)");
  }

  /** A job carrying these bytes, with default options. */
  public static NewJob of(byte[] payload) {
    return new NewJob(payload, JobOptions.DEFAULT);
  }

  /**
   * A job carrying this text as UTF-8, with default options; {@link Job#payloadText()} reads it.
   */
  public static NewJob text(String text) {
    return of(
        Objects.requireNonNull(text, "payload must not be null").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A job carrying this value as JSON (Jackson), with default options; {@link
   * Job#payloadJson(Class)} reads it.
   */
  public static NewJob json(Object value) {
    return of(Json.write(value));
  }

  /** This job with other options. */
  public NewJob withOptions(JobOptions options) {
    return new NewJob(payload, options);
  }
}
