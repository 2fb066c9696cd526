package io.jobqueue.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.Job;
import io.jobqueue.JobQueueException;
import java.io.IOException;

/** The one Jackson mapper behind the JSON payload helpers. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static <T> T read(byte[] payload, Class<T> type, Job job) {
    try {
      return MAPPER.readValue(payload, type);
    } catch (IOException e) {
      throw unreadable(job, type.getName(), e);
    }
  }

  public static <T> T read(byte[] payload, TypeReference<T> type, Job job) {
    try {
      return MAPPER.readValue(payload, type);
    } catch (IOException e) {
      throw unreadable(job, type.getType().getTypeName(), e);
    }
  }

  private static JobQueueException unreadable(Job job, String type, IOException e) {
    return new JobQueueException(
        "payload of job "
            + job.id()
            + " in pipeline '"
            + job.pipeline()
            + "' is not JSON for "
            + type
            + ": "
            + e.getMessage(),
        e);
  }
}
