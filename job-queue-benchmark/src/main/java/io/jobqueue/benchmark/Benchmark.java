package io.jobqueue.benchmark;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.PipelineLimits;
import io.jobqueue.benchmark.Backend.Kind;
import io.jobqueue.spi.Checks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the selected scenarios on each backend, {@code runs} times, printing a CHECK line per
 * scenario and run as it goes; {@link Report} turns the measurements into the table and RESULT
 * lines.
 */
final class Benchmark {

  private static final long DRAIN_PROCESS_IDLE_MILLIS = 2_000;
  private static final Duration IDLE_WARM_UP = Duration.ofSeconds(2);
  private static final int LIMITED_MAX_RESERVED = 5;
  private static final int LIMITED_RATE_PER_S = 1_000;

  /** The number of the untimed run before the measured ones. */
  private static final int WARM_UP = 0;

  private final Settings settings;
  private final PrintStream out;
  private final Progress progress;
  private final List<Measurement> measurements = new ArrayList<>();

  Benchmark(Settings settings, PrintStream out, Progress progress) {
    this.settings = settings;
    this.out = out;
    this.progress = progress;
  }

  /** Runs everything and returns the measurements, failed ones included. */
  List<Measurement> run() {
    boolean libraryNeeded =
        settings.scenarios().stream()
            .anyMatch(s ->
                s != Scenario.BASELINE_ENQUEUE && s != Scenario.BASELINE_DRAIN && s.peer() == null);
    for (Backend backend : settings.backends()) {
      if (!libraryNeeded) {
        try (Peers peers = Peers.open(backend, settings, randomSuffix())) {
          for (int run = peers.none() ? 1 : WARM_UP; run <= settings.runs(); run++) {
            runBaseline(backend, run);
            runPeers(backend, peers, run);
          }
        }
        continue;
      }
      try (JobQueue queue = open(backend.name(), backend.config(backend.url()));
          Peers peers = Peers.open(backend, settings, randomSuffix())) {
        LibraryScenarios library = new LibraryScenarios(queue);
        // run 0 warms up: the same work untimed, so that run 1 does not pay for class loading and
        // the JIT (it drained PostgreSQL at a third of the later runs' rate)
        for (int run = WARM_UP; run <= settings.runs(); run++) {
          runBaseline(backend, run);
          runLibrary(backend, library, run);
          runPeers(backend, peers, run);
        }
      }
    }
    return List.copyOf(measurements);
  }

  private void runBaseline(Backend backend, int run) {
    if (!settings.runs(Scenario.BASELINE_ENQUEUE) && !settings.runs(Scenario.BASELINE_DRAIN)) {
      return;
    }
    int jobs = settings.jobs();
    int workers = settings.workers();
    try (Baseline baseline = backend.newBaseline(randomSuffix())) {
      boolean filled =
          settings.runs(Scenario.BASELINE_ENQUEUE)
              && measure(
                  backend,
                  Scenario.BASELINE_ENQUEUE,
                  run,
                  jobs,
                  counter ->
                      timedEnqueue(
                          jobs, () -> baseline.enqueue(jobs, workers, counter), baseline::waiting));
      if (settings.runs(Scenario.BASELINE_DRAIN)) {
        if (!filled) {
          baseline.enqueue(jobs, workers, new AtomicLong());
        }
        measure(
            backend,
            Scenario.BASELINE_DRAIN,
            run,
            jobs,
            counter ->
                timedDrain(
                    jobs,
                    ledger -> baseline.drain(ledger, workers, settings.stallMillis(), counter),
                    baseline::waiting));
      }
    } catch (Exception e) {
      throw new IllegalStateException("the baseline on " + backend.name() + " failed: " + e, e);
    }
  }

