package io.jobqueue.http;

import io.javalin.http.HttpResponseException;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.InvalidPipelineLimitsException;
import io.jobqueue.InvalidUniqueKeyException;
import io.jobqueue.JobNotFoundException;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.JobReservedException;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.UnsupportedByBackendException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented error body {@code {"error": "...", "message": "..."}}: which status and code each
 * failure gets. The message is the library's own, so the API says what the library says.
 */
final class Errors {

  /** Status code to the {@code error} code of the body. */
  static final Map<Integer, String> CODES = codes();

  private Errors() {}

  /** The status for a failure of a request. */
  static int status(Exception e) {
    return switch (e) {
      case ApiException api -> api.status();
      case HttpResponseException http -> http.getStatus();
      case JobNotFoundException notFound -> 404;
      case JobReservedException reserved -> 409;
      case JobNotReservedException notReserved -> 409;
      case JobTooLargeException tooLarge -> 413;
      case UnsupportedByBackendException unsupported -> 501;
      case BackendUnavailableException unavailable -> 503;
      case JobQueueClosedException closed -> 503;
      case InvalidUniqueKeyException badKey -> 400;
      case InvalidPipelineLimitsException badLimits -> 400;
      case IllegalArgumentException bad -> 400;
      default -> 500;
    };
  }

  /** The body for a status and a message. */
  static Map<String, String> body(int status, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", CODES.getOrDefault(status, "internal"));
    body.put("message", message);
    return body;
  }

  private static Map<Integer, String> codes() {
    Map<Integer, String> codes = new LinkedHashMap<>();
    codes.put(400, "bad_request");
    codes.put(401, "unauthorized");
    codes.put(403, "forbidden");
    codes.put(404, "not_found");
    codes.put(409, "conflict");
    codes.put(413, "payload_too_large");
    codes.put(500, "internal");
    codes.put(501, "unsupported");
    codes.put(503, "unavailable");
    return Map.copyOf(codes);
  }
}
