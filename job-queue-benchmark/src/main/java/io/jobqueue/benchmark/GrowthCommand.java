package io.jobqueue.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The {@code growth} subcommand: how the cost grows with the backlog, the number of reservers, the
 * payload and the network distance (issue 14 section 3). The backends and their URLs are the main
 * command's options. Prints a table per dimension and writes a chart; exits 0 when every check
 * passed, 1 when one failed.
 */
@Command(
    name = "growth",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures how the cost grows: drain rate and reserve latency against the backlog (and against"
          + " delayed and buried jobs in other pipelines), throughput against 1 to 64 reservers"
          + " (threads and processes), against the payload size, and against a network delay"
          + " (library and naive loop). Prints tables and writes a chart (PNG).",
      "Every point checks its own work: every job delivered once, none lost."
    })
final class GrowthCommand implements Callable<Integer> {

  @Option(
      names = "--dimensions",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "backlog,workers,payload,network",
      description = "What to grow: backlog, workers, payload, network (default: ${DEFAULT-VALUE}).")
  private List<String> dimensions;

  @Option(
      names = "--backlogs",
      split = ",",
      paramLabel = "N",
      defaultValue = "10000,100000,1000000",
      description = "Ready jobs in the measured pipeline (default: ${DEFAULT-VALUE}).")
  private List<Integer> backlogs;

  @Option(
      names = "--drain-jobs",
      defaultValue = "5000",
      description =
          "Jobs the Worker drains, timed, from each backlog; the rest is drained untimed"
              + " (default: ${DEFAULT-VALUE}).")
  private int drainJobs;

  @Option(
      names = "--reserve-samples",
      defaultValue = "1000",
      description =
          "Single reserve calls timed for p50/p99 at each backlog (default: ${DEFAULT-VALUE}).")
  private int reserveSamples;

  @Option(
      names = "--other-delayed",
      defaultValue = "1000000",
      description =
          "Delayed jobs in another pipeline of the same table for the backlog's second series; 0"
              + " with --other-buried 0 skips it (default: ${DEFAULT-VALUE}).")
  private int otherDelayed;

  @Option(
      names = "--other-buried",
      defaultValue = "100000",
      description = "Buried jobs in a third pipeline (default: ${DEFAULT-VALUE}).")
  private int otherBuried;

  @Option(
      names = "--growth-jobs",
      defaultValue = "20000",
      description =
          "Jobs per point of the workers and payload dimensions (default: ${DEFAULT-VALUE}).")
  private int growthJobs;

  @Option(
      names = "--max-threads",
      defaultValue = "64",
      description = "Largest Worker concurrency: 1, 2, 4 … up to it (default: ${DEFAULT-VALUE}).")
  private int maxThreads;

  @Option(
      names = "--max-processes",
      defaultValue = "16",
      description =
          "Most worker processes (JVMs, one reserver each): 1, 2, 4 … up to it, or as many as the"
              + " database server's max_connections admits; 0 skips them. 16 by default: on a"
              + " 2-core machine 32 and more starve each other (see the README) (default:"
              + " ${DEFAULT-VALUE}).")
  private int maxProcesses;

  @Option(
      names = "--process-idle-seconds",
      defaultValue = "60",
      description =
          "A worker process stops once the pipeline is empty, or after this long without a job"
              + " while jobs remain: a stall (default: ${DEFAULT-VALUE}).")
  private int processIdleSeconds;

  @Option(
      names = "--payload-megabytes",
      defaultValue = "256",
      description =
          "Caps the bytes per payload point: fewer jobs for big payloads (default: ${DEFAULT-VALUE}).")
  private int payloadMegabytes;

  @Option(
      names = "--network-jobs",
      defaultValue = "2000",
      description =
          "Jobs per network point, library and naive loop each (default: ${DEFAULT-VALUE}).")
  private int networkJobs;

  @Option(
      names = "--delays-ms",
      split = ",",
      paramLabel = "MS",
      defaultValue = "0,0.5,2",
      description = "Delay the proxy adds in each direction (default: ${DEFAULT-VALUE}).")
  private List<Double> delaysMs;

