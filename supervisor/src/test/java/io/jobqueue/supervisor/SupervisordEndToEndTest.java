package io.jobqueue.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineStats;
import io.jobqueue.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example workers under a real supervisord with supervisor/supervisord.conf and the real jar,
 * on a backend nothing has opened before: six processes start on it at once, one is killed with
 * SIGKILL while it holds jobs, then {@code supervisorctl stop all} during work. One subclass per
 * backend, each on a database (or pipelines) of its own.
 */
abstract class SupervisordEndToEndTest {

  /** The programs of supervisord.conf, each named like the pipeline it works on. */
  static final List<String> PROGRAMS = List.of("send_important_emails", "generate_report");

  static final int JOBS_PER_PIPELINE = 2_500;
  static final int SECOND_JOBS_PER_PIPELINE = 1_500;

  /**
   * The first jobs' options. Their TTR of 30 s: the killed worker's jobs come back after it on the
   * SQL backends, and no live worker, however starved of CPU, may lose a reservation (its jobs
   * would run twice too).
   */
  static final JobOptions FIRST_JOBS = JobOptions.DEFAULT.withTtr(Duration.ofSeconds(30));

  /** Jobs added to one pipeline in one call. */
  static final int BATCH = 500;

  /**
   * How many more batches the victim's pipeline may get while the test waits to catch the victim
   * holding jobs: enough for minutes of work, and a bound on what the test adds.
   */
  static final int MAX_TOP_UPS = 10;

  static final int PROCESSES = 6;
  static final String VICTIM_PROGRAM = "send_important_emails";
  static final String VICTIM = VICTIM_PROGRAM + ":" + VICTIM_PROGRAM + "_01";

  /**
   * supervisord's line for a worker's start; the conf's schedulers are not what this test counts.
   */
  private static final String WORKER_SPAWNED = "spawned: '(?!scheduler|jobqueue-serve)";

  private static final Pattern STATUS =
      Pattern.compile("(?m)^(\\S+:\\S+)\\s+([A-Z]+)\\s*(?:pid (\\d+),)?.*$");
  private static final Pattern RESERVED =
      Pattern.compile("job (\\d+) in pipeline '[^']*' reserved, attempt");
  private static final Pattern FINISHED =
      Pattern.compile(
          "job (\\d+) in pipeline '[^']*' (?:done, deleted|released|buried|was already)");

  @TempDir Path dir;
  private Process supervisord;
  private Path conf;
  private final String token = UUID.randomUUID().toString();
  private int httpPort;
  private final String pipelineSuffix =
      isolatedByPipelineNames() ? "-" + UUID.randomUUID().toString().substring(0, 8) : "";

  /** The URL of a fresh, empty backend for this run: no tables, no jobs. */
  abstract String backendUrl() throws Exception;

  /** Removes what {@link #backendUrl()} created. */
  void dropBackend() throws Exception {}

  /**
   * Whether this backend is shared with other test runs, so that the pipelines of this run get
   * names of their own (beanstalkd); the SQL backends get a database of their own instead.
   */
  boolean isolatedByPipelineNames() {
    return false;
  }

  @AfterEach
  void shutDown() throws Exception {
    try {
      if (supervisord != null && supervisord.isAlive()) {
        supervisord.destroy(); // SIGTERM: supervisord stops its workers gracefully, then exits
        if (!supervisord.waitFor(60, TimeUnit.SECONDS)) {
          supervisord.destroyForcibly();
        }
      }
    } finally {
      dropBackend();
    }
  }

  /**
   * The normal first start: six processes open one new database at once (migrations, SQLite's
   * switch to WAL) and none may fail. A stop right after a start still ends with status 0.
   */
  @Test
  void everyWorkerStartsOnAnEmptyBackendAndAStopRightAfterAStartExitsWith0() throws Exception {
    startSupervisord(backendUrl());
    awaitAllStarted();
    awaitServeHealthy();
    String log = supervisordLog();
    assertThat(count(log, WORKER_SPAWNED))
        .as("one start per process; supervisord's log:%n%s", log)
        .isEqualTo(PROCESSES);
    assertThat(count(log, "exited: "))
        .as("no process exited; supervisord's log:%n%s", log)
        .isZero();

    String process = "generate_report:generate_report_00";
    assertThat(supervisorctl("stop", process)).contains("stopped");
    assertThat(supervisorctl("start", process)).contains("started"); // returns after startsecs
    assertThat(supervisorctl("stop", process)).contains("stopped");
    assertThat(count(supervisordLog(), "stopped: generate_report_00 \\(exit status 0\\)"))
        .as(supervisordLog())
        .isEqualTo(2);
  }

