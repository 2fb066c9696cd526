package io.jobqueue.benchmark;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.benchmark.Backend.Kind;
import io.jobqueue.benchmark.DrainProcess.Placement;
import io.jobqueue.testkit.Forwarder;
import io.jobqueue.testkit.SimulatedHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The hosts curve: worker processes on 1, 2, 4 {@link SimulatedHost simulated hosts} (Linux network
 * namespaces, each reaching the servers on 127.0.0.1 through a {@link Forwarder}, optionally with a
 * delay each way), 2 processes per host, drain one pipeline of N jobs on PostgreSQL and MariaDB.
 * Prints jobs/s per host count and the same self-check as the other drain scenarios (every job
 * delivered once, none lost, none left). Needs root and {@code ip netns}.
 */
@Command(
    name = "bench-hosts",
    mixinStandardHelpOptions = true,
    description =
        "Drain throughput with worker processes on 1, 2, 4 simulated hosts (network namespaces).")
public final class HostsBenchmark implements Callable<Integer> {

  private static final int BATCH = 1_000;

  /**
   * A process stops once the pipeline is empty, or when it deleted nothing for this long while jobs
   * remain; the rate counts from the first job to the last, not this wait.
   */
  private static final long IDLE_MILLIS = 10_000;

  @Option(
      names = "--backends",
      split = ",",
      defaultValue = "postgres,mariadb",
      description = "Backends to measure: postgres, mariadb (default: ${DEFAULT-VALUE}).")
  List<String> backends;

  @Option(
      names = "--hosts",
      split = ",",
      defaultValue = "1,2,4",
      description = "Host counts of the curve (default: ${DEFAULT-VALUE}).")
  List<Integer> hosts;

  @Option(
      names = "--processes",
      defaultValue = "2",
      description = "Worker processes per host (default: ${DEFAULT-VALUE}).")
  int processes;

  @Option(
      names = "--workers",
      defaultValue = "4",
      description = "Worker concurrency in each process (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--jobs",
      defaultValue = "20000",
      description = "Jobs per run (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--delay-ms",
      defaultValue = "0",
      description =
          "Delay the forwarder adds each way, in milliseconds, e.g. 0.5 (default: ${DEFAULT-VALUE};"
              + " the kernel has no tc netem).")
  double delayMs;

  @Mixin DatabaseUrls databaseUrls = new DatabaseUrls();

  public static void main(String[] args) {
    System.exit(new CommandLine(new HostsBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (processes < 1
        || workers < 1
        || jobs < 1
        || delayMs < 0
        || hosts.stream().anyMatch(h -> h < 1)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--hosts, --processes, --workers and --jobs must be at least 1, --delay-ms at least 0");
    }
    Optional<String> unavailable = SimulatedHost.unavailableReason();
    if (unavailable.isPresent()) {
      System.err.println("bench-hosts: " + unavailable.get());
      return 2;
    }
    System.out.println("machine: " + Machine.describe());
    System.out.printf(
        Locale.ROOT,
        "hosts curve: %d jobs, %d processes per host, %d workers each, forwarder delay %.2f ms"
            + " each way%n",
        jobs,
        processes,
        workers,
        delayMs);
    boolean passed = true;
    for (String name : backends) {
      Backend backend =
          switch (name.trim()) {
            case "postgres" ->
                new Backend(
                    "postgres",
                    Kind.POSTGRES,
                    databaseUrls.postgres,
                    Map.of("tablePrefix", Backend.TABLE_PREFIX));
            case "mariadb" ->
                new Backend(
                    "mariadb",
                    Kind.MARIADB,
                    databaseUrls.mariaDb,
                    Map.of("tablePrefix", Backend.TABLE_PREFIX));
            default ->
                throw new CommandLine.ParameterException(
                    new CommandLine(this), "unknown backend '" + name + "': postgres or mariadb");
          };
      for (int count : hosts) {
        passed &= run(backend, count);
      }
    }
    System.out.println(
        passed ? "VERIFIED: every check passed" : "FAILED: a check failed (see CHECK lines)");
    return passed ? 0 : 1;
  }

  private boolean run(Backend backend, int hostCount) throws Exception {
    String pipelineName =
        "bench-hosts-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    ServerUrl server = ServerUrl.parse(backend.url());
    backend.settle();
    List<SimulatedHost> made = new ArrayList<>();
    List<Forwarder> forwarders = new ArrayList<>();
    try (JobQueue queue = JobQueues.open(backend.config(backend.url()))) {
      Pipeline pipeline = queue.selectPipeline(pipelineName);
      for (int from = 0; from < jobs; from += BATCH) {
        List<NewJob> batch = new ArrayList<>();
        for (int i = from; i < Math.min(jobs, from + BATCH); i++) {
          batch.add(NewJob.of(Payload.of(i)));
        }
        pipeline.addJobs(batch);
      }
      Duration delay = Duration.ofNanos(Math.round(delayMs * 1_000_000));
      List<Placement> placements = new ArrayList<>();
      for (int h = 0; h < hostCount; h++) {
        SimulatedHost host = SimulatedHost.create();
        made.add(host);
        Forwarder forwarder = Forwarder.start(host.rootAddress(), server.port(), delay);
        forwarders.add(forwarder);
        String url = server.at(forwarder.host(), forwarder.port());
        for (int p = 0; p < processes; p++) {
          placements.add(new Placement(host.command(List.of()), url));
        }
      }
      String load = loadAverage();
      Ledger ledger = new Ledger(jobs);
      double seconds =
          DrainProcess.run(
              backend,
              pipelineName,
              placements.size(),
              workers,
              IDLE_MILLIS,
              ledger,
              new AtomicLong(),
              placements::get);
      Verification check = ledger.verify(pipeline.stats().total());
      System.out.printf(
          Locale.ROOT,
          "%-8s hosts=%d processes=%d  %,10.0f jobs/s  (%.2f s; load average before: %s)%n",
          backend.name(),
          hostCount,
          placements.size(),
          jobs / seconds,
          seconds,
          load);
      System.out.println(
          "CHECK "
              + backend.name()
              + " hosts="
              + hostCount
              + " "
              + check.fields()
              + " "
              + (check.ok() ? "OK" : "FAILED")
              + ": "
              + check.summary());
      return check.ok();
    } finally {
      forwarders.forEach(Forwarder::close);
      made.forEach(SimulatedHost::close);
    }
  }

  private static String loadAverage() throws IOException {
    Path file = Path.of("/proc/loadavg");
    if (!Files.exists(file)) {
      return "unknown";
    }
    String[] fields = Files.readString(file).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }
}
