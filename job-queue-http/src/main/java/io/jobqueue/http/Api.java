package io.jobqueue.http;

import static io.jobqueue.http.Route.Param.path;
import static io.jobqueue.http.Route.Param.query;
import static io.jobqueue.http.Tokens.Access.ADMIN;
import static io.jobqueue.http.Tokens.Access.PUBLIC;
import static io.jobqueue.http.Tokens.Access.READ;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.jobqueue.AddResult;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.InvalidPipelineLimitsException;
import io.jobqueue.Job;
import io.jobqueue.JobNotFoundException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.QueueStats;
import io.jobqueue.UniqueKey;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The API's routes and what each does with the queue. */
final class Api {

  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  /** How long {@code /health} waits for the backend before it answers 503. */
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  /** The most jobs one page lists. */
  static final int MAX_PAGE = 100;

  /** The most jobs one batch adds. */
  static final int MAX_BATCH = 1000;

  /** The most ticks one history request returns. */
  static final int MAX_HISTORY = 1000;

  private static final Set<String> JOB_FIELDS =
      Set.of(
          "payload",
          "payloadBase64",
          "priority",
          "delaySeconds",
          "ttrSeconds",
          "uniqueKey",
          "uniqueWindowSeconds",
          "uniqueWhileReserved");

  private static final Set<String> LIMITS_FIELDS = Set.of("maxReserved", "rate");
  private static final Set<String> RATE_FIELDS = Set.of("count", "intervalMillis");

  private final JobQueue queue;
  private final Scheduler scheduler;
  private final Bodies bodies;
  private final Supplier<String> metrics;
  private final Supplier<String> openApi;
  private final Rates rates = new Rates();
  private final Clock clock = Clock.systemUTC();

  Api(
      JobQueue queue,
      Scheduler scheduler,
      Bodies bodies,
      Supplier<String> metrics,
      Supplier<String> openApi) {
    this.queue = queue;
    this.scheduler = scheduler;
    this.bodies = bodies;
    this.metrics = metrics;
    this.openApi = openApi;
  }

