package io.jobqueue.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Requests to a running server, as a client sends them, with or without a bearer token. */
final class Http {

  // HTTP/1.1: the default HTTP/2 upgrade hung one request with no answer (seen once, at /health);
  // the timeout turns any such hang into a failure that says so instead of a stalled build
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Response get(String path, String token) {
    return send("GET", path, token, null);
  }

  Response post(String path, String token, String body) {
    return send("POST", path, token, body);
  }

  Response put(String path, String token, String body) {
    return send("PUT", path, token, body);
  }

  Response delete(String path, String token) {
    return send("DELETE", path, token, null);
  }

  Response send(String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(java.time.Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      exchanges.add(new Exchange(method, URI.create(base + path).getPath(), response.statusCode()));
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every request sent so far, with the status it got. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** A request's method and path (decoded, without the query) and the status it got. */
  record Exchange(String method, String path, int status) {}

  /** A response: its status, its body as text, and as JSON. */
  record Response(int status, String text, java.net.http.HttpHeaders headers) {

    JsonNode json() {
      try {
        return Bodies.MAPPER.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + text, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
