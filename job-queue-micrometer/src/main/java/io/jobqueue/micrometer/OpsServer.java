package io.jobqueue.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A worker process's HTTP endpoints for operations: {@code /metrics} (what {@code scrape} returns,
 * e.g. a Prometheus registry's text), {@code /health/live} (the worker runs: its reserve loop has
 * not stopped) and {@code /health/ready} (live, and the backend answers), each 200 or 503 with a
 * one-line reason, as a Kubernetes probe or a supervisor script expects. Served by the JDK's own
 * HTTP server, so no server library comes along.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * try (OpsServer server = OpsServer.start(9464, registry::scrape, () -> worker, queue)) { ... }
 * }</pre>
 */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving on every interface at {@code port} (0 picks a free one).
   *
   * @param worker the worker once it is built (null before)
   */
  public static OpsServer start(
      int port, Supplier<String> scrape, Supplier<Worker> worker, JobQueue queue) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/metrics",
        exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get()));
    server.createContext(
        "/health/live",
        exchange -> {
          Worker running = worker.get();
          boolean live = running != null && running.isRunning();
          send(
              exchange,
              live ? 200 : 503,
              "text/plain; charset=utf-8",
              live ? "live\n" : "not running\n");
        });
    server.createContext(
        "/health/ready",
        exchange -> {
          Worker running = worker.get();
          String problem =
              running == null || !running.isRunning() ? "not running" : backendProblem(queue);
          send(
              exchange,
              problem == null ? 200 : 503,
              "text/plain; charset=utf-8",
              (problem == null ? "ready" : problem) + "\n");
        });
    server.start();
    return new OpsServer(server);
  }

  /** The port served, e.g. when 0 was asked for. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static String backendProblem(JobQueue queue) {
    try {
      queue.pipelines();
      return null;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "backend does not answer: " + root;
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