  @Test
  void noJobIsLostWhenAWorkerIsKilledWhileItHoldsJobsAndStopAllLeavesNothingReserved()
      throws Exception {
    String url = backendUrl();
    startSupervisord(url);
    awaitAllStarted();
    try (JobQueue queue = JobQueues.open(url)) {
      // 1. 5,000 jobs; one worker killed with SIGKILL while it holds jobs
      long started = System.nanoTime();
      Set<Long> added = add(queue, PROGRAMS, JOBS_PER_PIPELINE, FIRST_JOBS);
      long victimPid = status().get(VICTIM).pid;
      Set<Long> heldAtKill = new HashSet<>();
      awaitKilledWhileHolding(queue, victimPid, heldAtKill, added);

      await("supervisord restarts the killed worker")
          .atMost(Duration.ofSeconds(90))
          .until(() -> {
            Status s = status().get(VICTIM);
            return s.state.equals("RUNNING") && s.pid != victimPid;
          });
      await("every job processed")
          .atMost(Duration.ofMinutes(5))
          .until(() -> sum(queue, PipelineStats::total) == 0);
      double seconds = (System.nanoTime() - started) / 1e9;

      Map<Long, Integer> processed = new HashMap<>();
      Set<Long> processedByVictim = new HashSet<>();
      readRecords(processed, processedByVictim, victimPid);
      long lost = added.stream().filter(id -> !processed.containsKey(id)).count();
      assertThat(lost).as("jobs never processed").isZero();
      assertThat(processed.keySet())
          .as("every added job was processed, and nothing else")
          .isEqualTo(added);
      List<Long> twice =
          processed.entrySet().stream()
              .filter(e -> e.getValue() > 1)
              .map(Map.Entry::getKey)
              .toList();
      assertThat(processedByVictim)
          .as(
              "jobs processed twice were held by the killed worker; worker warnings:%n%s",
              workerWarnings())
          .containsAll(twice);
      int bound = maxJobsRunAgainAfterCrash(VICTIM_PROGRAM);
      assertThat(victimLog())
          .as("the victim states the bound it guarantees")
          .contains("a kill -9 runs at most " + bound + " of its jobs again");
      assertThat(twice.size())
          .as("Worker.maxJobsRunAgainAfterCrash() of the killed worker")
          .isLessThanOrEqualTo(bound);
      assertThat(processed.values()).allMatch(n -> n <= 2);
      String log = supervisordLog();
      assertThat(
              count(
                  log,
                  "exited: send_important_emails_01 \\(terminated by SIGKILL; not expected\\)"))
          .isEqualTo(1);
      int restarts = count(log, WORKER_SPAWNED) - PROCESSES;
      assertThat(restarts).as("only the killed worker was started again").isEqualTo(1);

      // 2. stop all while the workers are busy: each exits on its own within stopwaitsecs, status 0
      // enough work for about as long as the first drain, so that the stop meets busy workers
      Set<Long> second =
          add(
              queue,
              PROGRAMS,
              SECOND_JOBS_PER_PIPELINE,
              JobOptions.DEFAULT.withTtr(Duration.ofMinutes(10)));
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> sum(queue, PipelineStats::total) <= second.size() * 9L / 10);
      long stopStarted = System.nanoTime();
      String stopOutput = supervisorctl("stop", "all");
      double stopSeconds = (System.nanoTime() - stopStarted) / 1e9;
      long leftAtStop = sum(queue, PipelineStats::total);

      assertThat(status().values()).as(stopOutput).allMatch(s -> s.state.equals("STOPPED"));
      String after = supervisordLog();
      for (String program : PROGRAMS) {
        for (int n = 0; n < 3; n++) {
          assertThat(after).contains(String.format("stopped: %s_%02d (exit status 0)", program, n));
        }
      }
      assertThat(count(after, "SIGKILL"))
          .as("supervisord never had to kill a stopping worker")
          .isEqualTo(1);
      assertThat(sum(queue, PipelineStats::reserved)).as("no job left reserved").isZero();
      assertThat(sum(queue, PipelineStats::buried)).isZero();
      processed.clear();
      readRecords(processed, new HashSet<>(), victimPid);
      for (long id : second) {
        JobState state = queue.peek(id).map(Job::state).orElse(null);
        if (state == null) {
          assertThat(processed).as("job %d gone, so processed", id).containsKey(id);
        } else {
          assertThat(state).as("job %d", id).isEqualTo(JobState.READY);
        }
      }
      System.out.printf(
          "END-TO-END %s: %d jobs on %d pipelines, %d worker processes started together on an empty"
              + " backend, 1 kill -9 while the victim held %d jobs, %d restart, %d lost, %d processed twice (bound %d),"
              + " drained in %.1f s; stop all with %d of %d jobs left: %d processes exited 0 in %.1f s, %d reserved"
              + " after%n",
          getClass().getSimpleName(),
          added.size(),
          PROGRAMS.size(),
          PROCESSES,
          heldAtKill.size(),
          restarts,
          lost,
          twice.size(),
          bound,
          seconds,
          leftAtStop,
          second.size(),
          PROCESSES,
          stopSeconds,
          sum(queue, PipelineStats::reserved));
    }
  }

  /**
   * Kills the victim once a check finds it holding jobs. A check can only find that while the
   * victim's pipeline has work, and a fast drain can end before a starved machine runs one that
   * lands while the victim holds a logged job; so the pipeline gets another batch whenever fewer
   * than a batch are ready, up to {@link #MAX_TOP_UPS} times. The added jobs join {@code added}.
   */
  private void awaitKilledWhileHolding(
      JobQueue queue, long victimPid, Set<Long> heldAtKill, Set<Long> added) throws IOException {
    Pipeline victimPipeline = queue.selectPipeline(pipeline(VICTIM_PROGRAM));
    int[] checks = {0};
    int[] topUps = {0};
    try {
      await("the victim holds jobs, and is killed")
          .atMost(Duration.ofMinutes(3))
          .until(() -> {
            checks[0]++;
            if (topUps[0] < MAX_TOP_UPS && victimPipeline.stats().ready() < BATCH) {
              topUps[0]++;
              added.addAll(add(queue, List.of(VICTIM_PROGRAM), BATCH, FIRST_JOBS));
            }
            return killIfHolding(queue, victimPid, heldAtKill);
          });
    } catch (ConditionTimeoutException e) {
      String log = victimLog();
      throw new AssertionError(
          String.format(
              "%s%n%d checks, %d batches added while waiting; the victim's log has %d reserved and"
                  + " %d finished lines; %s%nsupervisorctl status:%n%sthe victim's log without"
                  + " DEBUG lines:%n%s",
              e.getMessage(),
              checks[0],
              topUps[0],
              count(log, RESERVED.pattern()),
              count(log, FINISHED.pattern()),
              victimPipeline.stats(),
              supervisorctl("status"),
              String.join("\n", log.lines().filter(l -> !l.contains(" DEBUG ")).toList())),
          e);
    }
  }

  /**
   * Freezes the victim (SIGSTOP), so that what it holds cannot change, and kills it (SIGKILL) if it
   * holds at least one job: one its log shows it reserved and did not finish, which the backend
   * shows reserved and never reserved by anyone else. Otherwise lets it run on and returns false.
   */
  private boolean killIfHolding(JobQueue queue, long victimPid, Set<Long> held) throws IOException {
    signal(victimPid, "STOP");
    Set<Long> candidates = new LinkedHashSet<>();
    for (String line : victimLog().lines().toList()) {
      Matcher reserved = RESERVED.matcher(line);
      Matcher finished = FINISHED.matcher(line);
      if (reserved.find()) {
        candidates.add(Long.parseLong(reserved.group(1)));
      } else if (finished.find()) {
        candidates.remove(Long.parseLong(finished.group(1)));
      }
    }
    for (long id : candidates) {
      queue
          .peek(id)
          .filter(job -> job.state() == JobState.RESERVED && job.reserves() == 1)
          .ifPresent(job -> held.add(job.id()));
    }
    signal(victimPid, held.isEmpty() ? "CONT" : "KILL");
    return !held.isEmpty();
  }

  /**
   * The bound the killed worker guarantees, {@link Worker#maxJobsRunAgainAfterCrash()}: its
   * --concurrency plus its --max-pending-deletes, as supervisord.conf sets them (the worker's
   * default where it does not).
   */
  private int maxJobsRunAgainAfterCrash(String program) throws IOException {
    String command = SupervisordConf.read(conf).program(program).get("command");
    int concurrency =
        SupervisordConf.option(command, "--concurrency").map(Integer::parseInt).orElseThrow();
    int maxPendingDeletes =
        SupervisordConf.option(command, "--max-pending-deletes")
            .map(Integer::parseInt)
            .orElse(Worker.DEFAULT_MAX_PENDING_DELETES);
    return concurrency + maxPendingDeletes;
  }

  private void startSupervisord(String url) throws IOException {
    conf = dir.resolve("supervisord.conf");
    String text = Files.readString(Path.of(System.getProperty("jobqueue.supervisord.conf")));
    if (!pipelineSuffix.isEmpty()) {
      // the same programs and handlers, on pipelines no other test run uses
      text =
          text.replaceAll("--pipeline (\\S+)", "--pipeline $1" + pipelineSuffix + " --handler $1");
    }
    Files.writeString(conf, text);
    Files.createDirectories(dir.resolve("logs"));
    Path jar = Path.of(System.getProperty("jobqueue.worker.jar"));
    assertThat(jar).as("the example jar; build it with ./mvnw -pl supervisor -am verify").exists();
    ProcessBuilder builder =
        new ProcessBuilder("supervisord", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("supervisord.out").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("JOBQUEUE_"));
    env.put("JOBQUEUE_URL", url);
    env.put("JOBQUEUE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("JOBQUEUE_JAR", jar.toString());
    env.put("JOBQUEUE_JOB_DURATION", "20ms");
    env.put("JOBQUEUE_FAILURE_RATE", "0");
    env.put("JOBQUEUE_RECORD_DIR", dir.resolve("ids").toString());
    // the conf's two schedulers run, with no schedules: this test counts the workers' jobs only
    Files.writeString(dir.resolve("schedules.json"), "[]");
    env.put("JOBQUEUE_SCHEDULES", dir.resolve("schedules.json").toString());
    env.put("JOBQUEUE_LOG_LEVEL", "DEBUG"); // one line per job: which jobs the victim holds
    // jobqueue serve runs beside the workers, on a free port with a token of this test
    env.put("JOBQUEUE_CLI_JAR", System.getProperty("jobqueue.cli.jar"));
    env.put("JOBQUEUE_TOKEN", token);
    try (ServerSocket socket = new ServerSocket(0)) {
      httpPort = socket.getLocalPort();
    }
    env.put("JOBQUEUE_HTTP_PORT", String.valueOf(httpPort));
    supervisord = builder.start();
  }

  /** Every process RUNNING and its worker started (the backend opened and migrated). */
  private void awaitAllStarted() throws IOException {
    try {
      await("all " + PROCESSES + " workers started")
          .atMost(Duration.ofMinutes(5))
          .until(() ->
              status().values().stream().filter(s -> s.state.equals("RUNNING")).count() == PROCESSES
                  && workerLogs().filter(log -> log.contains("started on pipelines")).count()
                      == PROCESSES);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage()
              + "\nsupervisorctl status:\n"
              + supervisorctl("status")
              + "supervisord's log:\n"
              + supervisordLog()
              + "the workers' logs:\n"
              + workerLogs()
                  .map(log -> log.lines().filter(l -> !l.contains(" DEBUG ")).toList().toString())
                  .reduce("", (a, b) -> a + b + "\n"),
          e);
    }
  }

  /** jobqueue serve answers /health with the token from supervisord's environment. */
  private void awaitServeHealthy() {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
            .header("Authorization", "Bearer " + token)
            .build();
    await("jobqueue serve answers /health")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }

  private record Status(String state, long pid) {}

  private Map<String, Status> status() {
    Map<String, Status> all = new LinkedHashMap<>();
    Matcher m = STATUS.matcher(supervisorctl("status"));
    while (m.find()) {
      if (m.group(1).startsWith("scheduler:")) {
        continue; // the workers are what this test counts
      }
      all.put(
          m.group(1), new Status(m.group(2), m.group(3) == null ? 0 : Long.parseLong(m.group(3))));
    }
    return all;
  }

  /** Runs supervisorctl against this test's supervisord and returns what it printed. */
  private String supervisorctl(String... args) {
    List<String> command = new ArrayList<>(List.of("supervisorctl", "-c", conf.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static void signal(long pid, String name) {
    run(List.of("kill", "-" + name, String.valueOf(pid)));
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private String pipeline(String program) {
    return program + pipelineSuffix;
  }

  /** Adds {@code perPipeline} jobs to each program's pipeline, a batch to each in turn. */
  private Set<Long> add(
      JobQueue queue, List<String> programs, int perPipeline, JobOptions options) {
    Set<Long> ids = new HashSet<>();
    for (int from = 0; from < perPipeline; from += BATCH) {
      for (String program : programs) {
        List<NewJob> jobs = new ArrayList<>();
        for (int n = from; n < Math.min(from + BATCH, perPipeline); n++) {
          jobs.add(new NewJob(payload(program, n).getBytes(StandardCharsets.UTF_8), options));
        }
        ids.addAll(queue.selectPipeline(pipeline(program)).addJobs(jobs));
      }
    }
    return ids;
  }

  /** The n-th job of a program, in the form its example handler reads. */
  private static String payload(String program, int n) {
    return program.equals(VICTIM_PROGRAM)
        ? "{\"to\":\"customer"
            + n
            + "@example.com\",\"subject\":\"Invoice "
            + n
            + "\",\"body\":\"Your invoice is attached.\"}"
        : "{\"customerId\":" + n + ",\"month\":\"2025-06\",\"format\":\"pdf\"}";
  }

  /**
   * A figure summed over this run's pipelines (beanstalkd's whole-server stats include other
   * runs').
   */
  private long sum(JobQueue queue, ToLongFunction<PipelineStats> figure) {
    return PROGRAMS.stream()
        .mapToLong(p -> figure.applyAsLong(queue.selectPipeline(pipeline(p)).stats()))
        .sum();
  }

  /** The handlers' own record: one file per worker process, one job id per line. */
  private void readRecords(Map<Long, Integer> processed, Set<Long> byVictim, long victimPid)
      throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("ids"))) {
      for (Path file : files.toList()) {
        boolean victim = file.getFileName().toString().endsWith("-" + victimPid + ".ids");
        for (String line : Files.readAllLines(file)) {
          long id = Long.parseLong(line.trim());
          processed.merge(id, 1, Integer::sum);
          if (victim) {
            byVictim.add(id);
          }
        }
      }
    }
  }

  private String victimLog() throws IOException {
    return Files.readString(
        dir.resolve("logs/" + VICTIM.substring(VICTIM.indexOf(':') + 1) + ".log"));
  }

  /** Each worker process's log. */
  private Stream<String> workerLogs() throws IOException {
    try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
      List<String> texts = new ArrayList<>();
      for (Path log : logs.filter(p -> !p.endsWith("supervisord.log")).sorted().toList()) {
        texts.add(Files.readString(log));
      }
      return texts.stream();
    }
  }

  /** The WARN and ERROR lines of every worker's log, to explain a failure. */
  private String workerWarnings() throws IOException {
    StringBuilder lines = new StringBuilder();
    workerLogs()
        .flatMap(String::lines)
        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
        .forEach(l -> lines.append(l).append('\n'));
    return lines.toString();
  }

  private String supervisordLog() throws IOException {
    return Files.readString(dir.resolve("logs/supervisord.log"));
  }

  private static int count(String text, String regex) {
    return (int) Pattern.compile(regex).matcher(text).results().count();
  }
}