  /**
   * Every route, the most specific first: a pipeline name may hold {@code /}, so {@code <pipeline>}
   * would also match {@code a/jobs}.
   */
  List<Route> routes() {
    Route.Param pipeline = path("pipeline", "string", "the pipeline's name (it may hold '/')");
    Route.Param id = path("id", "integer", "the job's id");
    Route.Param schedule = path("name", "string", "the schedule's name");
    List<Route> routes = new ArrayList<>();
    routes.add(
        route(
            HandlerType.GET,
            "/health",
            READ,
            "Whether the backend answers",
            List.of(),
            null,
            200,
            "Health",
            Set.of(503),
            this::health));
    routes.add(
        route(
            HandlerType.GET,
            "/metrics",
            READ,
            "Prometheus metrics of every pipeline",
            List.of(),
            null,
            200,
            null,
            Set.of(),
            ctx -> ctx.contentType(PROMETHEUS).result(metrics.get())));
    routes.add(
        route(
            HandlerType.GET,
            "/openapi.json",
            PUBLIC,
            "This description of the API",
            List.of(),
            null,
            200,
            "OpenApi",
            Set.of(),
            ctx -> ctx.contentType(JSON).result(openApi.get())));
    routes.add(
        route(
            HandlerType.GET,
            "/api/pipelines",
            READ,
            "Every pipeline with its counts by state and how fast they change",
            List.of(),
            null,
            200,
            "Pipelines",
            Set.of(503),
            this::pipelines));
    routes.add(
        route(
            HandlerType.POST,
            "/api/pipelines/<pipeline>/jobs/batch",
            ADMIN,
            "Adds many jobs at once (one transaction on SQL backends); a job whose uniqueKey is held,"
                + " by a waiting job or an earlier job of the batch, gets that job's id",
            List.of(pipeline),
            "NewJobs",
            201,
            "JobIds",
            Set.of(501, 503),
            this::addBatch));
    routes.add(
        route(
            HandlerType.GET,
            "/api/pipelines/<pipeline>/jobs",
            READ,
            "One page of the pipeline's jobs in one state, in the order they would be taken",
            List.of(
                pipeline,
                query("state", "string", "ready, reserved, delayed or buried (default ready)"),
                query("offset", "integer", "jobs skipped first (default 0)"),
                query("limit", "integer", "most jobs listed, 1 to " + MAX_PAGE + " (default 20)")),
            null,
            200,
            "JobPage",
            Set.of(501, 503),
            this::jobsPage));
    routes.add(
        route(
                HandlerType.POST,
                "/api/pipelines/<pipeline>/jobs",
                ADMIN,
                "Adds a job: ready at once, or delayed (201). With a uniqueKey that a waiting job"
                    + " holds, adds nothing and answers 200 with that job's id",
                List.of(pipeline),
                "NewJob",
                201,
                "JobId",
                Set.of(501, 503),
                this::addJob)
            .alsoSucceedingWith(200));
    routes.add(
        route(
            HandlerType.POST,
            "/api/pipelines/<pipeline>/kick",
            ADMIN,
            "Makes up to bound buried jobs ready, or delayed ones when none is buried",
            List.of(
                pipeline, query("bound", "integer", "most jobs kicked, at least 1 (default 1)")),
            null,
            200,
            "Kicked",
            Set.of(503),
            this::kick));
    routes.add(
        route(
            HandlerType.POST,
            "/api/pipelines/<pipeline>/purge",
            ADMIN,
            "Deletes every job of the pipeline in one state (never reserved ones)",
            List.of(pipeline, query("state", "string", "ready, delayed or buried (required)")),
            null,
            200,
            "Purged",
            Set.of(503),
            this::purge));
    routes.add(
        route(
            HandlerType.POST,
            "/api/pipelines/<pipeline>/pause",
            ADMIN,
            "Stops reservations from the pipeline for a while; jobs can still be added",
            List.of(pipeline, query("seconds", "integer", "how long, at least 1 (required)")),
            null,
            200,
            "Pipeline",
            Set.of(503),
            this::pause));
    routes.add(
        route(
            HandlerType.POST,
            "/api/pipelines/<pipeline>/resume",
            ADMIN,
            "Ends a pause now",
            List.of(pipeline),
            null,
            200,
            "Pipeline",
            Set.of(503),
            this::resume));
    routes.add(
        route(
            HandlerType.GET,
            "/api/pipelines/<pipeline>/history",
            READ,
            "One page of the pipeline's history (finished and buried jobs), newest end first",
            List.of(
                pipeline,
                query("offset", "integer", "records skipped first (default 0)"),
                query(
                    "limit", "integer", "most records listed, 1 to " + MAX_PAGE + " (default 20)")),
            null,
            200,
            "JobRecords",
            Set.of(501, 503),
            this::history));
    routes.add(
        route(
            HandlerType.GET,
            "/api/pipelines/<pipeline>/limits",
            READ,
            "The pipeline's limits across every process; limits is null when it has none",
            List.of(pipeline),
            null,
            200,
            "PipelineLimits",
            Set.of(503),
            this::limits));
    routes.add(
        route(
            HandlerType.PUT,
            "/api/pipelines/<pipeline>/limits",
            ADMIN,
            "Sets the pipeline's limits, replacing those set before: at most maxReserved of its jobs"
                + " reserved at once, at most rate.count reservations started per"
                + " rate.intervalMillis",
            List.of(pipeline),
            "NewLimits",
            200,
            "PipelineLimits",
            Set.of(501, 503),
            this::setLimits));
    routes.add(
        route(
            HandlerType.DELETE,
            "/api/pipelines/<pipeline>/limits",
            ADMIN,
            "Removes the pipeline's limits",
            List.of(pipeline),
            null,
            200,
            "PipelineLimits",
            Set.of(501, 503),
            this::clearLimits));
    routes.add(
        route(
            HandlerType.GET,
            "/api/pipelines/<pipeline>",
            READ,
            "One pipeline's counts by state (all zero for a pipeline without jobs)",
            List.of(pipeline),
            null,
            200,
            "Pipeline",
            Set.of(503),
            this::pipeline));
    routes.add(
        route(
            HandlerType.GET,
            "/api/jobs/{id}",
            READ,
            "One job in any state; the payload as text when it is UTF-8, else base64",
            List.of(id),
            null,
            200,
            "Job",
            Set.of(404, 503),
            this::job));
    routes.add(
        route(
            HandlerType.DELETE,
            "/api/jobs/{id}",
            ADMIN,
            "Deletes (cancels) a ready, delayed or buried job; force=true deletes a reserved one"
                + " too",
            List.of(id, query("force", "boolean", "delete even when reserved (default false)")),
            null,
            200,
            "Deleted",
            Set.of(404, 409, 501, 503),
            this::deleteJob));
    routes.add(
        route(
            HandlerType.POST,
            "/api/jobs/{id}/kick",
            ADMIN,
            "Makes one buried or delayed job ready",
            List.of(id),
            null,
            200,
            "Kicked",
            Set.of(404, 409, 503),
            this::kickJob));
    routes.add(
        route(
            HandlerType.GET,
            "/api/jobs/{id}/history",
            READ,
            "A finished or buried job's history record with every attempt",
            List.of(id),
            null,
            200,
            "JobRecord",
            Set.of(404, 501, 503),
            this::jobHistory));
    routes.add(
        route(
            HandlerType.GET,
            "/api/workers",
            READ,
            "The workers registered in the backend, gone ones included",
            List.of(),
            null,
            200,
            "Workers",
            Set.of(503),
            this::workers));
    routes.add(
        route(
            HandlerType.GET,
            "/api/schedules",
            READ,
            "Every stored schedule with its next and last tick",
            List.of(),
            null,
            200,
            "Schedules",
            Set.of(404, 503),
            this::schedules));
    routes.add(
        route(
            HandlerType.GET,
            "/api/schedules/{name}/history",
            READ,
            "A schedule's most recent ticks, newest first",
            List.of(
                schedule,
                query("limit", "integer", "most ticks, 1 to " + MAX_HISTORY + " (default 20)")),
            null,
            200,
            "Ticks",
            Set.of(404, 503),
            this::scheduleHistory));
    routes.add(
        route(
            HandlerType.POST,
            "/api/schedules/{name}/pause",
            ADMIN,
            "Stops the schedule's ticks in every scheduler",
            List.of(schedule),
            null,
            200,
            "Schedule",
            Set.of(404, 503),
            ctx -> setSchedulePaused(ctx, true)));
    routes.add(
        route(
            HandlerType.POST,
            "/api/schedules/{name}/resume",
            ADMIN,
            "Lets a paused schedule tick again",
            List.of(schedule),
            null,
            200,
            "Schedule",
            Set.of(404, 503),
            ctx -> setSchedulePaused(ctx, false)));
    routes.add(
        route(
            HandlerType.GET,
            "/api/schedules/{name}",
            READ,
            "One schedule with its next and last tick",
            List.of(schedule),
            null,
            200,
            "Schedule",
            Set.of(404, 503),
            this::schedule));
    return List.copyOf(routes);
  }

