package io.jobqueue.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.PipelineStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example workers under a real supervisord with supervisor/supervisord.conf and the real jar:
 * 5,000 jobs over two pipelines, one worker killed with SIGKILL in the middle, then {@code
 * supervisorctl stop all} during work. One subclass per backend.
 */
abstract class SupervisordEndToEndTest {

  static final List<String> PIPELINES = List.of("send_important_emails", "generate_report");
  static final int JOBS_PER_PIPELINE = 2_500;
  static final int PROCESSES = 6;
  /** --concurrency of send_important_emails in supervisord.conf: the most jobs the killed process held. */
  static final int KILLED_CONCURRENCY = 4;
  static final String VICTIM = "send_important_emails:send_important_emails_01";
  private static final Pattern STATUS =
      Pattern.compile("(?m)^(\\S+:\\S+)\\s+([A-Z]+)\\s*(?:pid (\\d+),)?.*$");

  @TempDir Path dir;
  private Process supervisord;
  private Path conf;

  /** The URL of a fresh backend for this run. */
  abstract String backendUrl() throws Exception;

  /** Removes what {@link #backendUrl()} created. */
  void dropBackend() throws Exception {}

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

  @Test
  void noJobIsLostWhenAWorkerIsKilledAndStopAllLeavesNothingReserved() throws Exception {
    String url = backendUrl();
    // opened first, so the tables exist before six processes start at once, as in a deployment
    try (JobQueue queue = JobQueues.open(url)) {
      startSupervisord(url);
      await("all " + PROCESSES + " workers RUNNING").atMost(Duration.ofSeconds(90))
          .until(() -> status().values().stream().filter(s -> s.state.equals("RUNNING")).count() == PROCESSES);

      // 1. 5,000 jobs; one worker killed with SIGKILL in the middle of the run
      long started = System.nanoTime();
      Set<Long> added = add(queue, JOBS_PER_PIPELINE, JobOptions.DEFAULT.withTtr(Duration.ofSeconds(5)));
      await().atMost(Duration.ofMinutes(3)).until(() -> left(queue) <= 2L * JOBS_PER_PIPELINE * 7 / 10);
      long victimPid = status().get(VICTIM).pid;
      ProcessHandle.of(victimPid).orElseThrow().destroyForcibly(); // kill -9
      long emailsLeftAtKill = left(queue.selectPipeline(PIPELINES.getFirst()).stats());
      assertThat(emailsLeftAtKill).as("the kill happened in the middle of the run").isPositive();

      await("supervisord restarts the killed worker").atMost(Duration.ofSeconds(60)).until(() -> {
        Status s = status().get(VICTIM);
        return s.state.equals("RUNNING") && s.pid != victimPid;
      });
      await("every job processed").atMost(Duration.ofMinutes(5)).until(() -> queue.stats().total() == 0);
      double seconds = (System.nanoTime() - started) / 1e9;

      Map<Long, Integer> processed = new HashMap<>();
      Set<Long> processedByVictim = new HashSet<>();
      readRecords(processed, processedByVictim, victimPid);
      long lost = added.stream().filter(id -> !processed.containsKey(id)).count();
      assertThat(lost).as("jobs never processed").isZero();
      assertThat(processed.keySet()).as("every added job was processed, and nothing else").isEqualTo(added);
      List<Long> twice = processed.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      assertThat(processedByVictim).as("jobs processed twice were held by the killed worker; worker warnings:%n%s",
          workerWarnings()).containsAll(twice);
      assertThat(twice.size()).as("at most the killed worker's in-flight jobs ran twice")
          .isLessThanOrEqualTo(KILLED_CONCURRENCY);
      assertThat(processed.values().stream().allMatch(n -> n <= 2)).isTrue();
      String log = supervisordLog();
      assertThat(count(log, "exited: send_important_emails_01 \\(terminated by SIGKILL; not expected\\)")).isEqualTo(1);
      int restarts = count(log, "spawned: '(?!scheduler)") - PROCESSES;
      assertThat(restarts).isEqualTo(1);

      // 2. stop all while the workers are busy: each exits on its own within stopwaitsecs, status 0
      Set<Long> second = add(queue, 500, JobOptions.DEFAULT.withTtr(Duration.ofMinutes(10)));
      await().atMost(Duration.ofMinutes(2)).until(() -> left(queue) <= 900);
      long stopStarted = System.nanoTime();
      String stopOutput = supervisorctl("stop", "all");
      double stopSeconds = (System.nanoTime() - stopStarted) / 1e9;
      long leftAtStop = left(queue);

      assertThat(status().values()).as(stopOutput).allMatch(s -> s.state.equals("STOPPED"));
      String after = supervisordLog();
      for (String pipeline : PIPELINES) {
        for (int n = 0; n < 3; n++) {
          assertThat(after).contains(String.format("stopped: %s_%02d (exit status 0)", pipeline, n));
        }
      }
      assertThat(count(after, "SIGKILL")).as("supervisord never had to kill a stopping worker").isEqualTo(1);
      assertThat(queue.stats().reserved()).as("no job left reserved").isZero();
      assertThat(queue.stats().buried()).isZero();
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
      System.out.printf("END-TO-END %s: %d jobs on %d pipelines, %d worker processes (numprocs 3 x 2), %d kill -9,"
              + " %d restart, %d lost, %d processed twice (killed worker's in-flight), drained in %.1f s;"
              + " stop all with %d of 1000 jobs left: %d processes exited 0 in %.1f s, %d reserved after%n",
          getClass().getSimpleName(), added.size(), PIPELINES.size(), PROCESSES, 1, restarts,
          lost, twice.size(), seconds,
          leftAtStop, PROCESSES, stopSeconds, queue.stats().reserved());
    }
  }

