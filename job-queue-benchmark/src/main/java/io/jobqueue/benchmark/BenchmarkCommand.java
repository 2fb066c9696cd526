package io.jobqueue.benchmark;

import io.jobqueue.benchmark.Backend.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmark's command line. Prints a CHECK line per scenario and run as it goes, then a table
 * and one RESULT line per backend and scenario on stdout; the progress bar goes to stderr. Exits 0
 * when every check passed, 1 when one failed, 2 on bad arguments, 3 when a backend could not be
 * reached.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures jobqueue per backend: enqueue (one per call and batched), drain (JobQueue API, Worker runtime,"
          + " several processes), latency enqueue -> handler start at a fixed rate, idle queries per second,"
          + " against a naive baseline written in plain JDBC (plain protocol for beanstalkd).",
      "Every scenario checks its own work: every job stored once, delivered once, none lost."
    })
public final class BenchmarkCommand implements Callable<Integer> {

  /** Exit code when a check failed. */
  static final int CHECK_FAILED = 1;

  /** Exit code when a backend could not be reached or the benchmark itself broke. */
  static final int UNAVAILABLE = 3;

  @Option(
      names = "--backends",
      split = ",",
      paramLabel = "NAME",
      description =
          "Backends to measure: sqlite (the library's durable default, synchronous=FULL), sqlite-normal"
              + " (synchronous=NORMAL, as the baseline), postgres, mariadb, beanstalkd, beanstalkd-binlog (default:"
              + " ${DEFAULT-VALUE}; beanstalkd-binlog is added when --beanstalk-binlog-url is given).",
      defaultValue = "sqlite,sqlite-normal,postgres,mariadb,beanstalkd")
  private List<String> backends;

  @Option(
      names = "--scenarios",
      split = ",",
      paramLabel = "NAME",
      description =
          "Scenarios to run (default: all): baseline-enqueue, baseline-drain, enqueue-one, enqueue-batch,"
              + " drain-api, drain-worker, drain-processes, latency, idle-queries; opt-in:"
              + " drain-beside-limited.")
  private List<String> scenarios;

  @Option(
      names = {"-n", "--jobs"},
      paramLabel = "N",
      description = "Jobs per enqueue and drain scenario" + " (default: 20000).")
  private Integer jobs;

  @Option(
      names = "--peer-jobs",
      paramLabel = "N",
      defaultValue = "5000",
      description =
          "Jobs per peer (db-scheduler, JobRunr) enqueue and drain scenario, at most --jobs: they drain"
              + " hundreds to a few thousand jobs/s, so the default run stays a few minutes longer only"
              + " (default: ${DEFAULT-VALUE}).")
  private int peerJobs;