  private void runLibrary(Backend backend, LibraryScenarios library, int run) {
    int jobs = settings.jobs();
    int workers = settings.workers();
    String prefix = "bench-" + randomSuffix() + "-";
    List<String> pipelines = new ArrayList<>();
    try {
      String one = prefix + "one";
      pipelines.add(one);
      boolean oneFilled =
          settings.runs(Scenario.ENQUEUE_ONE)
              && measure(
                  backend,
                  Scenario.ENQUEUE_ONE,
                  run,
                  jobs,
                  counter ->
                      timedEnqueue(
                          jobs,
                          () -> library.enqueueOne(one, jobs, workers, counter),
                          () -> library.ready(one)));
      if (settings.runs(Scenario.DRAIN_API)) {
        String pipeline = filledPipeline(library, oneFilled, one, prefix + "api", pipelines);
        measure(
            backend,
            Scenario.DRAIN_API,
            run,
            jobs,
            counter ->
                timedDrain(
                    jobs,
                    ledger ->
                        library.drainApi(
                            pipeline, ledger, workers, settings.stallMillis(), counter),
                    () -> library.left(pipeline)));
      }

      String batch = prefix + "batch";
      pipelines.add(batch);
      boolean batchFilled =
          settings.runs(Scenario.ENQUEUE_BATCH)
              && measure(
                  backend,
                  Scenario.ENQUEUE_BATCH,
                  run,
                  jobs,
                  counter ->
                      timedEnqueue(
                          jobs,
                          () ->
                              library.enqueueBatch(
                                  batch, jobs, workers, settings.batchSize(), counter),
                          () -> library.ready(batch)));
      if (settings.runs(Scenario.DRAIN_WORKER)) {
        String pipeline = filledPipeline(library, batchFilled, batch, prefix + "worker", pipelines);
        measure(
            backend,
            Scenario.DRAIN_WORKER,
            run,
            jobs,
            counter ->
                timedDrain(
                    jobs,
                    ledger ->
                        library.drainWorker(
                            pipeline, ledger, workers, settings.stallMillis(), counter),
                    () -> library.left(pipeline)));
      }

      if (settings.runs(Scenario.DRAIN_BESIDE_LIMITED)) {
        String pipeline = filledPipeline(library, false, null, prefix + "beside", pipelines);
        String limited = filledPipeline(library, false, null, prefix + "limited", pipelines);
        measure(
            backend,
            Scenario.DRAIN_BESIDE_LIMITED,
            run,
            "jobs="
                + jobs
                + " workers="
                + workers
                + " limited_max_reserved="
                + LIMITED_MAX_RESERVED
                + " limited_rate_per_s="
                + LIMITED_RATE_PER_S,
            jobs,
            counter -> drainBesideLimited(library, pipeline, limited, counter));
      }

      // the rest runs in fresh JVMs or at a fixed rate: nothing to warm up
      if (run == WARM_UP) {
        return;
      }

      if (settings.runs(Scenario.DRAIN_PROCESSES)) {
        String pipeline = filledPipeline(library, false, null, prefix + "processes", pipelines);
        int each = Math.max(1, workers / settings.processes());
        measure(
            backend,
            Scenario.DRAIN_PROCESSES,
            run,
            "jobs=" + jobs + " processes=" + settings.processes() + " workers_per_process=" + each,
            jobs,
            counter -> {
              Ledger ledger = new Ledger(jobs);
              double seconds =
                  DrainProcess.run(
                      backend,
                      pipeline,
                      settings.processes(),
                      each,
                      DRAIN_PROCESS_IDLE_MILLIS,
                      ledger,
                      counter,
                      DrainProcess.Placement.local(backend));
              return throughput(jobs, seconds, ledger.verify(library.left(pipeline)));
            });
      }

      if (settings.runs(Scenario.LATENCY)) {
        String pipeline = prefix + "latency";
        pipelines.add(pipeline);
        measureLatency(
            backend,
            Scenario.LATENCY,
            run,
            (ledger, counter) ->
                library.latency(
                    pipeline,
                    settings.rate(),
                    settings.latencySeconds(),
                    workers,
                    ledger,
                    settings.stallMillis(),
                    counter),
            () -> library.left(pipeline));
      }

      if (settings.runs(Scenario.IDLE_QUERIES)
          && (backend.kind() == Kind.POSTGRES || backend.kind() == Kind.MARIADB)) {
        String pipeline = prefix + "idle";
        measure(
            backend,
            Scenario.IDLE_QUERIES,
            run,
            "seconds=" + settings.idleSeconds() + " workers=" + workers,
            1,
            counter -> idleQueries(backend, pipeline, counter));
      }
    } finally {
      for (String pipeline : pipelines) {
        try {
          library.purge(pipeline);
        } catch (RuntimeException e) {
          // a backend that failed a scenario may fail the clean-up too; the CHECK line already says
          // so
          out.println(
              "# could not empty pipeline "
                  + pipeline
                  + " on "
                  + backend.name()
                  + ": "
                  + e.getMessage());
        }
      }
    }
  }

