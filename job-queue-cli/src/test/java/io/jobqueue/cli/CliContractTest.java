package io.jobqueue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.testkit.TestNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code jobqueue} subcommand against one backend, run in this JVM as a shell runs it: what
 * it prints, and its exit status (0 done, 1 not found or refused, 2 bad usage or backend down). One
 * subclass per backend supplies the URL and says what the backend cannot do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private JobQueue queue;
  private Cli cli;

  /** The backend's URL. */
  protected abstract String url();

  /**
   * Whether the backend lists jobs beyond the first of a state, deletes reserved jobs by force, and
   * has unique jobs and pipeline limits (SQL).
   */
  protected boolean sql() {
    return true;
  }

  @BeforeAll
  void open() {
    queue = JobQueues.open(JobQueueConfig.of(url()));
    cli = new Cli(url());
  }

  @AfterAll
  void close() {
    queue.close();
  }

  @Test
  void addTakesThePayloadFromAnArgumentAFileOrStandardInputByteForByte() throws IOException {
    Pipeline pipeline = newPipeline();
    byte[] binary = {0, (byte) 0xff, 10, 13, (byte) 0x80, 'x'};
    Path file = Files.write(dir.resolve("payload.bin"), binary);

    long fromArgument =
        id(cli.run("add", pipeline.name(), "héllo", "--priority", "5", "--ttr", "2m"));
    long fromFile = id(cli.run("add", pipeline.name(), "--file", file.toString()));
    long fromStdin =
        id(
            cli.runWithInput(
                "from stdin\n".getBytes(StandardCharsets.UTF_8),
                "add",
                pipeline.name(),
                "--delay",
                "1h"));

    Job job = queue.peek(fromArgument).orElseThrow();
    assertThat(job.payloadText()).isEqualTo("héllo");
    assertThat(job.priority()).isEqualTo(5);
    assertThat(job.ttr()).isEqualTo(Duration.ofMinutes(2));
    assertThat(queue.peek(fromFile).orElseThrow().payload()).isEqualTo(binary);
    Job delayed = queue.peek(fromStdin).orElseThrow();
    assertThat(delayed.payloadText()).isEqualTo("from stdin\n");
    assertThat(delayed.state()).isEqualTo(JobState.DELAYED);

    Cli.Result raw = cli.run("peek", String.valueOf(fromFile), "--raw");
    assertThat(raw.status()).isZero();
    assertThat(raw.stdout()).as("peek --raw writes the bytes as stored").isEqualTo(binary);
    Cli.Result json = cli.run("add", pipeline.name(), "x", "--json");
    assertThat(json(json).get("id").asLong()).isPositive();
  }

  @Test
  void addWithAUniqueKeyPrintsTheWaitingJobsIdAndSaysSo() throws IOException {
    Pipeline pipeline = newPipeline();
    Cli.Result noKey = cli.run("add", pipeline.name(), "x", "--unique-window", "10m");
    assertThat(noKey.status()).as("%s", noKey).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(noKey.err()).contains("apply to a --unique-key");
    Cli.Result blank = cli.run("add", pipeline.name(), "x", "--unique-key", " ");
    assertThat(blank.status()).as("%s", blank).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(blank.err()).contains("unique key must be 1 to 255 characters");
    Cli.Result window =
        cli.run("add", pipeline.name(), "x", "--unique-key", "k", "--unique-window", "0s");
    assertThat(window.status()).as("%s", window).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(window.err()).contains("unique window must be positive");
    if (!sql()) {
      Cli.Result refused = cli.run("add", pipeline.name(), "x", "--unique-key", "invoice:1");
      assertThat(refused.status()).as("%s", refused).isEqualTo(JobQueueCli.EXIT_REFUSED);
      assertThat(refused.err()).startsWith("error: unique jobs").hasLineCount(1);
      assertThat(pipeline.stats().total()).isZero();
      return;
    }
    Cli.Result added = ok(cli.run("add", pipeline.name(), "a", "--unique-key", "invoice:1"));
    long first = id(added);
    assertThat(added.err()).contains("added job " + first + " with unique key 'invoice:1'");
    Cli.Result existing = ok(cli.run("add", pipeline.name(), "b", "--unique-key", "invoice:1"));
    assertThat(id(existing)).isEqualTo(first);
    assertThat(existing.err()).contains("job " + first + " holds unique key 'invoice:1'");
    JsonNode json =
        json(cli.run("add", pipeline.name(), "c", "--unique-key", "invoice:1", "--json"));
    assertThat(json.get("id").asLong()).isEqualTo(first);
    assertThat(json.get("added").asBoolean()).isFalse();
    assertThat(pipeline.stats().total()).isEqualTo(1);

    long held =
        id(
            cli.run(
                "add",
                pipeline.name(),
                "report",
                "--priority",
                "0",
                "--unique-key",
                "report",
                "--unique-window",
                "10m",
                "--unique-while-reserved"));
    Job reserved = reserveNow(pipeline);
    assertThat(reserved.id()).isEqualTo(held);
    assertThat(id(cli.run("add", pipeline.name(), "again", "--unique-key", "report")))
        .as("held while reserved")
        .isEqualTo(held);
    queue.delete(reserved);
  }

  @Test
  void limitsAreShownSetAndClearedWhereTheBackendEnforcesThem() throws IOException {
    Pipeline pipeline = newPipeline();
    String name = pipeline.name();
    assertThat(ok(cli.run("limits", name)).out()).contains("pipeline " + name + " has no limits");
    assertThat(json(cli.run("limits", name, "--json")).get("limits").isNull()).isTrue();

    Cli.Result zero = cli.run("limits", name, "--max-reserved", "0");
    assertThat(zero.status()).as("%s", zero).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(zero.err()).contains("maxReserved must be 1 to 1000000, was 0");
    Cli.Result form = cli.run("limits", name, "--rate", "100");
    assertThat(form.status()).as("%s", form).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(form.err()).contains("'100' is not N/DURATION, e.g. 100/1m");
    Cli.Result interval = cli.run("limits", name, "--rate", "5/0s");
    assertThat(interval.status()).as("%s", interval).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(interval.err()).contains("rate interval must be whole milliseconds");
    Cli.Result both = cli.run("limits", name, "--clear", "--max-reserved", "5");
    assertThat(both.status()).as("%s", both).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(both.err()).contains("--clear removes the limits");

    Cli.Result set = cli.run("limits", name, "--max-reserved", "5", "--rate", "100/1m");
    if (!sql()) {
      assertThat(set.status()).as("%s", set).isEqualTo(JobQueueCli.EXIT_REFUSED);
      assertThat(set.err()).contains("cannot enforce limits on pipeline '" + name + "'");
      Cli.Result clear = cli.run("limits", name, "--clear");
      assertThat(clear.status()).as("%s", clear).isEqualTo(JobQueueCli.EXIT_REFUSED);
      return;
    }
    assertThat(ok(set).out())
        .contains("pipeline " + name + ": at most 5 reserved at once, at most 100 started per 1m");
    assertThat(pipeline.limits())
        .contains(PipelineLimits.builder().maxReserved(5).rate(100, Duration.ofMinutes(1)).build());
    ok(cli.run("limits", name, "--rate", "20/250ms"));
    JsonNode shown = json(cli.run("limits", name, "--json")).get("limits");
    assertThat(shown.get("maxReserved").isNull()).as("a new setting replaces every limit").isTrue();
    assertThat(shown.get("rate").get("count").asInt()).isEqualTo(20);
    assertThat(shown.get("rate").get("intervalMillis").asLong()).isEqualTo(250);
    assertThat(ok(cli.run("limits", name, "--clear")).out()).contains("has no limits");
    assertThat(pipeline.limits()).isEmpty();
  }

  @Test
  void peekShowsAJobForPeopleAndForScripts() throws IOException {
    Pipeline pipeline = newPipeline();
    long id = pipeline.addText("{\"to\":\"ada\"}", JobOptions.DEFAULT.withPriority(7));
    queue.bury(reserveNow(pipeline), "smtp refused");

    Cli.Result human = ok(cli.run("peek", String.valueOf(id)));
    assertThat(human.out())
        .contains(
            "pipeline    " + pipeline.name(),
            "state       buried",
            "priority    7",
            "{\"to\":\"ada\"}");
    JsonNode job = json(ok(cli.run("peek", String.valueOf(id), "--json")));
    assertThat(job.get("id").asLong()).isEqualTo(id);
    assertThat(job.get("state").asText()).isEqualTo("buried");
    assertThat(job.get("buries").asInt()).isEqualTo(1);
    assertThat(job.get("payload").asText()).isEqualTo("{\"to\":\"ada\"}");

    Cli.Result missing = cli.run("peek", String.valueOf(Long.MAX_VALUE));
    assertThat(missing.status()).as("%s", missing).isEqualTo(JobQueueCli.EXIT_REFUSED);
    assertThat(missing.err()).contains("no job with id " + Long.MAX_VALUE);
  }

  @Test
  void pipelinesAndStatsShowEveryPipelineWithItsCounts() throws IOException {
    Pipeline pipeline = newPipeline();
    pipeline.addText("a");
    pipeline.addText("b", JobOptions.DEFAULT.withPriority(1));
    pipeline.addText("c", JobOptions.DEFAULT.withDelay(Duration.ofHours(1)));

    assertThat(ok(cli.run("pipelines")).out().lines()).contains(pipeline.name());
    assertThat(json(ok(cli.run("pipelines", "--json"))))
        .extracting(JsonNode::asText)
        .contains(pipeline.name());
    assertThat(ok(cli.run("stats")).out().lines())
        .anySatisfy(line ->
            assertThat(line.split("\\s+"))
                .containsExactly(pipeline.name(), "2", "1", "0", "1", "0", "3", "no"));
    JsonNode stats = find(json(ok(cli.run("stats", "--json"))), pipeline.name());
    assertThat(stats.get("ready").asLong()).isEqualTo(2);
    assertThat(stats.get("delayed").asLong()).isEqualTo(1);

    Cli.Result watch = ok(cli.run("stats", "--watch", "--count", "2", "--interval", "100ms"));
    assertThat(watch.out().lines().filter(l -> l.startsWith("jobqueue stats at"))).hasSize(2);
    assertThat(
            watch.out().lines().filter(l -> l.startsWith(pipeline.name() + " ")).toList().getLast())
        .as("the second refresh shows rates")
        .matches(".* [+-]\\d+\\.\\d +[+-]\\d+\\.\\d$");
    Cli.Result watchJson =
        ok(cli.run("stats", "--watch", "--count", "2", "--interval", "100ms", "--json"));
    List<String> lines = watchJson.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(
            find(JSON.readTree(lines.get(1)).get("pipelines"), pipeline.name())
                .has("readyPerSecond"))
        .isTrue();
  }

  @Test
  void listShowsOnePageOfAState() throws IOException {
    Pipeline pipeline = newPipeline();
    long first = pipeline.addText("first", JobOptions.DEFAULT.withPriority(1));
    long second = pipeline.addText("second", JobOptions.DEFAULT.withPriority(2));
    long third = pipeline.addText("third", JobOptions.DEFAULT.withPriority(3));

    Cli.Result table = ok(cli.run("list", pipeline.name(), "--state", "ready"));
    if (!sql()) {
      assertThat(ids(table)).as("beanstalkd shows the first job only").containsExactly(first);
      assertThat(table.err()).contains("only the first ready job");
      Cli.Result page = cli.run("list", pipeline.name(), "--offset", "1");
      assertThat(page.status()).as("%s", page).isEqualTo(JobQueueCli.EXIT_REFUSED);
      return;
    }
    assertThat(ids(table)).containsExactly(first, second, third);
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("PAYLOAD");
    assertThat(ids(ok(cli.run("list", pipeline.name(), "--limit", "2", "--offset", "1"))))
        .containsExactly(second, third);
    JsonNode page = json(ok(cli.run("list", pipeline.name(), "--limit", "1", "--json")));
    assertThat(page).hasSize(1);
    assertThat(page.get(0).get("id").asLong()).isEqualTo(first);

    queue.bury(reserveNow(pipeline), "bad input");
    Cli.Result buried = ok(cli.run("list", pipeline.name(), "--state", "BURIED"));
    assertThat(ids(buried)).containsExactly(first);
    assertThat(buried.out()).contains("BURY REASON", "bad input");
  }

  @Test
  void kickAndKickJobMakeBuriedJobsReadyAgain() throws IOException {
    Pipeline pipeline = newPipeline();
    long a = pipeline.addText("a");
    long b = pipeline.addText("b");
    long c = pipeline.addText("c");
    for (int i = 0; i < 3; i++) {
      queue.bury(reserveNow(pipeline), "x");
    }
    assertThat(ok(cli.run("kick", pipeline.name(), "1")).out())
        .contains("kicked 1 job in pipeline " + pipeline.name());
    assertThat(queue.peek(a).orElseThrow().state()).isEqualTo(JobState.READY);
    assertThat(ok(cli.run("kick-job", String.valueOf(c))).out()).contains("kicked job " + c);
    assertThat(queue.peek(c).orElseThrow().state()).isEqualTo(JobState.READY);

    Cli.Result refused = cli.run("kick-job", String.valueOf(a));
    assertThat(refused.status()).as("%s", refused).isEqualTo(JobQueueCli.EXIT_REFUSED);
    assertThat(refused.err()).contains("is ready; only buried or delayed jobs can be kicked");
    assertThat(cli.run("kick-job", String.valueOf(Long.MAX_VALUE)).status())
        .isEqualTo(JobQueueCli.EXIT_REFUSED);

    JsonNode all = json(ok(cli.run("kick", pipeline.name(), "--json")));
    assertThat(all.get("kicked").asLong()).as("kick without N kicks them all").isEqualTo(1);
    assertThat(queue.peek(b).orElseThrow().state()).isEqualTo(JobState.READY);
  }

  @Test
  void deleteRemovesAJobButRefusesAReservedOneUnlessForced() {
    Pipeline pipeline = newPipeline();
    long ready = pipeline.addText("ready");
    assertThat(ok(cli.run("delete", String.valueOf(ready))).out()).contains("deleted job " + ready);
    assertThat(queue.peek(ready)).isEmpty();
    Cli.Result again = cli.run("delete", String.valueOf(ready));
    assertThat(again.status()).as("%s", again).isEqualTo(JobQueueCli.EXIT_REFUSED);

    long reserved = pipeline.addText("reserved");
    try (JobQueue worker = JobQueues.open(url())) {
      Job held = worker.reserve(pipeline.name(), READY_WAIT).orElseThrow();
      Cli.Result refused = cli.run("delete", String.valueOf(reserved));
      assertThat(refused.status()).as("%s", refused).isEqualTo(JobQueueCli.EXIT_REFUSED);
      assertThat(refused.err()).contains("is reserved by a worker");
      Cli.Result forced = cli.run("delete", String.valueOf(reserved), "--force");
      if (sql()) {
        assertThat(forced.status()).as("%s", forced).isZero();
        assertThat(queue.peek(reserved)).isEmpty();
      } else {
        assertThat(forced.status()).as("%s", forced).isEqualTo(JobQueueCli.EXIT_REFUSED);
        worker.delete(held);
      }
    }
  }

  @Test
  void purgeDeletesEveryJobOfAState() throws IOException {
    Pipeline pipeline = newPipeline();
    for (int i = 0; i < 3; i++) {
      pipeline.addText("b" + i);
    }
    for (int i = 0; i < 3; i++) {
      queue.bury(reserveNow(pipeline), "x");
    }
    long ready = pipeline.addText("stays");
    assertThat(ok(cli.run("purge", pipeline.name(), "--state", "buried")).out())
        .contains("purged 3 buried jobs from pipeline " + pipeline.name());
    assertThat(pipeline.stats().buried()).isZero();
    assertThat(queue.peek(ready)).isPresent();
    assertThat(
            json(ok(cli.run("purge", pipeline.name(), "--state", "ready", "--json")))
                .get("purged")
                .asLong())
        .isEqualTo(1);
    Cli.Result reserved = cli.run("purge", pipeline.name(), "--state", "reserved");
    assertThat(reserved.status()).as("%s", reserved).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(cli.run("purge", pipeline.name()).status())
        .as("--state is required")
        .isEqualTo(JobQueueCli.EXIT_USAGE);
  }

  @Test
  void pauseAndResumeAPipeline() {
    Pipeline pipeline = newPipeline();
    pipeline.addText("waits");
    assertThat(ok(cli.run("pause", pipeline.name(), "10m")).out())
        .contains("paused pipeline " + pipeline.name());
    assertThat(pipeline.stats().paused()).isTrue();
    assertThat(queue.reserve(pipeline.name(), Duration.ZERO)).isEmpty();
    assertThat(ok(cli.run("resume", pipeline.name())).out())
        .contains("resumed pipeline " + pipeline.name());
    assertThat(pipeline.stats().paused()).isFalse();
    queue.delete(reserveNow(pipeline));
    assertThat(cli.run("pause", pipeline.name(), "soon").status())
        .isEqualTo(JobQueueCli.EXIT_USAGE);
  }

  @Test
  void migratePrintsTheSqlOfAnSqlBackend() {
    Cli.Result print = cli.run("migrate", "--print");
    if (!sql()) {
      assertThat(print.status()).as("%s", print).isEqualTo(JobQueueCli.EXIT_REFUSED);
      assertThat(print.err()).contains("not an SQL backend");
      return;
    }
    assertThat(ok(print).out()).contains("CREATE TABLE", "jobqueue_jobs");
    assertThat(ok(cli.run("migrate", "--print", "--table-prefix", "dba_")).out())
        .contains("dba_jobs");
    assertThat(ok(cli.run("migrate")).out()).contains("are up to date");
  }

  @Test
  void badUsageAndAnUnreachableBackendExitWith2() {
    assertThat(Cli.runRaw(new byte[0], "stats", "--url", "").status())
        .as("no URL")
        .isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(cli.run("list", newPipeline().name(), "--state", "lost").status())
        .isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(cli.run("nonsense").status()).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(cli.run("add", "-bad-name", "x").status()).isEqualTo(JobQueueCli.EXIT_USAGE);
    Cli.Result down = Cli.runRaw(new byte[0], "--url", unreachableUrl(), "stats");
    assertThat(down.status()).as("%s", down).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(down.err()).startsWith("error: ").hasLineCount(1);
  }

  // ---- jobqueue work -- COMMAND, in a child JVM as supervisord runs it

  @Test
  void workRunsTheCommandOncePerJobAndItsExitStatusDecides() throws Exception {
    Pipeline pipeline = newPipeline();
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    long done = pipeline.addJob(binary);
    long tempfail = pipeline.addText("tempfail");
    long fail = pipeline.addText("fail");
    long bad = pipeline.addText("bad");
    long hang = pipeline.addText("hang");
    long flaky = pipeline.addText("flaky");

    try (WorkerProcess worker =
        work(
            pipeline,
            Map.of(),
            "--concurrency",
            "4",
            "--timeout",
            "2s",
            "--max-attempts",
            "2",
            "--retry-delay",
            "100ms")) {
      await(worker, "the binary job deleted", () -> queue.peek(done).isEmpty());
      assertThat(Files.readAllBytes(dir.resolve(done + ".payload")))
          .as("the payload on stdin, byte for byte")
          .isEqualTo(binary);
      assertThat(Files.readAllLines(dir.resolve(done + ".env")))
          .contains(
              "JOBQUEUE_ATTEMPT=1",
              "JOBQUEUE_JOB_ID=" + done,
              "JOBQUEUE_PIPELINE=" + pipeline.name(),
              "JOBQUEUE_PRIORITY=1024",
              "JOBQUEUE_TTR=60");

      await(
          worker,
          "the job that exited 75 deleted on its second run",
          () -> queue.peek(tempfail).isEmpty());
      assertThat(Files.readAllLines(dir.resolve(tempfail + ".attempts"))).containsExactly("1", "2");

      Job failed = await(worker, "the failing job buried", fail, JobState.BURIED);
      assertThat(failed.reserves()).as("retried once, then buried").isEqualTo(2);
      Job refused = await(worker, "the job that exited 65 buried", bad, JobState.BURIED);
      assertThat(refused.reserves()).as("buried at once").isEqualTo(1);
      Job hung = await(worker, "the hanging job buried", hang, JobState.BURIED);
      assertThat(hung.reserves()).isEqualTo(2);
      if (sql()) {
        assertThat(failed.buryReason()).contains("exited with 3", "writing /var/x | disk full");
        assertThat(refused.buryReason()).contains("exited with 65", "not an order");
        assertThat(hung.buryReason()).contains("past its timeout of 2 s");
      }
      awaitGone(worker, hang);

      await(worker, "the flaky job buried after its 2 attempts", flaky, JobState.BURIED);
      Files.createFile(dir.resolve("fixed"));
      ok(cli.run("kick-job", String.valueOf(flaky)));
      await(worker, "the kicked job run again and deleted", () -> queue.peek(flaky).isEmpty());
      assertThat(Files.readAllLines(dir.resolve(flaky + ".attempts")))
          .as(
              "a kicked job's attempts count again from 1, where the backend counts them since the kick")
          .containsExactly("1", "2", sql() ? "1" : "3");
      stopGracefully(worker);
    }
  }

  @Test
  void sigtermLetsARunningCommandFinishAndReleasesOneThatDoesNotInTime() throws Exception {
    Pipeline pipeline = newPipeline();
    long slow = pipeline.addText("slow");
    long hang = pipeline.addText("hang");

    try (WorkerProcess worker =
        work(pipeline, Map.of(), "--concurrency", "2", "--soft-stop", "6s", "--hard-stop", "5s")) {
      await(
          worker,
          "both commands started",
          () ->
              Files.exists(dir.resolve(slow + ".started"))
                  && Files.exists(dir.resolve(hang + ".started")));
      stopGracefully(worker);
      assertThat(dir.resolve(slow + ".done"))
          .as("the command that finished within the soft stop")
          .exists();
      assertThat(queue.peek(slow)).as("its job deleted").isEmpty();
      Job released = queue.peek(hang).orElseThrow();
      assertThat(released.state())
          .as("the command still running was stopped and its job released, ready at once")
          .isEqualTo(JobState.READY);
      awaitGone(worker, hang);
      queue.deleteJob(hang);
    }
  }

  @Test
  void workServesMetricsAndHealthAndLogsJsonWithTheJobAsFields() throws Exception {
    Pipeline pipeline = newPipeline();
    long done = pipeline.addText("ok");
    long fail = pipeline.addText("fail");

    try (WorkerProcess worker =
        work(
            pipeline,
            Map.of("JOBQUEUE_LOG_FORMAT", "json"),
            "--max-attempts",
            "1",
            "--metrics-port",
            "0")) {
      await(
          worker,
          "both jobs handled",
          () ->
              queue.peek(done).isEmpty()
                  && queue.peek(fail).map(job -> job.state() == JobState.BURIED).orElse(false));
      // the worker logs a bury after the backend has it: wait for the line itself
      await(worker, "the bury logged", () -> buryLine(jsonLogs(worker)).isPresent());
      List<JsonNode> logs = jsonLogs(worker);
      String serving =
          logs.stream()
              .map(l -> l.get("formattedMessage").asText())
              .filter(m -> m.startsWith("serving /metrics"))
              .findFirst()
              .orElseThrow();
      assertThat(serving).as("loopback only by default").contains(" on 127.0.0.1:");
      int port = Integer.parseInt(serving.substring(serving.lastIndexOf(':') + 1));
      JsonNode bury = buryLine(logs).orElseThrow();
      assertThat(bury.get("mdc").get("jobId").asText()).isEqualTo(String.valueOf(fail));
      assertThat(bury.get("mdc").get("pipeline").asText()).isEqualTo(pipeline.name());

      assertThat(get(port, "/health/live")).isEqualTo("200 live");
      assertThat(get(port, "/health/ready")).isEqualTo("200 ready");
      String metrics = get(port, "/metrics");
      String tag = "pipeline=\"" + pipeline.name() + "\"";
      assertThat(metrics)
          .contains(
              "jobqueue_jobs_deleted_total{" + tag + "} 1.0",
              "jobqueue_jobs_buried_total{" + tag + "} 1.0",
              "jobqueue_jobs_reserved_total{" + tag + "} 2.0",
              "jobqueue_jobs{" + tag + ",state=\"buried\"} 1.0",
              "jobqueue_job_run_time_seconds_count{" + tag + "} 2");
      stopGracefully(worker);
    }
    queue.deleteJob(fail);
  }

  @Test
  void healthSaysWhetherTheBackendAnswers() throws IOException {
    assertThat(json(ok(cli.run("health", "--json"))).get("ok").asBoolean()).isTrue();
    Cli.Result down = Cli.runRaw(new byte[0], "--url", unreachableUrl(), "health");
    assertThat(down.status()).as("%s", down).isEqualTo(JobQueueCli.EXIT_USAGE);
  }

  private static List<JsonNode> jsonLogs(WorkerProcess worker) throws IOException {
    List<JsonNode> logs = new ArrayList<>();
    for (String line : worker.log().lines().filter(l -> l.startsWith("{")).toList()) {
      logs.add(JSON.readTree(line));
    }
    return logs;
  }

  private static Optional<JsonNode> buryLine(List<JsonNode> logs) {
    return logs.stream()
        .filter(l ->
            l.get("level").asText().equals("WARN")
                && l.get("formattedMessage").asText().contains("buried"))
        .findFirst();
  }

  /** GET on the worker's port: the status and the body's first line. */
  private static String get(int port, String path) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      return path.equals("/metrics")
          ? response.body()
          : response.statusCode() + " " + response.body().strip();
    }
  }

  /**
   * {@code jobqueue work --pipeline P OPTIONS -- sh <the test command>}, with these environment
   * variables added.
   */
  private WorkerProcess work(Pipeline pipeline, Map<String, String> environment, String... options)
      throws IOException {
    List<String> arguments = new ArrayList<>(List.of("--pipeline", pipeline.name()));
    arguments.addAll(List.of(options));
    arguments.addAll(List.of("--", "sh", testCommand().toString()));
    return WorkerProcess.start(url(), dir, arguments, environment);
  }

  /** SIGTERM, then exit status 0, as supervisord stops a worker. */
  private static void stopGracefully(WorkerProcess worker) throws InterruptedException {
    worker.terminate();
    assertThat(worker.awaitExit(Duration.ofSeconds(60)))
        .as("exit status after SIGTERM; log:\n%s", worker.log())
        .isZero();
  }

  private Path testCommand() throws IOException {
    Path script = dir.resolve("test-command.sh");
    if (!Files.exists(script)) {
      try (InputStream in = CliContractTest.class.getResourceAsStream("test-command.sh")) {
        Files.copy(in, script);
      }
    }
    return script;
  }

  /**
   * Waits for the condition (a guard against a hang, not a speed limit); on timeout, shows the
   * worker's log.
   */
  private static void await(WorkerProcess worker, String what, Callable<Boolean> condition) {
    try {
      Awaitility.await(what)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; the worker's log:\n" + worker.log(), e);
    }
  }

  /**
   * Waits until the processes the hanging command started are gone (killed, and reaped by their new
   * parent).
   */
  private void awaitGone(WorkerProcess worker, long hang) throws IOException {
    for (String pid : Files.readAllLines(dir.resolve(hang + ".sleeps"))) {
      await(
          worker,
          "the hanging command's child process " + pid + " killed",
          () -> ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).isEmpty());
    }
  }

  private Job await(WorkerProcess worker, String what, long id, JobState state) {
    await(worker, what, () -> queue.peek(id).map(job -> job.state() == state).orElse(false));
    return queue.peek(id).orElseThrow();
  }

  /** This backend's URL with a port nothing listens on. */
  protected abstract String unreachableUrl();

  private Pipeline newPipeline() {
    return queue.selectPipeline(TestNames.pipeline());
  }

  private Job reserveNow(Pipeline pipeline) {
    return queue.reserve(pipeline.name(), READY_WAIT).orElseThrow();
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.status()).as("%s", result).isZero();
    return result;
  }

  private static long id(Cli.Result result) {
    return Long.parseLong(ok(result).out().strip());
  }

  private static JsonNode json(Cli.Result result) throws IOException {
    return JSON.readTree(ok(result).stdout());
  }

  private static JsonNode find(JsonNode pipelines, String name) {
    for (JsonNode node : pipelines) {
      if (node.get("pipeline").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no pipeline " + name + " in " + pipelines);
  }

  private static List<Long> ids(Cli.Result table) {
    return table
        .out()
        .lines()
        .skip(1)
        .map(line -> Long.parseLong(line.strip().split("\\s+")[0]))
        .toList();
  }
}
