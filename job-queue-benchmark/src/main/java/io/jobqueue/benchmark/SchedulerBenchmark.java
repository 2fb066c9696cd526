package io.jobqueue.benchmark;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.schedule.Tick;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.schedule.spi.StoredSchedule;
import io.jobqueue.schedule.spi.TickWork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures the scheduler (issue 11): tick latency — from a tick's instant to its job being ready
 * (the claim's commit) — with several schedulers and many schedules due in the same second, and the
 * queries an idle scheduler sends per second. The schedulers run in this JVM, each with its own
 * queue, connection pool and store, as separate processes would have; they share nothing but the
 * database.
 *
 * <pre>
 * scripts/bench-scheduler                      # every backend, 1,000 schedules, 3 schedulers
 * scripts/bench-scheduler --backends postgres --schedules 5000
 * </pre>
 *
 * <p>Each backend prints a {@code CHECK} line (every schedule ticked once, one job each, nothing
 * else in the pipeline) and a {@code SCHEDULER} line with the figures; the exit code is 1 when a
 * check failed.
 */
@Command(
    name = "bench-scheduler",
    mixinStandardHelpOptions = true,
    description = "Scheduler tick latency (p50/p99) and idle queries per second, per backend.")
public final class SchedulerBenchmark implements Callable<Integer> {

  /** The scheduler's tables on the servers: apart from the tests' and the other scenarios'. */
  static final String TABLE_PREFIX = "bench_sched_";

  private static final Duration IDLE_WARM_UP = Duration.ofSeconds(2);

  @Option(
      names = "--backends",
      split = ",",
      defaultValue = "sqlite,postgres,mariadb,beanstalkd",
      description = "Backends to measure (default: ${DEFAULT-VALUE}).")
  List<String> backends;

  @Option(
      names = "--schedules",
      defaultValue = "1000",
      description = "Schedules due in the same second (default: ${DEFAULT-VALUE}).")
  int schedules;

  @Option(
      names = "--schedulers",
      defaultValue = "3",
      description = "Schedulers at once (default: ${DEFAULT-VALUE}).")
  int schedulers;

  @Option(
      names = "--idle-seconds",
      defaultValue = "10",
      description = "How long the idle count runs (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(
      names = "--lead-seconds",
      defaultValue = "30",
      description =
          "How long before their common tick the"
              + " schedules are declared and the schedulers started (default: ${DEFAULT-VALUE}).")
  int leadSeconds;

  @Mixin DatabaseUrls databaseUrls = new DatabaseUrls();

  @Option(names = "--beanstalk-url", defaultValue = "beanstalk://127.0.0.1:11300")
  String beanstalkUrl;

  private Path dir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SchedulerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (schedules < 1 || schedulers < 1 || idleSeconds < 1 || leadSeconds < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--schedules, --schedulers, --idle-seconds and --lead-seconds must be at least 1");
    }
    dir = Files.createTempDirectory("jobqueue-bench-scheduler");
    boolean passed = true;
    for (String backend : backends) {
      passed &= latency(backend);
      idle(backend);
    }
    System.out.println(
        passed ? "VERIFIED: every check passed" : "FAILED: a check failed (see CHECK lines)");
    return passed ? 0 : 1;
  }

  /**
   * Many one-off schedules at the same whole second, several schedulers; latency of each claim's
   * commit.
   */
  private boolean latency(String backend) throws Exception {
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String pipeline = "bench-sched-" + run;
    Duration lead = Duration.ofSeconds(leadSeconds);
    Instant tick = Instant.now().plus(lead).truncatedTo(ChronoUnit.SECONDS);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<AutoCloseable> open = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      List<Scheduler> running = new ArrayList<>();
      for (int i = 0; i < schedulers; i++) {
        JobQueue queue = JobQueues.open(queueConfig(backend));
        open.add(queue);
        ScheduleStore store = new Timed(store(backend, queue), latencies, new AtomicLong());
        open.add(store);
        Scheduler.Builder builder =
            Scheduler.builder().queue(queue).store(store).name(backend + "-" + i);
        if (i == 0) {
          for (int s = 0; s < schedules; s++) {
            String name = "bench-" + run + "-" + s;
            names.add(name);
            builder.schedule(Schedule.builder(name).at(tick).pipeline(pipeline).build());
          }
        }
        Scheduler scheduler = builder.build();
        open.add(scheduler);
        running.add(scheduler);
      }
      running.get(0).declare();
      if (Instant.now().isAfter(tick)) {
        throw new IllegalStateException(
            "declaring "
                + schedules
                + " schedules took longer than --lead-seconds "
                + leadSeconds
                + "; give more");
      }
      running.forEach(Scheduler::start);
      long deadline = System.nanoTime() + lead.plus(Duration.ofMinutes(2)).toNanos();
      while (latencies.size() < schedules && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Scheduler any = running.get(0);
      long ticked = names.stream().filter(n -> any.history(n, 10).size() == 1).count();
      long jobs;
      try (JobQueue queue = JobQueues.open(queueConfig(backend))) {
        jobs = queue.selectPipeline(pipeline).stats().ready();
      }
      boolean ok = ticked == schedules && jobs == schedules && latencies.size() == schedules;
      System.out.printf(
          Locale.ROOT,
          "CHECK backend=%s scenario=tick-latency status=%s expected=%d ticked_once=%d"
              + " jobs=%d claims=%d%n",
          backend,
          ok ? "OK" : "FAILED",
          schedules,
          ticked,
          jobs,
          latencies.size());
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "SCHEDULER backend=%s scenario=tick-latency schedulers=%d schedules=%d"
              + " p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
          backend,
          schedulers,
          schedules,
          percentile(sorted, 50),
          percentile(sorted, 99),
          sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1e3);
      names.forEach(any::delete);
      return ok;
    } finally {
      closeAll(open);
    }
  }

  /**
   * One scheduler process's share: a queue and one scheduler with schedules none of which is due.
   * Counts the calls it makes to its store per second and, on PostgreSQL and MariaDB, the
   * statements and round trips that reach the server through a counting proxy (the queue's own
   * connections included).
   */
  private void idle(String backend) throws Exception {
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    AtomicLong calls = new AtomicLong();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      JobQueueConfig config = queueConfig(backend);
      RoundTripProxy proxy = null;
      if (backend.equals("postgres") || backend.equals("mariadb")) {
        proxy = RoundTripProxy.inFrontOf(config.url());
        open.add(proxy);
        JobQueueConfig.Builder proxied = JobQueueConfig.builder(proxy.url());
        config.properties().forEach(proxied::property);
        config = proxied.build();
      }
      JobQueue queue = JobQueues.open(config);
      open.add(queue);
      ScheduleStore store = new Timed(store(backend, queue), new ConcurrentLinkedQueue<>(), calls);
      open.add(store);
      Scheduler.Builder builder =
          Scheduler.builder().queue(queue).store(store).name(backend + "-idle");
      List<String> names = new ArrayList<>();
      for (int s = 0; s < schedules; s++) {
        names.add("bench-idle-" + run + "-" + s);
        builder.schedule(
            Schedule.builder(names.getLast())
                .cron("@yearly")
                .pipeline("bench-idle-" + run)
                .build());
      }
      Scheduler scheduler = builder.build();
      open.add(scheduler);
      scheduler.start();
      Thread.sleep(IDLE_WARM_UP.toMillis());
      long before = calls.get();
      long statements = proxy == null ? 0 : proxy.statements();
      long roundTrips = proxy == null ? 0 : proxy.roundTrips();
      long start = System.nanoTime();
      Thread.sleep(Duration.ofSeconds(idleSeconds).toMillis());
      double seconds = (System.nanoTime() - start) / 1e9;
      String wire =
          proxy == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  " wire_statements_per_s=%.2f round_trips_per_s=%.2f",
                  (proxy.statements() - statements) / seconds,
                  (proxy.roundTrips() - roundTrips) / seconds);
      System.out.printf(
          Locale.ROOT,
          "SCHEDULER backend=%s scenario=idle schedules=%d queries_per_s=%.2f%s%n",
          backend,
          schedules,
          (calls.get() - before) / seconds,
          wire);
      scheduler.close();
      names.forEach(scheduler::delete);
    } finally {
      closeAll(open);
    }
  }

  private JobQueueConfig queueConfig(String backend) {
    String url =
        switch (backend) {
          case "sqlite" -> "jdbc:sqlite:" + dir.resolve("jobs.db");
          case "postgres" -> databaseUrls.postgres;
          case "mariadb" -> databaseUrls.mariaDb;
          case "beanstalkd" -> beanstalkUrl;
          default ->
              throw new IllegalArgumentException(
                  "unknown backend '" + backend + "': use sqlite, postgres, mariadb, beanstalkd");
        };
    return backend.equals("beanstalkd")
        ? JobQueueConfig.of(url)
        : JobQueueConfig.builder(url)
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, TABLE_PREFIX)
            .build();
  }

  /** SQL backends keep schedules in their own database; beanstalkd in an SQLite file. */
  private ScheduleStore store(String backend, JobQueue queue) {
    return queue instanceof JdbcJobQueue jdbc
        ? JdbcScheduleStore.of(jdbc)
        : JdbcScheduleStore.open(JobQueueConfig.of("jdbc:sqlite:" + dir.resolve("schedules.db")));
  }

  private static double percentile(List<Long> sortedMicros, int percent) {
    if (sortedMicros.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percent / 100.0 * sortedMicros.size()) - 1;
    return sortedMicros.get(Math.max(0, index)) / 1e3;
  }

  private static void closeAll(List<AutoCloseable> open) throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /**
   * A store that counts the calls made to it and times each claim: when {@code claim} or {@code
   * claimAll} returns, the claims have committed and the ticks' jobs are ready; latency is that
   * moment minus the tick.
   */
  private record Timed(ScheduleStore store, ConcurrentLinkedQueue<Long> latencies, AtomicLong calls)
      implements ScheduleStore {

    @Override
    public boolean upsert(String name, String definition, Instant nextTick) {
      calls.incrementAndGet();
      return store.upsert(name, definition, nextTick);
    }

    @Override
    public List<StoredSchedule> due(Instant until, int limit) {
      calls.incrementAndGet();
      return store.due(until, limit);
    }

    @Override
    public List<StoredSchedule> list() {
      calls.incrementAndGet();
      return store.list();
    }

    @Override
    public Optional<StoredSchedule> find(String name) {
      calls.incrementAndGet();
      return store.find(name);
    }

    @Override
    public boolean setPaused(String name, boolean paused) {
      calls.incrementAndGet();
      return store.setPaused(name, paused);
    }

    @Override
    public boolean delete(String name) {
      calls.incrementAndGet();
      return store.delete(name);
    }

    @Override
    public Optional<List<Tick>> claim(
        String name, Instant expectedNext, Instant newNext, JobQueue queue, TickWork work) {
      calls.incrementAndGet();
      Optional<List<Tick>> claimed = store.claim(name, expectedNext, newNext, queue, work);
      record(claimed, Instant.now());
      return claimed;
    }

    @Override
    public List<Optional<List<Tick>>> claimAll(List<Claim> claims, JobQueue queue) {
      calls.incrementAndGet();
      List<Optional<List<Tick>>> claimed = store.claimAll(claims, queue);
      Instant ready = Instant.now();
      claimed.forEach(ticks -> record(ticks, ready));
      return claimed;
    }

    private void record(Optional<List<Tick>> claimed, Instant ready) {
      claimed.ifPresent(ticks ->
          ticks.forEach(
              t -> latencies.add(Duration.between(t.instant(), ready).toNanos() / 1_000)));
    }

    @Override
    public List<Tick> history(String name, int limit) {
      calls.incrementAndGet();
      return store.history(name, limit);
    }

    @Override
    public int prune(String name, int keep, Instant olderThan) {
      calls.incrementAndGet();
      return store.prune(name, keep, olderThan);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