  /**
   * The peers' enqueue, drain and latency scenarios on this backend, each from an empty table: the
   * same steps as the library's enqueue-one, drain-worker and latency.
   */
  private void runPeers(Backend backend, Peers peers, int run) {
    for (Map.Entry<Scenario.Peer, PeerScenarios> entry : peers.opened().entrySet()) {
      Scenario.Peer peer = entry.getKey();
      PeerScenarios scenarios = entry.getValue();
      Scenario enqueue = Scenario.ENQUEUE_ONE.asRunBy(peer);
      Scenario drain = Scenario.DRAIN_WORKER.asRunBy(peer);
      Scenario latency = Scenario.LATENCY.asRunBy(peer);
      int jobs = settings.peerJobs();
      int workers = settings.workers();
      scenarios.clear();
      boolean filled =
          settings.runs(enqueue)
              && measure(
                  backend,
                  enqueue,
                  run,
                  jobs,
                  counter ->
                      timedEnqueue(
                          jobs, () -> scenarios.enqueue(jobs, workers, counter), scenarios::ready));
      if (settings.runs(drain)) {
        if (!filled) {
          scenarios.clear();
          scenarios.enqueue(jobs, workers, new AtomicLong());
        }
        measure(
            backend,
            drain,
            run,
            jobs,
            counter ->
                timedDrain(
                    jobs,
                    ledger -> scenarios.drain(ledger, settings.stallMillis(), counter),
                    scenarios::left));
      }
      if (run != WARM_UP && settings.runs(latency)) {
        scenarios.clear();
        measureLatency(
            backend,
            latency,
            run,
            (ledger, counter) ->
                scenarios.latency(settings.rate(), ledger, settings.stallMillis(), counter),
            scenarios::left);
      }
      scenarios.clear();
    }
  }

  /**
   * Measures one latency scenario: {@code --rate} jobs per second for {@code --latency-seconds},
   * percentiles of enqueue to handler start, and the delivery check.
   */
  private void measureLatency(
      Backend backend, Scenario scenario, int run, LatencyRun latencies, Count left) {
    int offered = settings.rate() * settings.latencySeconds();
    measure(
        backend,
        scenario,
        run,
        "rate="
            + settings.rate()
            + " seconds="
            + settings.latencySeconds()
            + " jobs="
            + offered
            + " workers="
            + settings.workers(),
        offered,
        counter -> {
          Ledger ledger = new Ledger(offered);
          Latencies.Summary latency = latencies.run(ledger, counter).summary();
          Map<String, Double> metrics = new LinkedHashMap<>();
          metrics.put("p50_ms", latency.p50Ms());
          metrics.put("p90_ms", latency.p90Ms());
          metrics.put("p99_ms", latency.p99Ms());
          metrics.put("max_ms", latency.maxMs());
          return new Outcome(metrics, ledger.verify(left.get()));
        });
  }

  /** The pipeline that its enqueue scenario filled, or a new one filled now, untimed. */
  private String filledPipeline(
      LibraryScenarios library,
      boolean filled,
      String enqueued,
      String fresh,
      List<String> pipelines) {
    if (filled) {
      return enqueued;
    }
    pipelines.add(fresh);
    library.enqueueBatch(
        fresh, settings.jobs(), settings.workers(), settings.batchSize(), new AtomicLong());
    return fresh;
  }

  /**
   * Times the drain of {@code pipeline} while {@code limited}, under {@link #LIMITED_MAX_RESERVED}
   * and {@link #LIMITED_RATE_PER_S}, is drained beside it; then clears the limits, drains the rest
   * of {@code limited} untimed and checks both pipelines job by job, and that the limited one
   * started no more than its rate allows over the timed drain (one extra window of slack).
   */
  private Outcome drainBesideLimited(
      LibraryScenarios library, String pipeline, String limited, AtomicLong counter)
      throws Exception {
    int jobs = settings.jobs();
    library.limit(
        limited,
        PipelineLimits.builder()
            .maxReserved(LIMITED_MAX_RESERVED)
            .rate(LIMITED_RATE_PER_S, Duration.ofSeconds(1))
            .build());
    Ledger ledger = new Ledger(jobs);
    Ledger limitedLedger = new Ledger(jobs);
    long start = System.nanoTime();
    int started =
        library.drainBesideLimited(
            pipeline,
            ledger,
            limited,
            limitedLedger,
            // more room than the limit: the Worker's own concurrency must not be what holds it
            2 * LIMITED_MAX_RESERVED,
            settings.workers(),
            settings.stallMillis(),
            counter);
    double seconds = (ledger.completedNanos(System.nanoTime()) - start) / 1e9;
    library.limit(limited, null);
    library.drainRest(limited, limitedLedger);
    Outcome outcome = throughput(jobs, seconds, ledger.verify(library.left(pipeline)));
    outcome.metrics().put("limited_jobs_per_s", started / seconds);
    long allowed = (long) Math.ceil(seconds + 1) * LIMITED_RATE_PER_S;
    return new Outcome(
        outcome.metrics(),
        Verification.beside(
            outcome.verification(), limitedLedger.verify(library.left(limited)), started, allowed));
  }