  @Option(
      names = {"-w", "--workers"},
      defaultValue = "4",
      description =
          "Worker concurrency and naive-loop threads outside the workers dimension (default:"
              + " ${DEFAULT-VALUE}).")
  private int workers;

  @Option(
      names = "--batch-size",
      defaultValue = "1000",
      description = "Jobs per addJobs call when filling a pipeline (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--stall-seconds",
      defaultValue = "30",
      description =
          "A drain gives up when no job came for this long and reports the rest as lost (default:"
              + " ${DEFAULT-VALUE}).")
  private int stallSeconds;

  @Option(
      names = "--chart",
      defaultValue = "docs/growth.png",
      description = "Where to write the chart (default: ${DEFAULT-VALUE}).")
  private Path chart;

  /**
   * scripts/bench appends {@code --beanstalk-binlog-url} after all arguments, so it lands here; the
   * growth curves measure only the backends --backends names, so it is accepted and not used.
   */
  @Option(
      names = "--beanstalk-binlog-url",
      hidden = true,
      description = "Accepted from scripts/bench and not used.")
  private String appendedBinlogUrl;

  @ParentCommand private BenchmarkCommand parent;

  @Spec private CommandSpec spec;

  private final PrintStream out;

  GrowthCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    Path temp = Files.createTempDirectory("jobqueue-growth-");
    try {
      GrowthSettings settings = settings(temp);
      out.println("# jobqueue growth: " + settings.describe());
      out.println("# machine: " + Machine.describe());
      out.flush();
      List<GrowthPoint> points = new GrowthBenchmark(settings, out).run();
      GrowthReport report = new GrowthReport(points);
      out.println();
      report.print(out);
      report.writeChart(settings.chart());
      out.println("# chart: " + settings.chart());
      out.flush();
      return report.allVerified() ? 0 : BenchmarkCommand.CHECK_FAILED;
    } finally {
      try (Stream<Path> paths = Files.walk(temp)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private GrowthSettings settings(Path temp) {
    List<GrowthSettings.Dimension> selected =
        dimensions.stream()
            .map(name -> {
              try {
                return GrowthSettings.Dimension.byKey(name.trim());
              } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                    spec.commandLine(), "--dimensions: " + e.getMessage());
              }
            })
            .distinct()
            .sorted()
            .toList();
    backlogs.forEach(n -> positive("--backlogs", n));
    positive("--drain-jobs", drainJobs);
    positive("--reserve-samples", reserveSamples);
    notNegative("--other-delayed", otherDelayed);
    notNegative("--other-buried", otherBuried);
    positive("--growth-jobs", growthJobs);
    positive("--max-threads", maxThreads);
    notNegative("--max-processes", maxProcesses);
    positive("--process-idle-seconds", processIdleSeconds);
    positive("--payload-megabytes", payloadMegabytes);
    positive("--network-jobs", networkJobs);
    positive("--workers", workers);
    positive("--batch-size", batchSize);
    positive("--stall-seconds", stallSeconds);
    for (double ms : delaysMs) {
      if (ms < 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--delays-ms must not be negative, was " + ms);
      }
    }
    int smallest = backlogs.stream().min(Integer::compare).orElseThrow();
    if (drainJobs + reserveSamples > smallest) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--drain-jobs plus --reserve-samples ("
              + (drainJobs + reserveSamples)
              + ") must fit in the smallest backlog ("
              + smallest
              + ")");
    }
    return new GrowthSettings(
        parent.backends(temp),
        selected,
        backlogs.stream().distinct().sorted().toList(),
        drainJobs,
        reserveSamples,
        otherDelayed,
        otherBuried,
        growthJobs,
        maxThreads,
        maxProcesses,
        Duration.ofSeconds(processIdleSeconds),
        payloadMegabytes * 1_000_000L,
        networkJobs,
        delaysMs.stream().distinct().sorted().toList(),
        workers,
        batchSize,
        stallSeconds * 1000L,
        chart);
  }

  private void positive(String option, int value) {
    if (value < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be at least 1, was " + value);
    }
  }

  private void notNegative(String option, int value) {
    if (value < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must not be negative, was " + value);
    }
  }
}
