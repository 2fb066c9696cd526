package io.jobqueue.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Reads request bodies (at most {@code maxBytes}, as JSON) and writes JSON responses. */
final class Bodies {

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final int maxBytes;

  Bodies(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The body as JSON.
   *
   * @throws ApiException 413 past {@code maxBytes}
   * @throws IllegalArgumentException when it is not JSON
   */
  JsonNode read(Context ctx) {
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body: " + e.getMessage(), e);
    }
    if (body.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("the request body must be a JSON object; it is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the request body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(Api.JSON).result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  static ApiException tooLarge(int maxBytes) {
    return new ApiException(413, "the request body is over the limit of " + maxBytes + " bytes");
  }

  /**
   * Checks that the node is a JSON object with no field but these.
   *
   * @param what names the object in messages, e.g. "a job"
   */
  static JsonNode object(JsonNode node, String what, Set<String> fields) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object with " + fields);
    }
    node.fieldNames()
        .forEachRemaining(field -> {
          if (!fields.contains(field)) {
            throw new IllegalArgumentException(
                "unknown field '" + field + "' of " + what + "; the fields are " + fields);
          }
        });
    return node;
  }

  /** A text field's value. */
  static String text(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(
          field + " must be a JSON string, was " + node.getNodeType());
    }
    return node.asText();
  }

  /** A whole-number field's value, or {@code absent} when the field is missing. */
  static long number(JsonNode job, String field, long absent) {
    JsonNode node = job.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a whole number, was " + node);
    }
    return node.asLong();
  }

  /** A whole-number field's value; the field is required. */
  static long number(JsonNode node, String field) {
    if (!node.hasNonNull(field)) {
      throw new IllegalArgumentException(field + " is required");
    }
    return number(node, field, 0);
  }

  /** A boolean field's value, or {@code absent} when the field is missing. */
  static boolean bool(JsonNode job, String field, boolean absent) {
    JsonNode node = job.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false, was " + node);
    }
    return node.asBoolean();
  }
}