  private static Route route(
      HandlerType method,
      String path,
      Tokens.Access access,
      String summary,
      List<Route.Param> params,
      String body,
      int ok,
      String response,
      Set<Integer> errors,
      Handler handler) {
    return new Route(
        method, path, access, summary, params, body, Set.of(ok), response, errors, handler);
  }

  /**
   * Up when the backend lists its pipelines within {@link #HEALTH_TIMEOUT}: a probe wants an answer
   * soon, not after a connection pool's own timeout.
   */
  private void health(Context ctx) throws InterruptedException {
    FutureTask<List<String>> ask = new FutureTask<>(queue::pipelines);
    Thread.ofVirtual().name("jobqueue-http-health").start(ask);
    try {
      ask.get(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BackendUnavailableException(
          "the backend did not answer within " + HEALTH_TIMEOUT.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new BackendUnavailableException("the backend failed: " + e.getCause(), e.getCause());
    }
    bodies.json(ctx, 200, Map.of("status", "up"));
  }

  private void pipelines(Context ctx) {
    QueueStats stats = queue.stats();
    Map<String, PipelineLimits> limits = queue.limits();
    Map<String, Rates.Rate> byName = rates.record(clock.instant(), stats);
    List<Object> views = new ArrayList<>();
    stats
        .pipelines()
        .forEach(p ->
            views.add(
                Views.pipeline(
                    p, byName.get(p.pipeline()), Optional.ofNullable(limits.get(p.pipeline())))));
    bodies.json(ctx, 200, Map.of("pipelines", views));
  }

  private void pipeline(Context ctx) {
    bodies.json(ctx, 200, pipelineView(pipelineOf(ctx)));
  }

  private void jobsPage(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    JobState state = state(ctx.queryParam("state"), JobState.READY);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = intParam(ctx, "limit", 20, 1, MAX_PAGE);
    List<Job> jobs;
    boolean complete = true;
    try {
      jobs = pipeline.peek(state, offset, limit);
    } catch (UnsupportedByBackendException e) {
      // beanstalkd shows the first job of a state and no more: show that, and say so
      Optional<Job> first =
          switch (state) {
            case READY -> pipeline.peekReady();
            case DELAYED -> pipeline.peekDelayed();
            case BURIED -> pipeline.peekBuried();
            case RESERVED -> throw e;
          };
      if (offset > 0) {
        throw e;
      }
      jobs = first.stream().toList();
      complete = false;
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("pipeline", pipeline.name());
    page.put("state", state.name().toLowerCase(Locale.ROOT));
    page.put("offset", offset);
    page.put("limit", limit);
    page.put("complete", complete);
    page.put("jobs", jobs.stream().map(Views::job).toList());
    bodies.json(ctx, 200, page);
  }

  /** 201 when added; 200 with the waiting job's id when it holds the job's unique key. */
  private void addJob(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    AddResult result = pipeline.add(newJob(bodies.read(ctx)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", result.id());
    body.put("added", result.added());
    bodies.json(ctx, result.added() ? 201 : 200, body);
  }

  private void addBatch(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    JsonNode jobs = bodies.read(ctx).get("jobs");
    if (jobs == null || !jobs.isArray() || jobs.isEmpty() || jobs.size() > MAX_BATCH) {
      throw new IllegalArgumentException(
          "the body must be {\"jobs\": [...]} with 1 to " + MAX_BATCH + " jobs");
    }
    List<NewJob> batch = new ArrayList<>();
    jobs.forEach(node -> batch.add(newJob(node)));
    List<AddResult> results = pipeline.addAll(batch);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ids", results.stream().map(AddResult::id).toList());
    body.put("added", results.stream().map(AddResult::added).toList());
    bodies.json(ctx, 201, body);
  }

  private void limits(Context ctx) {
    bodies.json(ctx, 200, limitsView(pipelineOf(ctx)));
  }

  private void setLimits(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    pipeline.setLimits(newLimits(bodies.read(ctx)));
    bodies.json(ctx, 200, limitsView(pipeline));
  }

  private void clearLimits(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    pipeline.clearLimits();
    bodies.json(ctx, 200, limitsView(pipeline));
  }

  /** The limits as the backend holds them now, read back after a change. */
  private static Map<String, Object> limitsView(Pipeline pipeline) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("pipeline", pipeline.name());
    view.put("limits", Views.limits(pipeline.limits()));
    return view;
  }

  private static Map<String, Object> pipelineView(Pipeline pipeline) {
    return Views.pipeline(pipeline.stats(), null, pipeline.limits());
  }

  private void kick(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    long bound = intParam(ctx, "bound", 1, 1, Integer.MAX_VALUE);
    bodies.json(ctx, 200, Map.of("kicked", pipeline.kick(bound)));
  }

  private void purge(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    if (ctx.queryParam("state") == null) {
      throw new IllegalArgumentException("state is required: ready, delayed or buried");
    }
    JobState state = state(ctx.queryParam("state"), null);
    bodies.json(ctx, 200, Map.of("purged", pipeline.purge(state)));
  }

  private void pause(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    if (ctx.queryParam("seconds") == null) {
      throw new IllegalArgumentException("seconds is required: how long the pause lasts");
    }
    long seconds = intParam(ctx, "seconds", 0, 1, Integer.MAX_VALUE);
    pipeline.pause(Checks.duration("pause duration", Duration.ofSeconds(seconds)));
    bodies.json(ctx, 200, pipelineView(pipeline));
  }

  private void resume(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    pipeline.resume();
    bodies.json(ctx, 200, pipelineView(pipeline));
  }

  private void job(Context ctx) {
    long id = jobId(ctx);
    bodies.json(ctx, 200, Views.job(queue.peek(id).orElseThrow(() -> noJob(id))));
  }

  private void deleteJob(Context ctx) {
    long id = jobId(ctx);
    String force = ctx.queryParam("force");
    if (force != null && !force.equals("true") && !force.equals("false")) {
      throw new IllegalArgumentException("force must be true or false, was '" + force + "'");
    }
    if ("true".equals(force)) {
      queue.forceDeleteJob(id);
    } else {
      queue.deleteJob(id);
    }
    bodies.json(ctx, 200, Map.of("deleted", id));
  }

  private void kickJob(Context ctx) {
    long id = jobId(ctx);
    Job job = queue.peek(id).orElseThrow(() -> noJob(id));
    if (!queue.selectPipeline(job.pipeline()).kickJob(id)) {
      throw new ApiException(
          409,
          "job "
              + id
              + " is "
              + job.state().name().toLowerCase(Locale.ROOT)
              + ": only a buried or delayed job can be kicked");
    }
    bodies.json(ctx, 200, Map.of("kicked", 1));
  }

  private void history(Context ctx) {
    Pipeline pipeline = pipelineOf(ctx);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = intParam(ctx, "limit", 20, 1, MAX_PAGE);
    bodies.json(
        ctx,
        200,
        Map.of("records", pipeline.history(offset, limit).stream().map(Views::record).toList()));
  }

  private void jobHistory(Context ctx) {
    long id = jobId(ctx);
    bodies.json(
        ctx,
        200,
        Views.record(
            queue
                .history(id)
                .orElseThrow(() ->
                    new JobNotFoundException(
                        "no history of job "
                            + id
                            + ": its pipeline keeps none, it has not ended, or it was pruned"))));
  }

  private void workers(Context ctx) {
    bodies.json(ctx, 200, Map.of("workers", queue.workers().stream().map(Views::worker).toList()));
  }

  private void schedules(Context ctx) {
    bodies.json(
        ctx, 200, Map.of("schedules", scheduler().list().stream().map(Views::schedule).toList()));
  }

  private void schedule(Context ctx) {
    String name = ctx.pathParam("name");
    bodies.json(
        ctx, 200, Views.schedule(scheduler().stats(name).orElseThrow(() -> noSchedule(name))));
  }

  private void scheduleHistory(Context ctx) {
    String name = ctx.pathParam("name");
    int limit = intParam(ctx, "limit", 20, 1, MAX_HISTORY);
    if (scheduler().stats(name).isEmpty()) {
      throw noSchedule(name);
    }
    bodies.json(
        ctx,
        200,
        Map.of("ticks", scheduler().history(name, limit).stream().map(Views::tick).toList()));
  }

  private void setSchedulePaused(Context ctx, boolean paused) {
    String name = ctx.pathParam("name");
    boolean found = paused ? scheduler().pause(name) : scheduler().resume(name);
    if (!found) {
      throw noSchedule(name);
    }
    schedule(ctx);
  }

  private Scheduler scheduler() {
    if (scheduler == null) {
      throw new ApiException(
          404,
          "no schedule store is configured: jobqueue serve uses the backend's database on SQL"
              + " backends, and --schedule-store-url on beanstalkd");
    }
    return scheduler;
  }

  private Pipeline pipelineOf(Context ctx) {
    return queue.selectPipeline(Checks.pipelineName(ctx.pathParam("pipeline")));
  }

  /** A new job from its JSON: the library's own checks apply through {@link JobOptions}. */
  private static NewJob newJob(JsonNode node) {
    Bodies.object(node, "a job", JOB_FIELDS);
    JsonNode text = node.get("payload");
    JsonNode base64 = node.get("payloadBase64");
    if ((text == null) == (base64 == null)) {
      throw new IllegalArgumentException(
          "give the payload either as text in 'payload' or as base64 in 'payloadBase64'");
    }
    byte[] payload;
    if (text != null) {
      payload = Bodies.text(text, "payload").getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        payload = Base64.getDecoder().decode(Bodies.text(base64, "payloadBase64"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("payloadBase64 is not base64: " + e.getMessage(), e);
      }
    }
    JobOptions options =
        new JobOptions(
            Bodies.number(node, "priority", JobOptions.DEFAULT_PRIORITY),
            Duration.ofSeconds(Bodies.number(node, "delaySeconds", 0)),
            Duration.ofSeconds(
                Bodies.number(node, "ttrSeconds", JobOptions.DEFAULT_TTR.toSeconds())),
            uniqueKey(node));
    return new NewJob(payload, options);
  }

  /** The job's unique key, or null without {@code uniqueKey}; {@link UniqueKey} checks it. */
  private static UniqueKey uniqueKey(JsonNode node) {
    if (!node.hasNonNull("uniqueKey")) {
      if (node.hasNonNull("uniqueWindowSeconds") || node.hasNonNull("uniqueWhileReserved")) {
        throw new IllegalArgumentException(
            "uniqueWindowSeconds and uniqueWhileReserved apply to a uniqueKey; give one");
      }
      return null;
    }
    UniqueKey unique = UniqueKey.of(Bodies.text(node.get("uniqueKey"), "uniqueKey"));
    if (node.hasNonNull("uniqueWindowSeconds")) {
      unique = unique.withWindow(Duration.ofSeconds(Bodies.number(node, "uniqueWindowSeconds")));
    }
    return Bodies.bool(node, "uniqueWhileReserved", false) ? unique.alsoWhileReserved() : unique;
  }

  /** Limits from their JSON: {@link PipelineLimits} checks the values. */
  private static PipelineLimits newLimits(JsonNode node) {
    Bodies.object(node, "the limits", LIMITS_FIELDS);
    PipelineLimits.Builder limits = PipelineLimits.builder();
    if (node.hasNonNull("maxReserved")) {
      limits.maxReserved(count(node, "maxReserved"));
    }
    if (node.hasNonNull("rate")) {
      JsonNode rate = Bodies.object(node.get("rate"), "rate", RATE_FIELDS);
      limits.rate(count(rate, "count"), Duration.ofMillis(Bodies.number(rate, "intervalMillis")));
    }
    return limits.build();
  }

  /** A count of the limits: a whole number, which {@link PipelineLimits} bounds. */
  private static int count(JsonNode node, String field) {
    long count = Bodies.number(node, field);
    if (count != (int) count) {
      throw new InvalidPipelineLimitsException(
          "pipeline limits: "
              + field
              + " must be 1 to "
              + PipelineLimits.MAX_COUNT
              + ", was "
              + count);
    }
    return (int) count;
  }

  private static JobState state(String value, JobState absent) {
    if (value == null) {
      return absent;
    }
    try {
      return JobState.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "state must be ready, reserved, delayed or buried, was '" + value + "'", e);
    }
  }

  private static int intParam(Context ctx, String name, int absent, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return absent;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // the message below says what is allowed
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
  }

  private static long jobId(Context ctx) {
    String value = ctx.pathParam("id");
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // the message below says what is allowed
    }
    throw new IllegalArgumentException("a job id is a positive whole number, was '" + value + "'");
  }

  private static JobNotFoundException noJob(long id) {
    return new JobNotFoundException("no job with id " + id);
  }

  private static ApiException noSchedule(String name) {
    return new ApiException(404, "no schedule named '" + name + "'");
  }
}
