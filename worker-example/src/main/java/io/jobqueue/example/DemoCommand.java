package io.jobqueue.example;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.Worker;
import io.jobqueue.worker.WorkerStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The README's demo: adds jobs to two pipelines and drains them with several workers in this
 * process, on an embedded SQLite database in a temporary directory (no server needed), printing
 * progress and final figures.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = ExampleApp.Version.class,
    description =
        "Adds jobs to two pipelines and drains them with several workers on embedded SQLite.")
final class DemoCommand implements Callable<Integer> {

  private static final Duration PROGRESS_EVERY = Duration.ofMillis(250);

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      description = "Backend URL; default: a new SQLite database in a temporary directory.")
  String url;

  @Option(
      names = "--emails",
      defaultValue = "200",
      description = "Jobs for send_important_emails (default ${DEFAULT-VALUE}).")
  int emails;

  @Option(
      names = "--reports",
      defaultValue = "80",
      description = "Jobs for generate_report (default ${DEFAULT-VALUE}).")
  int reports;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "Workers per pipeline (default ${DEFAULT-VALUE}).")
  int workersPerPipeline;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      description = "Jobs at once per worker (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--job-duration",
      defaultValue = "20ms",
      description = "Typical duration of one job (default ${DEFAULT-VALUE}).")
  Duration jobDuration;

  @Option(
      names = "--failure-rate",
      defaultValue = "0.2",
      description =
          "Probability that an attempt fails (default ${DEFAULT-VALUE}); 3 attempts, then buried.")
  double failureRate;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    quietLibraryLogs();
    Path tempDir = url == null ? Files.createTempDirectory("jobqueue-demo-") : null;
    String backend = url != null ? url : "jdbc:sqlite:" + tempDir.resolve("demo.db");
    try (JobQueue queue = Backend.open(backend)) {
      out.println("jobqueue demo on " + backend);
      run(queue, out);
    } finally {
      if (tempDir != null) {
        deleteRecursively(tempDir);
      }
    }
    return 0;
  }

  private void run(JobQueue queue, PrintWriter out) {
    Workload workload = new Workload(jobDuration, failureRate);
    RetryPolicy retries =
        RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofMillis(50)).build();
    List<Examples> examples = List.of(Examples.SEND_IMPORTANT_EMAILS, Examples.GENERATE_REPORT);
    List<Integer> counts = List.of(emails, reports);
    for (int i = 0; i < examples.size(); i++) {
      ProduceCommand.add(
          queue.selectPipeline(examples.get(i).kind()),
          examples.get(i),
          counts.get(i),
          JobOptions.DEFAULT,
          500);
    }
    int total = emails + reports;
    out.printf(
        "added %d jobs to %s and %d jobs to %s%n",
        emails, examples.get(0).kind(), reports, examples.get(1).kind());

    long started = System.nanoTime();
    List<List<Worker>> workers = new ArrayList<>();
    for (Examples example : examples) {
      List<Worker> forPipeline = new ArrayList<>();
      for (int w = 1; w <= workersPerPipeline; w++) {
        forPipeline.add(
            Worker.builder(queue)
                .name(example.kind() + "-" + w)
                .handler(example.kind(), example.handler(workload, null))
                .concurrency(concurrency)
                .retryPolicy(retries)
                .summaryInterval(Duration.ZERO)
                .build()
                .start());
      }
      workers.add(forPipeline);
    }
    out.printf(
        "started %d workers: %d on each pipeline, %d jobs at a time each; attempts fail %.0f%% of the time,"
            + " %d attempts before a job is buried%n",
        workersPerPipeline * examples.size(),
        workersPerPipeline,
        concurrency,
        failureRate * 100,
        retries.maxAttempts());

    List<PipelineStats> stats = stats(queue, examples);
    while (stats.stream().mapToLong(s -> s.ready() + s.reserved() + s.delayed()).sum() > 0) {
      out.printf(
          "progress: %d/%d finished (ready %d, reserved %d, delayed %d, buried %d)%n",
          total - stats.stream().mapToLong(s -> s.ready() + s.reserved() + s.delayed()).sum(),
          total,
          sum(stats, PipelineStats::ready),
          sum(stats, PipelineStats::reserved),
          sum(stats, PipelineStats::delayed),
          sum(stats, PipelineStats::buried));
      sleep(PROGRESS_EVERY);
      stats = stats(queue, examples);
    }
    workers.forEach(list -> list.forEach(Worker::stop));
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf("drained %d jobs in %.1f s (%.0f jobs/s)%n", total, seconds, total / seconds);

    String row = "%-24s %6s %6s %8s %7s%n";
    out.printf(row, "pipeline", "jobs", "done", "retries", "buried");
    long done = 0;
    long retried = 0;
    for (int i = 0; i < examples.size(); i++) {
      WorkerStats sum =
          workers.get(i).stream().map(Worker::stats).reduce(DemoCommand::plus).orElseThrow();
      out.printf(
          row,
          examples.get(i).kind(),
          counts.get(i),
          sum.deleted(),
          sum.retried(),
          stats.get(i).buried());
      done += sum.deleted();
      retried += sum.retried();
    }
    out.printf(row, "total", total, done, retried, sum(stats, PipelineStats::buried));
    for (Examples example : examples) {
      Optional<Job> buried = queue.selectPipeline(example.kind()).peekBuried();
      buried.ifPresent(job ->
          out.printf(
              "buried job %d of %s after %d attempts: %s%n",
              job.id(), job.pipeline(), job.attempts(), job.buryReason()));
    }
  }

  private static List<PipelineStats> stats(JobQueue queue, List<Examples> examples) {
    return examples.stream().map(e -> queue.selectPipeline(e.kind()).stats()).toList();
  }

  private static long sum(
      List<PipelineStats> stats, java.util.function.ToLongFunction<PipelineStats> count) {
    return stats.stream().mapToLong(count).sum();
  }

  private static WorkerStats plus(WorkerStats a, WorkerStats b) {
    return new WorkerStats(
        a.reserved() + b.reserved(),
        a.deleted() + b.deleted(),
        a.retried() + b.retried(),
        a.buried() + b.buried(),
        a.released() + b.released(),
        a.touches() + b.touches(),
        a.running() + b.running());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("demo interrupted", e);
    }
  }

  /**
   * The demo prints its own progress; the workers' own lines would drown it (JOBQUEUE_LOG_LEVEL
   * brings them back).
   */
  private static void quietLibraryLogs() {
    if (System.getenv("JOBQUEUE_LOG_LEVEL") == null
        && LoggerFactory.getLogger("io.jobqueue") instanceof Logger logback) {
      logback.setLevel(Level.ERROR);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
