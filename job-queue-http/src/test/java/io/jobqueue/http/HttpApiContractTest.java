package io.jobqueue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.AttemptOutcome;
import io.jobqueue.AttemptRecord;
import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.WorkerInfo;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.BackendOutage;
import io.jobqueue.testkit.Capabilities;
import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.TestNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the HTTP API against one backend, through a real server on a free port: what it
 * answers, every error status, and the token rules. One subclass per backend supplies the URL, the
 * schedule store and says what the backend cannot do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpApiContractTest {

  static final String ADMIN = "admin-token-for-tests";
  static final String READ = "read-token-for-tests";
  private static final int MAX_BODY = 4096;
  private static final int MAX_PAYLOAD = 1000;

  private JobQueue queue;
  private ScheduleStore store;
  private Scheduler scheduler;
  private JobQueueHttpServer server;
  private Http http;
  private final String schedule = "http-" + TestNames.pipeline();

  /** The backend's URL. */
  protected abstract String url();

  /** Cuts queues off from the backend: a TCP proxy in front of the server. */
  protected BackendOutage outage() {
    return BackendOutage.network(
        new TestBackend(getClass().getSimpleName(), JobQueueConfig.of(url()), Capabilities.SQL));
  }

  /** Where the schedules of {@code queue} live. */
  protected abstract ScheduleStore scheduleStore(JobQueue queue);

  /** Whether the backend lists jobs past the first of a state and force-deletes reserved ones. */
  protected boolean sql() {
    return true;
  }

  @BeforeAll
  void start() {
    queue = JobQueues.open(JobQueueConfig.builder(url()).maxPayloadBytes(MAX_PAYLOAD).build());
    store = scheduleStore(queue);
    scheduler =
        Scheduler.builder()
            .queue(queue)
            .store(store)
            .schedule(
                Schedule.builder(schedule).every(Duration.ofHours(1)).pipeline("reports").build())
            .build();
    scheduler.declare();
    server =
        JobQueueHttpServer.builder(queue)
            .adminToken(ADMIN)
            .readToken(READ)
            .scheduler(scheduler)
            .port(0)
            .maxBodyBytes(MAX_BODY)
            .build()
            .start();
    http = new Http(server.port());
  }

  /**
   * Every status a route answered in these tests is one that {@code /openapi.json} documents for
   * it: the route is found as the server finds it, the first in the table whose path matches.
   */
  @AfterAll
  void everyStatusSeenIsDocumented() {
    for (Http.Exchange exchange : http.exchanges()) {
      server.routes().stream()
          .filter(route -> route.method().name().equals(exchange.method()))
          .filter(route -> exchange.path().matches(pattern(route.path())))
          .findFirst()
          .ifPresent(route ->
              assertThat(route.statuses())
                  .as("%s answered by %s %s", exchange, route.method(), route.path())
                  .contains(exchange.status()));
    }
  }

  @AfterAll
  void stop() {
    server.close();
    scheduler.close();
    store.close();
    queue.close();
  }

  @Test
  void pipelinesShowCountsByStateAndThenRates() {
    String pipeline = TestNames.pipeline();
    add(pipeline, "{\"payload\": \"a\"}");
    add(pipeline, "{\"payload\": \"b\", \"delaySeconds\": 600}");

    JsonNode view = pipelineIn(http.get("/api/pipelines", READ).json(), pipeline);
    assertThat(view.get("ready").asLong()).isEqualTo(1);
    assertThat(view.get("delayed").asLong()).isEqualTo(1);
    assertThat(view.get("total").asLong()).isEqualTo(2);
    assertThat(view.get("paused").asBoolean()).isFalse();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() ->
            !pipelineIn(http.get("/api/pipelines", READ).json(), pipeline).get("rates").isNull());
    JsonNode one = http.get("/api/pipelines/" + pipeline, READ).json();
    assertThat(one.get("name").asText()).isEqualTo(pipeline);
    assertThat(one.get("ready").asLong()).isEqualTo(1);
  }

  @Test
  void aJobShowsItsPayloadAsTextOrAsBase64WithItsSize() {
    String pipeline = TestNames.pipeline();
    long text = add(pipeline, "{\"payload\": \"héllo\", \"priority\": 7, \"ttrSeconds\": 30}");
    byte[] binary = {0, (byte) 0xff, (byte) 0x80, 'x'};
    long bytes =
        add(
            pipeline,
            "{\"payloadBase64\": \"" + Base64.getEncoder().encodeToString(binary) + "\"}");

    JsonNode job = http.get("/api/jobs/" + text, READ).json();
    assertThat(job.get("payloadText").asText()).isEqualTo("héllo");
    assertThat(job.get("payloadSize").asInt()).isEqualTo(6);
    assertThat(job.get("priority").asLong()).isEqualTo(7);
    assertThat(job.get("ttrSeconds").asLong()).isEqualTo(30);
    assertThat(job.get("state").asText()).isEqualTo("ready");
    assertThat(job.get("pipeline").asText()).isEqualTo(pipeline);

    JsonNode raw = http.get("/api/jobs/" + bytes, READ).json();
    assertThat(raw.has("payloadText")).isFalse();
    assertThat(Base64.getDecoder().decode(raw.get("payloadBase64").asText())).isEqualTo(binary);
    assertThat(raw.get("payloadSize").asInt()).isEqualTo(4);

    assertError(http.get("/api/jobs/999999999", READ), 404, "not_found");
    assertError(http.get("/api/jobs/abc", READ), 400, "bad_request");
  }

  @Test
  void aBatchAddsEveryJobAndPagesListThemInOrder() {
    String pipeline = TestNames.pipeline();
    Http.Response added =
        http.post(
            "/api/pipelines/" + pipeline + "/jobs/batch",
            ADMIN,
            "{\"jobs\": [{\"payload\": \"1\"}, {\"payload\": \"2\"}, {\"payload\": \"3\"}]}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    List<Long> ids =
        StreamSupport.stream(added.json().get("ids").spliterator(), false)
            .map(JsonNode::asLong)
            .toList();
    assertThat(ids).hasSize(3);

    JsonNode first = http.get("/api/pipelines/" + pipeline + "/jobs?limit=2", READ).json();
    assertThat(first.get("jobs").get(0).get("id").asLong()).isEqualTo(ids.get(0));
    if (sql()) {
      assertThat(first.get("complete").asBoolean()).isTrue();
      assertThat(first.get("jobs")).hasSize(2);
      JsonNode second =
          http.get("/api/pipelines/" + pipeline + "/jobs?state=ready&offset=2&limit=2", READ)
              .json();
      assertThat(second.get("jobs")).hasSize(1);
      assertThat(second.get("jobs").get(0).get("id").asLong()).isEqualTo(ids.get(2));
    } else {
      assertThat(first.get("complete").asBoolean()).isFalse();
      assertError(
          http.get("/api/pipelines/" + pipeline + "/jobs?offset=2", READ), 501, "unsupported");
    }
    assertError(
        http.get("/api/pipelines/" + pipeline + "/jobs?limit=1000", READ), 400, "bad_request");
    assertError(
        http.get("/api/pipelines/" + pipeline + "/jobs?state=gone", READ), 400, "bad_request");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/jobs/batch", ADMIN, "{\"jobs\": []}"),
        400,
        "bad_request");
  }

  @Test
  void aHeldUniqueKeyAnswers200WithTheWaitingJobsIdWhereTheBackendHasUniqueJobs() {
    String pipeline = TestNames.pipeline();
    String jobs = "/api/pipelines/" + pipeline + "/jobs";
    assertBadRequest(
        http.post(jobs, ADMIN, "{\"payload\": \"x\", \"uniqueKey\": \" \"}"),
        "unique key must be 1 to 255 characters");
    assertBadRequest(
        http.post(
            jobs, ADMIN, "{\"payload\": \"x\", \"uniqueKey\": \"k\", \"uniqueWindowSeconds\": 0}"),
        "unique window must be positive");
    assertBadRequest(
        http.post(jobs, ADMIN, "{\"payload\": \"x\", \"uniqueWindowSeconds\": 60}"),
        "apply to a uniqueKey");
    assertBadRequest(
        http.post(
            jobs, ADMIN, "{\"payload\": \"x\", \"uniqueKey\": \"k\", \"uniqueWhileReserved\": 1}"),
        "uniqueWhileReserved must be true or false");
    String invoice = "{\"payload\": \"a\", \"uniqueKey\": \"invoice:1\"}";
    if (!sql()) {
      Http.Response refused = http.post(jobs, ADMIN, invoice);
      assertError(refused, 501, "unsupported");
      assertThat(refused.json().get("message").asText()).contains("unique jobs");
      assertError(
          http.post(jobs + "/batch", ADMIN, "{\"jobs\": [" + invoice + "]}"), 501, "unsupported");
      assertThat(queue.selectPipeline(pipeline).stats().total()).isZero();
      return;
    }
    Http.Response added = http.post(jobs, ADMIN, invoice);
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(added.json().get("added").asBoolean()).isTrue();
    long first = added.json().get("id").asLong();
    Http.Response existing = http.post(jobs, ADMIN, invoice);
    assertThat(existing.status()).as(existing.toString()).isEqualTo(200);
    assertThat(existing.json().get("added").asBoolean()).isFalse();
    assertThat(existing.json().get("id").asLong()).isEqualTo(first);

    String report =
        "{\"payload\": \"r\", \"priority\": 0, \"uniqueKey\": \"report\","
            + " \"uniqueWindowSeconds\": 600, \"uniqueWhileReserved\": true}";
    long held = add(pipeline, report);
    Job reserved = queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow();
    assertThat(reserved.id()).isEqualTo(held);
    Http.Response whileReserved = http.post(jobs, ADMIN, report);
    assertThat(whileReserved.status()).as(whileReserved.toString()).isEqualTo(200);
    assertThat(whileReserved.json().get("id").asLong()).isEqualTo(held);
    queue.delete(reserved);

    Http.Response batch =
        http.post(
            jobs + "/batch",
            ADMIN,
            "{\"jobs\": [{\"payload\": \"1\", \"uniqueKey\": \"k\"}, {\"payload\": \"2\","
                + " \"uniqueKey\": \"k\"}, "
                + invoice
                + ", {\"payload\": \"4\"}]}");
    assertThat(batch.status()).as(batch.toString()).isEqualTo(201);
    List<Long> ids =
        StreamSupport.stream(batch.json().get("ids").spliterator(), false)
            .map(JsonNode::asLong)
            .toList();
    assertThat(ids.get(1)).as("a key repeated in the batch").isEqualTo(ids.get(0));
    assertThat(ids.get(2)).as("a key held by a waiting job").isEqualTo(first);
    assertThat(ids.get(3)).isNotIn(ids.get(0), first);
    assertThat(batch.json().get("added"))
        .extracting(JsonNode::asBoolean)
        .containsExactly(true, false, false, true);
    assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(3);
  }

  @Test
  void limitsAreShownSetAndClearedWhereTheBackendEnforcesThem() {
    String pipeline = TestNames.pipeline();
    add(pipeline, "{\"payload\": \"x\"}");
    String path = "/api/pipelines/" + pipeline + "/limits";
    JsonNode none = http.get(path, READ).json();
    assertThat(none.get("pipeline").asText()).isEqualTo(pipeline);
    assertThat(none.get("limits").isNull()).isTrue();
    assertThat(http.get("/api/pipelines/" + pipeline, READ).json().get("limits").isNull()).isTrue();

    assertBadRequest(http.put(path, ADMIN, "{\"maxReserved\": 0}"), "maxReserved must be 1 to");
    assertBadRequest(
        http.put(path, ADMIN, "{\"maxReserved\": 5000000000}"), "maxReserved must be 1 to");
    assertBadRequest(
        http.put(path, ADMIN, "{\"maxReserved\": \"5\"}"), "maxReserved must be a whole number");
    assertBadRequest(
        http.put(path, ADMIN, "{\"rate\": {\"count\": 10}}"), "intervalMillis is required");
    assertBadRequest(
        http.put(path, ADMIN, "{\"rate\": {\"count\": 10, \"intervalMillis\": 0}}"),
        "rate interval must be whole milliseconds from 1 ms to 1 day");
    assertBadRequest(http.put(path, ADMIN, "{}"), "need maxReserved or a rate");
    assertBadRequest(http.put(path, ADMIN, "{\"max\": 5}"), "unknown field 'max'");
    String limits = "{\"maxReserved\": 5, \"rate\": {\"count\": 100, \"intervalMillis\": 60000}}";
    assertError(http.put(path, READ, limits), 403, "forbidden");
    assertError(http.delete(path, READ), 403, "forbidden");
    assertError(http.get(path, null), 401, "unauthorized");
    if (!sql()) {
      Http.Response refused = http.put(path, ADMIN, limits);
      assertError(refused, 501, "unsupported");
      assertThat(refused.json().get("message").asText())
          .contains("cannot enforce limits on pipeline '" + pipeline + "'");
      assertError(http.delete(path, ADMIN), 501, "unsupported");
      return;
    }
    Http.Response set = http.put(path, ADMIN, limits);
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().get("limits").get("maxReserved").asInt()).isEqualTo(5);
    assertThat(queue.selectPipeline(pipeline).limits())
        .contains(PipelineLimits.builder().maxReserved(5).rate(100, Duration.ofMinutes(1)).build());
    JsonNode shown = pipelineIn(http.get("/api/pipelines", READ).json(), pipeline).get("limits");
    assertThat(shown.get("rate").get("count").asInt()).isEqualTo(100);
    assertThat(shown.get("rate").get("intervalMillis").asLong()).isEqualTo(60_000);

    JsonNode rateOnly =
        http.put(path, ADMIN, "{\"rate\": {\"count\": 20, \"intervalMillis\": 1000}}").json();
    assertThat(rateOnly.get("limits").get("maxReserved").isNull())
        .as("a PUT replaces every limit")
        .isTrue();
    assertThat(
            http.get("/api/pipelines/" + pipeline, READ)
                .json()
                .get("limits")
                .get("rate")
                .get("count")
                .asInt())
        .isEqualTo(20);

    Http.Response cleared = http.delete(path, ADMIN);
    assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
    assertThat(cleared.json().get("limits").isNull()).isTrue();
    assertThat(queue.selectPipeline(pipeline).limits()).isEmpty();
  }

  @Test
  void buriedJobsShowTheirReasonAndAreKickedByBoundOrOneByOne() {
    String pipeline = TestNames.pipeline();
    long first = buried(pipeline, "first failure");
    long second = buried(pipeline, "second failure");

    JsonNode page = http.get("/api/pipelines/" + pipeline + "/jobs?state=buried", READ).json();
    assertThat(page.get("jobs").get(0).get("id").asLong()).isEqualTo(first);
    if (sql()) { // beanstalkd keeps no reason
      assertThat(page.get("jobs").get(0).get("buryReason").asText()).isEqualTo("first failure");
    }

    Http.Response kicked = http.post("/api/jobs/" + second + "/kick", ADMIN, null);
    assertThat(kicked.status()).as(kicked.toString()).isEqualTo(200);
    assertError(http.post("/api/jobs/" + second + "/kick", ADMIN, null), 409, "conflict");
    assertError(http.post("/api/jobs/999999999/kick", ADMIN, null), 404, "not_found");

    JsonNode bound = http.post("/api/pipelines/" + pipeline + "/kick?bound=5", ADMIN, null).json();
    assertThat(bound.get("kicked").asLong()).isEqualTo(1);
    assertThat(queue.peek(first).orElseThrow().state().name()).isEqualTo("READY");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/kick?bound=0", ADMIN, null), 400, "bad_request");
  }

  @Test
  void deleteCancelsAJobAndForceDeletesAReservedOneWhereTheBackendCan() {
    String pipeline = TestNames.pipeline();
    long ready = add(pipeline, "{\"payload\": \"cancel me\"}");
    assertThat(http.delete("/api/jobs/" + ready, ADMIN).json().get("deleted").asLong())
        .isEqualTo(ready);
    assertError(http.get("/api/jobs/" + ready, READ), 404, "not_found");
    assertError(http.delete("/api/jobs/" + ready, ADMIN), 404, "not_found");

    long held = add(pipeline, "{\"payload\": \"held\"}");
    Job job = queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow();
    assertThat(job.id()).isEqualTo(held);
    assertError(http.delete("/api/jobs/" + held, ADMIN), 409, "conflict");
    assertError(http.delete("/api/jobs/" + held + "?force=maybe", ADMIN), 400, "bad_request");
    Http.Response forced = http.delete("/api/jobs/" + held + "?force=true", ADMIN);
    if (sql()) {
      assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
    } else {
      assertError(forced, 501, "unsupported");
      queue.delete(job);
    }
  }

  @Test
  void purgeDeletesOneStateAndNeverReservedJobs() {
    String pipeline = TestNames.pipeline();
    buried(pipeline, "bad");
    add(pipeline, "{\"payload\": \"stays\"}");
    JsonNode purged =
        http.post("/api/pipelines/" + pipeline + "/purge?state=buried", ADMIN, null).json();
    assertThat(purged.get("purged").asLong()).isEqualTo(1);
    assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(1);
    Http.Response reserved =
        http.post("/api/pipelines/" + pipeline + "/purge?state=reserved", ADMIN, null);
    assertError(reserved, 400, "bad_request");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/purge", ADMIN, null), 400, "bad_request");
  }

  @Test
  void pauseAndResumeAPipeline() {
    String pipeline = TestNames.pipeline();
    add(pipeline, "{\"payload\": \"x\"}");
    JsonNode paused =
        http.post("/api/pipelines/" + pipeline + "/pause?seconds=600", ADMIN, null).json();
    assertThat(paused.get("paused").asBoolean()).isTrue();
    assertThat(paused.get("pauseSecondsLeft").asLong()).isPositive();
    JsonNode resumed = http.post("/api/pipelines/" + pipeline + "/resume", ADMIN, null).json();
    assertThat(resumed.get("paused").asBoolean()).isFalse();
    assertError(
        http.post("/api/pipelines/" + pipeline + "/pause?seconds=-1", ADMIN, null),
        400,
        "bad_request");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/pause", ADMIN, null), 400, "bad_request");
  }

  @Test
  void aPipelineNameMayHoldASlash() {
    String pipeline = TestNames.pipeline() + "/emails";
    long id = add(pipeline, "{\"payload\": \"x\"}");
    assertThat(http.get("/api/pipelines/" + pipeline, READ).json().get("ready").asLong())
        .isEqualTo(1);
    assertThat(
            http.get("/api/pipelines/" + pipeline + "/jobs", READ)
                .json()
                .get("jobs")
                .get(0)
                .get("id")
                .asLong())
        .isEqualTo(id);
  }

  @Test
  void inputIsCheckedWithTheLibrarysRulesAndMessages() {
    String pipeline = TestNames.pipeline();
    Http.Response priority =
        http.post(
            "/api/pipelines/" + pipeline + "/jobs",
            ADMIN,
            "{\"payload\": \"x\", \"priority\": -1}");
    assertError(priority, 400, "bad_request");
    assertThat(priority.json().get("message").asText()).startsWith("priority must be between 0");
    Http.Response ttr =
        http.post(
            "/api/pipelines/" + pipeline + "/jobs",
            ADMIN,
            "{\"payload\": \"x\", \"ttrSeconds\": 0}");
    assertThat(ttr.json().get("message").asText()).startsWith("ttr must be at least 1 second");
    Http.Response name = http.post("/api/pipelines/-bad/jobs", ADMIN, "{\"payload\": \"x\"}");
    assertError(name, 400, "bad_request");
    assertThat(name.json().get("message").asText()).contains("pipeline name '-bad' is invalid");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/jobs", ADMIN, "{\"payload\": \"x\", \"y\": 1}"),
        400,
        "bad_request");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/jobs", ADMIN, "not json"), 400, "bad_request");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/jobs", ADMIN, "{\"payload\": 5}"),
        400,
        "bad_request");
    assertError(
        http.post(
            "/api/pipelines/" + pipeline + "/jobs",
            ADMIN,
            "{\"payload\": \"" + "x".repeat(MAX_BODY) + "\"}"),
        413,
        "payload_too_large");
    assertError(
        http.post(
            "/api/pipelines/" + pipeline + "/jobs",
            ADMIN,
            "{\"payload\": \"" + "x".repeat(MAX_PAYLOAD + 1) + "\"}"),
        413,
        "payload_too_large");
    assertThat(queue.selectPipeline(pipeline).stats().total()).isZero();
  }

  @Test
  void everyApiRouteNeedsATokenAndWritesNeedTheAdminOne() {
    String pipeline = TestNames.pipeline();
    assertError(http.get("/api/pipelines", null), 401, "unauthorized");
    assertError(http.get("/api/pipelines", "wrong"), 401, "unauthorized");
    assertError(http.get("/metrics", null), 401, "unauthorized");
    assertError(http.get("/health", "wrong"), 401, "unauthorized");
    assertThat(http.get("/api/pipelines", READ).status()).isEqualTo(200);
    assertThat(http.get("/api/pipelines", ADMIN).status()).isEqualTo(200);
    assertError(
        http.post("/api/pipelines/" + pipeline + "/jobs", READ, "{\"payload\": \"x\"}"),
        403,
        "forbidden");
    assertError(
        http.post("/api/pipelines/" + pipeline + "/jobs", null, "{\"payload\": \"x\"}"),
        401,
        "unauthorized");
    assertThat(queue.selectPipeline(pipeline).stats().total()).isZero();
    Http.Response openApi = http.get("/openapi.json", null);
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.json().get("openapi").asText()).startsWith("3.");
    assertError(http.get("/api/no-such-route", READ), 404, "not_found");
  }

  @Test
  void schedulesShowNextAndLastTicksHistoryAndPause() {
    // A second scheduler two hours ahead claims the declared hourly schedule's ticks.
    try (Scheduler ahead =
        Scheduler.builder()
            .queue(queue)
            .store(store)
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)))
            .build()) {
      ahead.poll();
    }
    JsonNode list = http.get("/api/schedules", READ).json().get("schedules");
    JsonNode mine =
        StreamSupport.stream(list.spliterator(), false)
            .filter(s -> s.get("name").asText().equals(schedule))
            .findFirst()
            .orElseThrow();
    assertThat(mine.get("everySeconds").asLong()).isEqualTo(3600);
    assertThat(mine.get("nextTick").isNull()).isFalse();
    assertThat(mine.get("lastTick").isNull()).isFalse();

    JsonNode history = http.get("/api/schedules/" + schedule + "/history?limit=5", READ).json();
    assertThat(history.get("ticks")).isNotEmpty();

    JsonNode paused = http.post("/api/schedules/" + schedule + "/pause", ADMIN, null).json();
    assertThat(paused.get("paused").asBoolean()).isTrue();
    JsonNode resumed = http.post("/api/schedules/" + schedule + "/resume", ADMIN, null).json();
    assertThat(resumed.get("paused").asBoolean()).isFalse();
    assertThat(http.get("/api/schedules/" + schedule, READ).json().get("paused").asBoolean())
        .isFalse();

    assertError(http.get("/api/schedules/no-such-schedule", READ), 404, "not_found");
    assertError(http.post("/api/schedules/no-such-schedule/pause", ADMIN, null), 404, "not_found");
    assertError(
        http.get("/api/schedules/" + schedule + "/history?limit=0", READ), 400, "bad_request");
  }

  @Test
  void liveWorkersAreListed() {
    String id = "http-test:" + TestNames.pipeline();
    Instant now = Instant.now();
    queue.heartbeat(
        new WorkerInfo(
            id, "host-a", 42, List.of("emails"), 3, now, now, Duration.ofSeconds(5), 1, false));
    try {
      JsonNode worker =
          StreamSupport.stream(
                  http.get("/api/workers", READ).json().get("workers").spliterator(), false)
              .filter(w -> w.get("id").asText().equals(id))
              .findFirst()
              .orElseThrow();
      assertThat(worker.get("host").asText()).isEqualTo("host-a");
      assertThat(worker.get("concurrency").asInt()).isEqualTo(3);
      assertThat(worker.get("gone").asBoolean()).isFalse();
    } finally {
      queue.unregisterWorker(id);
    }
  }

  @Test
  void historyShowsFinishedJobsWithTheirAttemptsWhereTheBackendKeepsIt() {
    String pipeline = TestNames.pipeline();
    long id = add(pipeline, "{\"payload\": \"x\"}");
    if (!sql()) {
      assertError(http.get("/api/pipelines/" + pipeline + "/history", READ), 501, "unsupported");
      assertError(http.get("/api/jobs/" + id + "/history", READ), 501, "unsupported");
      return;
    }
    queue.selectPipeline(pipeline).keepHistory(HistoryRetention.DEFAULT);
    Job job = queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow();
    Instant started = Instant.now();
    queue.delete(job);
    queue.recordAttempts(
        List.of(
            new AttemptRecord(
                id,
                pipeline,
                job.priority(),
                job.payload().length,
                job.createdAt(),
                new JobAttempt("worker-1", started, Instant.now(), AttemptOutcome.SUCCEEDED, ""))));
    JsonNode records =
        http.get("/api/pipelines/" + pipeline + "/history?limit=5", READ).json().get("records");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("id").asLong()).isEqualTo(id);
    JsonNode record = http.get("/api/jobs/" + id + "/history", READ).json();
    assertThat(record.get("attempts").get(0).get("workerId").asText()).isEqualTo("worker-1");
    assertError(http.get("/api/jobs/999999999/history", READ), 404, "not_found");
  }

  @Test
  void healthAndMetricsReportTheBackend() {
    String pipeline = TestNames.pipeline();
    add(pipeline, "{\"payload\": \"x\"}");
    Http.Response health = http.get("/health", READ);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("up");
    Http.Response metrics = http.get("/metrics", READ);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(metrics.text()).contains("pipeline=\"" + pipeline + "\"");
  }

  @Test
  void healthIs503WhenTheBackendDoesNotAnswer() {
    try (BackendOutage outage = outage();
        JobQueue cut = outage.open();
        JobQueueHttpServer downServer =
            JobQueueHttpServer.builder(cut).adminToken(ADMIN).port(0).build().start()) {
      Http client = new Http(downServer.port());
      assertThat(client.get("/health", ADMIN).status()).isEqualTo(200);
      outage.begin();
      assertError(client.get("/health", ADMIN), 503, "unavailable");
    }
  }

  private long add(String pipeline, String body) {
    Http.Response response = http.post("/api/pipelines/" + pipeline + "/jobs", ADMIN, body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().get("id").asLong();
  }

  /** A job of this pipeline, reserved and buried by this test, as a worker would. */
  private long buried(String pipeline, String reason) {
    long id = add(pipeline, "{\"payload\": \"" + reason + "\"}");
    Pipeline handle = queue.selectPipeline(pipeline);
    Job job = queue.reserve(handle.name(), Duration.ofSeconds(5)).orElseThrow();
    assertThat(job.id()).isEqualTo(id);
    queue.bury(job, reason);
    return id;
  }

  /** A route's path as a regular expression: {@code {id}} one segment, {@code <pipeline>} any. */
  private static String pattern(String path) {
    return path.replaceAll("\\{[a-z]+}", "[^/]+").replaceAll("<[a-z]+>", ".+");
  }

  private static JsonNode pipelineIn(JsonNode body, String pipeline) {
    return StreamSupport.stream(body.get("pipelines").spliterator(), false)
        .filter(p -> p.get("name").asText().equals(pipeline))
        .findFirst()
        .orElseThrow(() -> new AssertionError(pipeline + " missing from " + body));
  }

  private static void assertBadRequest(Http.Response response, String message) {
    assertError(response, 400, "bad_request");
    assertThat(response.json().get("message").asText()).contains(message);
  }

  static void assertError(Http.Response response, int status, String error) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    JsonNode body = response.json();
    assertThat(body.get("error").asText()).as(response.toString()).isEqualTo(error);
    assertThat(body.get("message").asText()).isNotBlank();
  }
}