  private void startSupervisord(String url) throws IOException {
    conf = dir.resolve("supervisord.conf");
    Files.copy(Path.of(System.getProperty("jobqueue.supervisord.conf")), conf);
    Files.createDirectories(dir.resolve("logs"));
    Path jar = Path.of(System.getProperty("jobqueue.worker.jar"));
    assertThat(jar).as("the example jar; build it with ./mvnw -pl supervisor -am verify").exists();
    ProcessBuilder builder = new ProcessBuilder("supervisord", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("supervisord.out").toFile());
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
    supervisord = builder.start();
  }

  private record Status(String state, long pid) {}

  private Map<String, Status> status() {
    Map<String, Status> all = new LinkedHashMap<>();
    Matcher m = STATUS.matcher(supervisorctl("status"));
    while (m.find()) {
      if (m.group(1).startsWith("scheduler:")) {
        continue; // the workers are what this test counts
      }
      all.put(m.group(1), new Status(m.group(2), m.group(3) == null ? 0 : Long.parseLong(m.group(3))));
    }
    return all;
  }

  /** Runs supervisorctl against this test's supervisord and returns what it printed. */
  private String supervisorctl(String... args) {
    List<String> command = new ArrayList<>(List.of("supervisorctl", "-c", conf.toString()));
    command.addAll(List.of(args));
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

  private static Set<Long> add(JobQueue queue, int perPipeline, JobOptions options) {
    Set<Long> ids = new HashSet<>();
    for (int from = 0; from < perPipeline; from += 500) {
      List<NewJob> emails = new ArrayList<>();
      List<NewJob> reports = new ArrayList<>();
      for (int n = from; n < from + 500; n++) {
        emails.add(new NewJob(("{\"to\":\"customer" + n + "@example.com\",\"subject\":\"Invoice " + n
            + "\",\"body\":\"Your invoice is attached.\"}").getBytes(StandardCharsets.UTF_8), options));
        reports.add(new NewJob(("{\"customerId\":" + n + ",\"month\":\"2025-06\",\"format\":\"pdf\"}")
            .getBytes(StandardCharsets.UTF_8), options));
      }
      ids.addAll(queue.selectPipeline(PIPELINES.get(0)).addJobs(emails));
      ids.addAll(queue.selectPipeline(PIPELINES.get(1)).addJobs(reports));
    }
    return ids;
  }

  /** Jobs not finished yet: ready, reserved or delayed, over both pipelines. */
  private static long left(JobQueue queue) {
    return PIPELINES.stream().mapToLong(p -> left(queue.selectPipeline(p).stats())).sum();
  }

  private static long left(PipelineStats stats) {
    return stats.ready() + stats.reserved() + stats.delayed();
  }

  /** The handlers' own record: one file per worker process, one job id per line. */
  private void readRecords(Map<Long, Integer> processed, Set<Long> byVictim, long victimPid) throws IOException {
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

  /** The WARN and ERROR lines of every worker's log, to explain a failure. */
  private String workerWarnings() throws IOException {
    try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
      StringBuilder lines = new StringBuilder();
      for (Path log : logs.filter(p -> !p.endsWith("supervisord.log")).sorted().toList()) {
        Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
            .forEach(l -> lines.append(log.getFileName()).append(": ").append(l).append('\n'));
      }
      return lines.toString();
    }
  }

  private String supervisordLog() throws IOException {
    return Files.readString(dir.resolve("logs/supervisord.log"));
  }

  private static int count(String text, String regex) {
    return (int) Pattern.compile(regex).matcher(text).results().count();
  }
}
