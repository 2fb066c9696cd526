package io.jobqueue.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.jobqueue.JobQueue;
import io.jobqueue.micrometer.JobQueueMetrics;
import io.jobqueue.schedule.Scheduler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobqueue HTTP API (JSON) and the dashboard's static files, over one {@link JobQueue}: what
 * {@code jobqueue serve} runs. Every route but the dashboard and {@code /openapi.json} needs {@code
 * Authorization: Bearer <token>}, the admin token or, for reads only, the read-only token; errors
 * answer {@code {"error": "...", "message": "..."}}. {@code /openapi.json} describes every route.
 *
 * <pre>{@code
 * try (JobQueueHttpServer server = JobQueueHttpServer.builder(queue).adminToken(token).build().start()) {
 *   ... // http://127.0.0.1:8080/api/pipelines
 * }
 * }</pre>
 *
 * <p>The server neither opens nor closes the queue and the scheduler: the caller owns them.
 */
public final class JobQueueHttpServer implements AutoCloseable {

  /** The address served unless set: this host only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The port served unless set. */
  public static final int DEFAULT_PORT = 8080;

  /** The largest request body accepted unless set: 1 MiB (a batch of jobs). */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** Where the dashboard's static files live on the class path. */
  static final String DASHBOARD = "/io/jobqueue/http/dashboard";

  private static final Logger log = LoggerFactory.getLogger(JobQueueHttpServer.class);

  private final Builder settings;
  private final Tokens tokens;
  private final Bodies bodies;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Set<String> measured = new HashSet<>();
  private final List<Route> routes;
  private final String openApi;
  private Javalin app;

  private JobQueueHttpServer(Builder settings) {
    this.settings = settings;
    this.tokens = new Tokens(settings.adminToken, settings.readToken);
    this.bodies = new Bodies(settings.maxBodyBytes);
    Api api = new Api(settings.queue, settings.scheduler, bodies, this::scrape, this::openApi);
    this.routes = api.routes();
    this.openApi = OpenApi.describe(routes);
  }

  /** A server for this queue; {@link Builder#adminToken} is required. */
  public static Builder builder(JobQueue queue) {
    return new Builder(queue);
  }

  /**
   * Starts serving.
   *
   * @throws IllegalStateException when started twice
   */
  public synchronized JobQueueHttpServer start() {
    if (app != null) {
      throw new IllegalStateException("the server starts once");
    }
    app =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.http.maxRequestSize = settings.maxBodyBytes;
          config.concurrency.useVirtualThreads = true;
          if (JobQueueHttpServer.class.getResource(DASHBOARD) != null) {
            config.staticFiles.add(files -> {
              files.hostedPath = "/";
              files.directory = DASHBOARD;
              files.location = Location.CLASSPATH;
            });
          }
          for (Route route : routes) {
            config.routes.addHttpHandler(
                route.method(),
                route.path(),
                ctx -> {
                  tokens.check(ctx.header("Authorization"), route.access());
                  route.handler().handle(ctx);
                });
          }
          config.routes.exception(Exception.class, this::fail);
          config.routes.error(404, this::notFound);
        });
    app.start(settings.host, settings.port);
    log.info("jobqueue HTTP API on http://{}:{}/", settings.host, app.port());
    return this;
  }

  /** The port served, e.g. when 0 was asked for. */
  public int port() {
    return app.port();
  }

  /** Stops serving; closing twice does nothing. */
  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      registry.close();
    }
  }

  private String openApi() {
    return openApi;
  }

  /** The routes the server registered, as "METHOD path", for the OpenAPI test. */
  Set<String> registered() {
    Set<String> registered = new HashSet<>();
    app.unsafe
        .internalRouter
        .allHttpHandlers()
        .forEach(e -> registered.add(e.endpoint.method.name() + " " + e.endpoint.path));
    return registered;
  }

  /** The route table, for the tests. */
  List<Route> routes() {
    return routes;
  }

  /** The routes described, as "METHOD path", for the OpenAPI test. */
  Set<String> described() {
    Set<String> described = new HashSet<>();
    routes.forEach(route -> described.add(route.method().name() + " " + route.path()));
    return described;
  }

  private void fail(Exception e, Context ctx) {
    int status = Errors.status(e);
    if (status == 500) {
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    bodies.json(ctx, status, Errors.body(status, message));
  }

  private void notFound(Context ctx) {
    // Javalin's own 404 (no route, no file) is text; a route's 404 is already the error body
    if (!Api.JSON.equals(ctx.contentType())) {
      bodies.json(ctx, 404, Errors.body(404, "no route " + ctx.method() + " " + ctx.path()));
    }
  }

  /** The Prometheus text, with gauges for every pipeline seen so far. */
  private synchronized String scrape() {
    List<String> fresh =
        settings.queue.pipelines().stream().filter(p -> !measured.contains(p)).toList();
    if (!fresh.isEmpty()) {
      new JobQueueMetrics(settings.queue, fresh).bindTo(registry);
      measured.addAll(fresh);
    }
    return registry.scrape();
  }

  /** The server's settings, checked in {@link #build()}. */
  public static final class Builder {
    private final JobQueue queue;
    private Scheduler scheduler;
    private String adminToken;
    private String readToken;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(JobQueue queue) {
      this.queue = queue;
    }

    /** The token that may read and change everything (required). */
    public Builder adminToken(String adminToken) {
      this.adminToken = adminToken;
      return this;
    }

    /** A token that may only read (GET); none unless set. */
    public Builder readToken(String readToken) {
      this.readToken = readToken;
      return this;
    }

    /** The schedules served under {@code /api/schedules}; none unless set. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** The address to listen on, default {@value #DEFAULT_HOST}. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port, default {@value #DEFAULT_PORT}; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The largest request body, default {@value #DEFAULT_MAX_BODY_BYTES}; larger ones get 413. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the setting and the rule it breaks
     */
    public JobQueueHttpServer build() {
      Objects.requireNonNull(queue, "queue must not be null");
      if (adminToken == null || adminToken.isBlank()) {
        throw new IllegalArgumentException("adminToken must be set and not blank");
      }
      if (readToken != null && readToken.isBlank()) {
        throw new IllegalArgumentException("readToken must not be blank when set");
      }
      if (adminToken.equals(readToken)) {
        throw new IllegalArgumentException("readToken must differ from adminToken");
      }
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
      }
      return new JobQueueHttpServer(this);
    }
  }
}
