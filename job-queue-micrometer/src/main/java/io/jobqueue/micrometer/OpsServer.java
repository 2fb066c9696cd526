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
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A worker process's HTTP endpoints for operations: {@code /metrics} (what {@code scrape} returns,
 * e.g. a Prometheus registry's text), {@code /health/live} (the worker runs: its reserve loop has
 * not stopped) and {@code /health/ready} (live, and the backend answers), each 200 or 503 with a
 * one-line reason, as a Kubernetes probe or a supervisor script expects. Served by the JDK's own
 * HTTP server, so no server library comes along.
 *
 * <p>It listens on the loopback interface (127.0.0.1) unless told otherwise: the endpoints have no
 * authentication, so serving them to other hosts ({@code 0.0.0.0}, e.g. for a Prometheus server or
 * a Kubernetes probe from outside the container) is a choice made with {@link
 * #start(InetSocketAddress, Supplier, Supplier, JobQueue)}.
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

  /** The address served when none is given: the loopback interface only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * Starts serving on 127.0.0.1 at {@code port} (0 picks a free one).
   *
   * @param worker the worker once it is built (null before)
   */
  public static OpsServer start(
      int port, Supplier<String> scrape, Supplier<Worker> worker, JobQueue queue) {
    return start(address(DEFAULT_HOST, port), scrape, worker, queue);
  }

  /**
   * Starts serving at {@code address}, e.g. {@code new InetSocketAddress("0.0.0.0", 9464)} for
   * every interface.
   *
   * @param worker the worker once it is built (null before)
   */
  public static OpsServer start(
      InetSocketAddress address, Supplier<String> scrape, Supplier<Worker> worker, JobQueue queue) {
    Objects.requireNonNull(address, "address must not be null");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "cannot serve metrics on "
              + address.getHostString()
              + ": the host name does not resolve; give an IP address of this machine"
              + " (127.0.0.1, the default) or 0.0.0.0 for every interface");
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on " + describe(address) + ": " + e.getMessage(), e);
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

  /**
   * {@code host:port} as an {@link InetSocketAddress}, with a message naming what is allowed when
   * the port is out of range.
   */
  public static InetSocketAddress address(String host, int port) {
    Objects.requireNonNull(host, "host must not be null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "metrics port must be 0 (any free port) to 65535, was " + port);
    }
    return new InetSocketAddress(host, port);
  }

  /** The port served, e.g. when 0 was asked for. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address served: its interface and port. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code host:port} for a log line, e.g. {@code 127.0.0.1:9464}. */
  public String describe() {
    return describe(address());
  }

  private static String describe(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
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