  /**
   * Points an idle Worker at a counting proxy in front of the database and counts what it sends per
   * second, after a warm-up. Only this Worker's connections pass the proxy, so other clients of the
   * same database do not disturb the count.
   */
  private Outcome idleQueries(Backend backend, String pipeline, AtomicLong counter)
      throws Exception {
    try (RoundTripProxy proxy = RoundTripProxy.inFrontOf(backend.url())) {
      String proxied = proxy.url();
      try (JobQueue queue =
              open(backend.name() + " through the counting proxy", backend.config(proxied));
          WorkerRun worker = WorkerRun.start(queue, pipeline, settings.workers(), job -> {})) {
        Thread.sleep(IDLE_WARM_UP.toMillis());
        long statements = proxy.statements();
        long roundTrips = proxy.roundTrips();
        long start = System.nanoTime();
        for (int s = 0; s < settings.idleSeconds(); s++) {
          Thread.sleep(1_000);
          counter.incrementAndGet();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("queries_per_s", (proxy.statements() - statements) / seconds);
        metrics.put("round_trips_per_s", (proxy.roundTrips() - roundTrips) / seconds);
        long handled = worker.deleted();
        return new Outcome(
            metrics,
            new Verification(
                handled == 0,
                "expected=0 handled=" + handled,
                handled == 0
                    ? "the worker stayed idle; only its own connections were counted"
                    : "FAILED: the idle worker handled "
                        + handled
                        + " jobs from its new pipeline"));
      }
    }
  }

  private boolean measure(Backend backend, Scenario scenario, int run, int jobs, Step step) {
    return measure(
        backend,
        scenario,
        run,
        "jobs="
            + jobs
            + " workers="
            + settings.workers()
            + (scenario == Scenario.ENQUEUE_BATCH ? " batch=" + settings.batchSize() : ""),
        jobs,
        step);
  }

  /**
   * Runs one step with a progress bar, records and prints its outcome; returns whether it passed
   * its checks.
   */
  private boolean measure(
      Backend backend, Scenario scenario, int run, String params, int total, Step step) {
    AtomicLong counter = new AtomicLong();
    String label =
        "["
            + backend.name()
            + " "
            + (run == WARM_UP ? "warm-up" : run + "/" + settings.runs())
            + "] "
            + scenario.key();
    progress.show(
        label, scenario == Scenario.IDLE_QUERIES ? settings.idleSeconds() : total, counter::get);
    Outcome outcome;
    try {
      backend.settle();
      outcome = step.run(counter);
    } catch (Exception e) {
      outcome = Outcome.failed(e);
    } finally {
      progress.clear();
    }
    Measurement m =
        new Measurement(
            backend.name(), scenario, run, params, outcome.metrics(), outcome.verification());
    Verification v = m.verification();
    if (run == WARM_UP && v.ok()) {
      return true;
    }
    measurements.add(m); // a warm-up that failed its checks is reported like any failure
    out.println(
        "CHECK backend="
            + backend.name()
            + " scenario="
            + scenario.key()
            + " run="
            + run
            + " status="
            + (v.ok() ? "OK" : "FAILED")
            + " "
            + v.fields()
            + " # "
            + v.summary()
            + Report.inline(m));
    out.flush();
    return v.ok();
  }

  /**
   * Times an enqueue of {@code jobs} and checks each got its own id and is waiting in the backend.
   */
  private static Outcome timedEnqueue(int jobs, Enqueue enqueue, Count waiting) throws Exception {
    long start = System.nanoTime();
    Set<?> ids = enqueue.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    return throughput(jobs, seconds, Verification.enqueue(jobs, ids.size(), waiting.get()));
  }

  /**
   * Times a drain of {@code jobs} up to its last delivery and checks each was delivered once, none
   * left.
   */
  private static Outcome timedDrain(int jobs, Drain drain, Count left) throws Exception {
    Ledger ledger = new Ledger(jobs);
    long start = System.nanoTime();
    drain.run(ledger);
    double seconds = (ledger.completedNanos(System.nanoTime()) - start) / 1e9;
    return throughput(jobs, seconds, ledger.verify(left.get()));
  }

  private static Outcome throughput(int jobs, double seconds, Verification verification) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("jobs_per_s", jobs / seconds);
    metrics.put("seconds", seconds);
    return new Outcome(metrics, verification);
  }

  static JobQueue open(String name, JobQueueConfig config) {
    try {
      return JobQueues.open(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot open "
              + name
              + " at "
              + Checks.redact(config.url())
              + ": "
              + e.getMessage()
              + " (start it, pass its URL, or leave it out with --backends)",
          e);
    }
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[5];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** One measured step: it advances {@code counter} for the progress bar. */
  @FunctionalInterface
  private interface Step {
    Outcome run(AtomicLong counter) throws Exception;
  }

  @FunctionalInterface
  private interface Enqueue {
    Set<?> run() throws Exception;
  }

  @FunctionalInterface
  private interface Drain {
    void run(Ledger ledger) throws Exception;
  }

  @FunctionalInterface
  private interface LatencyRun {
    Latencies run(Ledger ledger, AtomicLong counter) throws Exception;
  }

  @FunctionalInterface
  private interface Count {
    long get() throws Exception;
  }
}