  @Option(names = "--preset", paramLabel = "SIZE", description = "Sets --jobs: 1k, 10k or 100k.")
  private String preset;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "W",
      defaultValue = "4",
      description =
          "Threads per scenario, and the Worker's concurrency (default: ${DEFAULT-VALUE}).")
  private int workers;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description =
          "Runs of every scenario; the table shows median, min,"
              + " max (default: ${DEFAULT-VALUE}).")
  private int runs;

  @Option(
      names = "--batch-size",
      defaultValue = "1000",
      description = "Jobs per addJobs call (default:" + " ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description =
          "Jobs per second offered in the latency scenario" + " (default: ${DEFAULT-VALUE}).")
  private int rate;

  @Option(
      names = "--latency-seconds",
      defaultValue = "10",
      description = "How long the latency scenario offers" + " jobs (default: ${DEFAULT-VALUE}).")
  private int latencySeconds;

  @Option(
      names = "--processes",
      defaultValue = "2",
      description =
          "Worker processes (JVMs) in drain-processes;"
              + " the W workers are split among them (default: ${DEFAULT-VALUE}).")
  private int processes;

  @Option(
      names = "--idle-seconds",
      defaultValue = "5",
      description = "How long idle-queries counts (default:" + " ${DEFAULT-VALUE}).")
  private int idleSeconds;

  @Option(
      names = "--stall-seconds",
      defaultValue = "20",
      description =
          "A drain gives up when no job came for"
              + " this long, and reports the rest as lost (default: ${DEFAULT-VALUE}).")
  private int stallSeconds;

  @Option(
      names = "--durable-acknowledgements",
      description =
          "Opens the SQL backends with durableAcknowledgements=true: reserves and acknowledgements"
              + " commit durably, like adds.")
  private boolean durableAcknowledgements;

  @Option(
      names = "--sqlite-url",
      description =
          "SQLite URL (default: a new file in a temporary directory," + " removed afterwards).")
  private String sqliteUrl;

  @Mixin private DatabaseUrls databaseUrls = new DatabaseUrls();

  @Option(
      names = "--beanstalk-url",
      defaultValue = "beanstalk://127.0.0.1:11300",
      description = "An in-memory beanstalkd (default: ${DEFAULT-VALUE}).")
  private String beanstalkUrl;

  @Option(
      names = "--beanstalk-binlog-url",
      description =
          "A second beanstalkd started with -b (a binlog"
              + " directory); measured as backend beanstalkd-binlog.")
  private String beanstalkBinlogUrl;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Draw a progress bar on stderr (default: only" + " when stderr is a terminal).")
  private Boolean progress;

  @Spec private CommandSpec spec;

  private final PrintStream out;

  BenchmarkCommand(PrintStream out) {
    this.out = out;
  }

  /** Runs the benchmark with these arguments; see {@code --help}. */
  public static void main(String[] args) {
    System.exit(execute(System.out, args));
  }

  /** Runs the command and returns its exit code, printing results to {@code out}. */
  static int execute(PrintStream out, String... args) {
    return new CommandLine(new BenchmarkCommand(out))
        .addSubcommand(new GrowthCommand(out))
        .setExecutionExceptionHandler((e, commandLine, parsed) -> {
          // on stdout too, so a log of the results shows why they stop here
          out.println("ERROR: " + e.getMessage());
          System.err.println("bench: " + e.getMessage());
          return UNAVAILABLE;
        })
        .execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Path temp = Files.createTempDirectory("jobqueue-bench-");
    try {
      Settings settings = settings(temp);
      out.println("# jobqueue benchmark: " + describe(settings));
      out.println("# machine: " + Machine.describe());
      out.flush();
      try (Progress bar = new Progress(System.err, settings.progress())) {
        Report report = new Report(new Benchmark(settings, out, bar).run());
        out.println();
        report.print(out);
        return report.allVerified() ? 0 : CHECK_FAILED;
      }
    } finally {
      deleteRecursively(temp);
    }
  }

  private Settings settings(Path temp) {
    int n = jobs();
    positive("--workers", workers);
    positive("--peer-jobs", peerJobs);
    positive("--runs", runs);
    positive("--batch-size", batchSize);
    positive("--rate", rate);
    positive("--latency-seconds", latencySeconds);
    positive("--processes", processes);
    positive("--idle-seconds", idleSeconds);
    positive("--stall-seconds", stallSeconds);
    List<Scenario> selected =
        scenarios == null
            ? Scenario.all()
            : scenarios.stream()
                .map(key -> {
                  try {
                    return Scenario.byKey(key.trim());
                  } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(
                        spec.commandLine(), "--scenarios: " + e.getMessage());
                  }
                })
                .distinct()
                .sorted(Comparator.naturalOrder())
                .toList();
    return new Settings(
        backends(temp),
        selected,
        n,
        Math.min(n, peerJobs),
        workers,
        runs,
        batchSize,
        rate,
        latencySeconds,
        processes,
        idleSeconds,
        stallSeconds * 1000L,
        progress != null ? progress : Machine.stderrIsTerminal());
  }

  private int jobs() {
    if (preset != null && jobs != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give either --jobs or --preset, not both");
    }
    if (preset == null) {
      int n = jobs == null ? 20_000 : jobs;
      positive("--jobs", n);
      return n;
    }
    return switch (preset.toLowerCase(Locale.ROOT)) {
      case "1k" -> 1_000;
      case "10k" -> 10_000;
      case "100k" -> 100_000;
      default ->
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--preset must be 1k, 10k or 100k, was '" + preset + "'");
    };
  }

  /** The backends --backends names, also for the subcommands. */
  List<Backend> backends(Path temp) {
    List<String> names = new ArrayList<>(backends.stream().map(String::trim).distinct().toList());
    if (beanstalkBinlogUrl != null
        && names.contains("beanstalkd")
        && !names.contains("beanstalkd-binlog")) {
      names.add(names.indexOf("beanstalkd") + 1, "beanstalkd-binlog");
    }
    List<Backend> list = new ArrayList<>();
    for (String name : names) {
      list.add(
          switch (name) {
            case "sqlite" ->
                new Backend(
                    name,
                    Kind.SQLITE,
                    sqliteUrl != null ? sqliteUrl : "jdbc:sqlite:" + temp.resolve("bench.db"));
            case "sqlite-normal" ->
                new Backend(
                    name,
                    Kind.SQLITE,
                    sqliteUrl != null
                        ? sqliteUrl
                        : "jdbc:sqlite:" + temp.resolve("bench-normal.db"),
                    Map.of("synchronous", "NORMAL"));
            case "postgres" ->
                new Backend(
                    name,
                    Kind.POSTGRES,
                    databaseUrls.postgres,
                    Map.of("tablePrefix", Backend.TABLE_PREFIX));
            case "mariadb" ->
                new Backend(
                    name,
                    Kind.MARIADB,
                    databaseUrls.mariaDb,
                    Map.of("tablePrefix", Backend.TABLE_PREFIX));
            case "beanstalkd" -> new Backend(name, Kind.BEANSTALKD, beanstalkUrl);
            case "beanstalkd-binlog" -> {
              if (beanstalkBinlogUrl == null) {
                throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "backend beanstalkd-binlog needs --beanstalk-binlog-url (a beanstalkd started with -b DIR)");
              }
              yield new Backend(name, Kind.BEANSTALKD, beanstalkBinlogUrl);
            }
            default ->
                throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "unknown backend '"
                        + name
                        + "'; known: sqlite, sqlite-normal, postgres, mariadb, beanstalkd, beanstalkd-binlog");
          });
    }
    return durableAcknowledgements
        ? list.stream().map(Backend::withDurableAcknowledgements).toList()
        : list;
  }

  private void positive(String option, int value) {
    if (value < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be at least 1, was " + value);
    }
  }

  private static String describe(Settings s) {
    return "N="
        + s.jobs()
        + " N_peers="
        + s.peerJobs()
        + " W="
        + s.workers()
        + " runs="
        + s.runs()
        + " batch="
        + s.batchSize()
        + " latency="
        + s.rate()
        + "/s for "
        + s.latencySeconds()
        + "s processes="
        + s.processes()
        + " backends="
        + String.join(",", s.backends().stream().map(Backend::name).toList())
        + " scenarios="
        + String.join(",", s.scenarios().stream().map(Scenario::key).toList());
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary directory " + dir, e);
    }
  }
}
