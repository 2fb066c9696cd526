package io.jobqueue.benchmark;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineStats;
import io.jobqueue.benchmark.GrowthSettings.Dimension;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the growth dimensions on each backend and returns one {@link GrowthPoint} per measured
 * point, printing a CHECK line for each as it goes. Every point fills its own pipeline, drains it
 * completely and checks with a {@link Ledger} that every job was delivered once and none was lost.
 */
final class GrowthBenchmark {

  /** Threads that fill a pipeline with batched addJobs. */
  private static final int FILLERS = 4;

  /** The payload of the backlog, workers and network points: about 100 bytes. */
  private static final int SMALL = 100;

  /**
   * Payload sizes; the last only on the SQL backends. beanstalkd refuses bodies over its max job
   * size (65,535 bytes by default), so its "64 KB" point is 64,000 bytes, as on the others.
   */
  private static final int[] PAYLOADS = {100, 10_000, 64_000, 1_000_000};

  /** Bytes per addJobs call at most, so that a batch of big payloads fits a MariaDB packet. */
  private static final long BATCH_BYTES = 8_000_000;

  private static final int WARM_UP_JOBS = 2_000;

  private static final Duration RESERVE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Connections in each worker process's pool on the database servers: a one-thread Worker's
   * reserves and its grouped deletes run at once, one connection each. Bounded so that the
   * processes series knows how many processes the server's max_connections admits.
   */
  private static final int PROCESS_POOL_SIZE = 2;

  /** Connections left free beside the processes: this JVM's pool may still grow. */
  private static final int SPARE_CONNECTIONS = 8;

  private final GrowthSettings settings;
  private final PrintStream out;
  private final String prefix;
  private final List<GrowthPoint> points = new ArrayList<>();

  GrowthBenchmark(GrowthSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.prefix = "growth-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
  }

  List<GrowthPoint> run() {
    for (Backend backend : settings.backends()) {
      try (JobQueue queue = open(backend, backend.url())) {
        warmUp(queue);
        for (Dimension dimension : settings.dimensions()) {
          switch (dimension) {
            case BACKLOG -> backlog(backend, queue);
            case WORKERS -> workers(backend, queue);
            case PAYLOAD -> payload(backend);
            case NETWORK -> network(backend);
          }
        }
      }
    }
    return List.copyOf(points);
  }

  /**
   * Fills and drains one pipeline untimed, so that the first point measured (the smallest backlog,
   * which the others are compared with) does not pay for class loading and the JIT.
   */
  private void warmUp(JobQueue queue) {
    String p = pipeline("warm-up");
    int jobs = Math.min(settings.drainJobs(), WARM_UP_JOBS);
    fill(queue, p, jobs, SMALL, JobOptions.DEFAULT, FILLERS);
    Verification v = workerDrain(queue, p, jobs, settings.workers()).verification();
    if (!v.ok()) {
      throw new IllegalStateException("the warm-up drain failed its check: " + v.summary());
    }
  }

  // --- backlog

  private void backlog(Backend backend, JobQueue queue) {
    double first = Double.NaN;
    for (int size : settings.backlogs()) {
      backend.settle();
      GrowthPoint p = measure(Dimension.BACKLOG, backend, "ready only", size, first, queue);
      first = Double.isNaN(first) ? p.metric("drain_jobs_per_s") : first;
    }
    if (settings.otherDelayed() + settings.otherBuried() == 0) {
      return;
    }
    String delayed = pipeline("other-delayed");
    String buried = pipeline("other-buried");
    try {
      fillOthers(queue, delayed, buried);
      int smallest = settings.backlogs().getFirst();
      backend.settle();
      measure(
          Dimension.BACKLOG,
          backend,
          "+"
              + count(settings.otherDelayed())
              + " delayed +"
              + count(settings.otherBuried())
              + " buried elsewhere",
          smallest,
          first,
          queue);
    } finally {
      queue.selectPipeline(delayed).purge(JobState.DELAYED);
      queue.selectPipeline(buried).purge(JobState.BURIED);
    }
  }

  private GrowthPoint measure(
      Dimension dimension, Backend backend, String series, int size, double first, JobQueue queue) {
    return point(
        dimension,
        backend,
        series,
        size,
        () -> {
          String p = pipeline("backlog-" + size);
          double fillSeconds = fill(queue, p, size, SMALL, JobOptions.DEFAULT, FILLERS);
          Ledger ledger = new Ledger(size);
          int timed = settings.drainJobs();
          AtomicLong reached = new AtomicLong();
          long start = System.nanoTime();
          try (WorkerRun worker =
              WorkerRun.start(
                  queue,
                  p,
                  settings.workers(),
                  job -> {
                    if (ledger.deliver(Payload.index(job.payload())) == timed) {
                      reached.set(System.nanoTime());
                    }
                  })) {
            worker.awaitDeleted(timed, settings.stallMillis());
          }
          double drainSeconds = reached.get() == 0 ? Double.NaN : (reached.get() - start) / 1e9;
          Latencies.Summary reserves = sampleReserves(queue, p, ledger);
          drainRest(queue, p, ledger);
          Map<String, Double> metrics = new LinkedHashMap<>();
          double rate = timed / drainSeconds;
          metrics.put("drain_jobs_per_s", rate);
          metrics.put("vs_first", Double.isNaN(first) ? 1.0 : rate / first);
          metrics.put("reserve_p50_ms", reserves.p50Ms());
          metrics.put("reserve_p99_ms", reserves.p99Ms());
          metrics.put("fill_jobs_per_s", size / fillSeconds);
          return new Outcome(metrics, ledger.verify(queue.selectPipeline(p).stats().total()));
        });
  }

  /** Times single reserve calls (one thread, the pipeline otherwise idle), deleting each job. */
  private Latencies.Summary sampleReserves(JobQueue queue, String pipeline, Ledger ledger) {
    Latencies latencies = new Latencies(settings.reserveSamples());
    for (int n = 0; n < settings.reserveSamples(); n++) {
      long start = System.nanoTime();
      Optional<Job> job = queue.reserve(pipeline, RESERVE_TIMEOUT);
      long took = System.nanoTime() - start;
      if (job.isEmpty()) {
        break; // the backlog ran out: fewer samples, and the ledger tells whether jobs were lost
      }
      latencies.record(n, took);
      queue.delete(job.get());
      ledger.deliver(Payload.index(job.get().payload()));
    }
    return latencies.summary();
  }

  /** Drains what the timed part left, untimed, in batches, recording every job in the ledger. */
  private void drainRest(JobQueue queue, String pipeline, Ledger ledger) {
    long lastJob = System.nanoTime();
    while (!ledger.complete()
        && (System.nanoTime() - lastJob) / 1_000_000 < settings.stallMillis()) {
      List<Job> jobs = queue.reserveBatch(List.of(pipeline), settings.batchSize(), POLL);
      if (!jobs.isEmpty()) {
        queue.delete(jobs);
        jobs.forEach(job -> ledger.deliver(Payload.index(job.payload())));
        lastJob = System.nanoTime();
      }
    }
  }

  /**
   * Fills one pipeline with delayed jobs and another with buried ones, and checks they are there.
   */
  private void fillOthers(JobQueue queue, String delayed, String buried) {
    fill(
        queue,
        delayed,
        settings.otherDelayed(),
        SMALL,
        JobOptions.DEFAULT.withDelay(Duration.ofDays(1)),
        FILLERS);
    fill(queue, buried, settings.otherBuried(), SMALL, JobOptions.DEFAULT, FILLERS);
    Parallel.run(
        "growth-bury",
        FILLERS,
        thread -> {
          for (List<Job> jobs = queue.reserveBatch(List.of(buried), settings.batchSize(), POLL);
              !jobs.isEmpty();
              jobs = queue.reserveBatch(List.of(buried), settings.batchSize(), POLL)) {
            jobs.forEach(job -> queue.bury(job, "growth: a buried job in another pipeline"));
          }
        });
    PipelineStats d = queue.selectPipeline(delayed).stats();
    PipelineStats b = queue.selectPipeline(buried).stats();
    if (d.delayed() != settings.otherDelayed() || b.buried() != settings.otherBuried()) {
      throw new IllegalStateException(
          "the other pipelines hold "
              + d.delayed()
              + " delayed and "
              + b.buried()
              + " buried jobs, expected "
              + settings.otherDelayed()
              + " and "
              + settings.otherBuried());
    }
  }

  // --- workers

  private void workers(Backend backend, JobQueue queue) {
    int jobs = settings.growthJobs();
    doubling(
        backend,
        queue,
        "threads",
        settings.maxThreads(),
        (p, threads) -> workerDrain(queue, p, jobs, threads));
    Backend child = backend.withPoolSize(PROCESS_POOL_SIZE);
    int fit = backend.processesThatFit(PROCESS_POOL_SIZE, SPARE_CONNECTIONS);
    int processes = settings.maxProcesses();
    if (fit < processes) {
      processes = Integer.highestOneBit(Math.max(1, fit));
      out.println(
          "# "
              + backend.name()
              + ": processes up to "
              + processes
              + ", not "
              + settings.maxProcesses()
              + ": the server's max_connections leaves room for "
              + fit
              + " more processes of "
              + PROCESS_POOL_SIZE
              + " pooled connections each (PostgreSQL: one more for LISTEN)");
      out.flush();
    }
    doubling(
        backend,
        queue,
        "processes",
        processes,
        (p, n) -> {
          Ledger ledger = new Ledger(jobs);
          double seconds =
              DrainProcess.run(
                  child,
                  p,
                  n,
                  1,
                  settings.processIdle().toMillis(),
                  ledger,
                  new AtomicLong(),
                  DrainProcess.Placement.local(child));
          return new Outcome(
              Map.of("drain_jobs_per_s", jobs / seconds),
              ledger.verify(queue.selectPipeline(p).stats().total()));
        });
  }

  /** One point per reserver count 1, 2, 4 … up to {@code max}: fill a pipeline, then drain it. */
  private void doubling(
      Backend backend, JobQueue queue, String series, int max, ReserverDrain drain) {
    for (int n = 1; n <= max; n *= 2) {
      int reservers = n;
      backend.settle();
      point(
          Dimension.WORKERS,
          backend,
          series,
          n,
          () -> {
            String p = pipeline(series + "-" + reservers);
            fill(queue, p, settings.growthJobs(), SMALL, JobOptions.DEFAULT, FILLERS);
            return drain.run(p, reservers);
          });
    }
  }

  /** Drains a filled pipeline with a Worker of {@code concurrency}, timed to its last job. */
  private Outcome workerDrain(JobQueue queue, String pipeline, int jobs, int concurrency) {
    Ledger ledger = new Ledger(jobs);
    long start = System.nanoTime();
    try (WorkerRun worker =
        WorkerRun.start(
            queue, pipeline, concurrency, job -> ledger.deliver(Payload.index(job.payload())))) {
      worker.awaitDeleted(jobs, settings.stallMillis());
    }
    double seconds = (ledger.completedNanos(System.nanoTime()) - start) / 1e9;
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("drain_jobs_per_s", jobs / seconds);
    return new Outcome(metrics, ledger.verify(queue.selectPipeline(pipeline).stats().total()));
  }

  // --- payload

  private void payload(Backend backend) {
    int[] sizes =
        Arrays.stream(PAYLOADS).filter(size -> size <= 64_000 || backend.kind().isSql()).toArray();
    // the library refuses payloads over 64 KB unless told otherwise; this queue is told
    JobQueueConfig defaults = backend.config(backend.url());
    JobQueueConfig config =
        new JobQueueConfig(
            defaults.url(),
            Math.max(defaults.maxPayloadBytes(), Arrays.stream(sizes).max().orElseThrow()),
            defaults.properties());
    try (JobQueue queue = Benchmark.open(backend.name(), config)) {
      payload(backend, queue, sizes);
    }
  }

  private void payload(Backend backend, JobQueue queue, int[] sizes) {
    for (int size : sizes) {
      int jobs =
          (int) Math.max(1, Math.min(settings.growthJobs(), settings.payloadBytesCap() / size));
      backend.settle();
      point(
          Dimension.PAYLOAD,
          backend,
          "Worker",
          size,
          () -> {
            String p = pipeline("payload-" + size);
            double fillSeconds = fill(queue, p, jobs, size, JobOptions.DEFAULT, FILLERS);
            Outcome drained = workerDrain(queue, p, jobs, settings.workers());
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("jobs", (double) jobs);
            metrics.put("enqueue_jobs_per_s", jobs / fillSeconds);
            double rate = drained.metrics().get("drain_jobs_per_s");
            metrics.put("drain_jobs_per_s", rate);
            metrics.put("drain_mb_per_s", rate * size / 1e6);
            return new Outcome(metrics, drained.verification());
          });
    }
  }

  // --- network

  private void network(Backend backend) {
    if (backend.kind() == Backend.Kind.SQLITE) {
      return; // an embedded database has no network to cross
    }
    int jobs = settings.networkJobs();
    int workers = settings.workers();
    for (double ms : settings.delaysMs()) {
      Duration delay = Duration.ofNanos(Math.round(ms * 1e6));
      point(
          Dimension.NETWORK,
          backend,
          "library",
          ms,
          () -> {
            try (RoundTripProxy proxy = RoundTripProxy.inFrontOf(backend.url(), delay);
                JobQueue queue = open(backend, proxy.url())) {
              String p = pipeline("network-" + ms);
              double fillSeconds = fill(queue, p, jobs, SMALL, JobOptions.DEFAULT, workers);
              Outcome drained = workerDrain(queue, p, jobs, workers);
              Map<String, Double> metrics = new LinkedHashMap<>();
              metrics.put("enqueue_jobs_per_s", jobs / fillSeconds);
              metrics.putAll(drained.metrics());
              return new Outcome(metrics, drained.verification());
            }
          });
      point(
          Dimension.NETWORK,
          backend,
          "naive",
          ms,
          () -> {
            try (RoundTripProxy proxy = RoundTripProxy.inFrontOf(backend.url(), delay)) {
              Backend through =
                  new Backend(backend.name(), backend.kind(), proxy.url(), backend.properties());
              try (Baseline baseline =
                  through.newBaseline(prefix.replace('-', '_') + "net_" + Math.round(ms * 1000))) {
                long start = System.nanoTime();
                Set<Long> ids = baseline.enqueue(jobs, workers, new AtomicLong());
                double enqueueSeconds = (System.nanoTime() - start) / 1e9;
                Ledger ledger = new Ledger(jobs);
                start = System.nanoTime();
                baseline.drain(ledger, workers, settings.stallMillis(), new AtomicLong());
                double drainSeconds = (ledger.completedNanos(System.nanoTime()) - start) / 1e9;
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("enqueue_jobs_per_s", jobs / enqueueSeconds);
                metrics.put("drain_jobs_per_s", jobs / drainSeconds);
                Verification delivered = ledger.verify(baseline.waiting());
                boolean stored = ids.size() == jobs;
                return new Outcome(
                    metrics,
                    stored
                        ? delivered
                        : new Verification(
                            false,
                            delivered.fields() + " distinct_ids=" + ids.size(),
                            "FAILED: " + ids.size() + " distinct ids for " + jobs + " jobs added"));
              }
            }
          });
    }
  }

  // --- shared

  /**
   * Adds {@code jobs} jobs with {@code size}-byte payloads in batched addJobs calls on {@code
   * threads} threads, checks they are all in the pipeline, and returns the seconds it took.
   */
  private double fill(
      JobQueue queue, String pipeline, int jobs, int size, JobOptions options, int threads) {
    Pipeline target = queue.selectPipeline(pipeline);
    int batch = (int) Math.max(1, Math.min(settings.batchSize(), BATCH_BYTES / size));
    int fillers = Math.min(threads, jobs);
    long start = System.nanoTime();
    Parallel.run(
        "growth-fill",
        fillers,
        thread -> {
          int end = Parallel.sliceStart(jobs, fillers, thread + 1);
          for (int from = Parallel.sliceStart(jobs, fillers, thread); from < end; from += batch) {
            List<NewJob> list = new ArrayList<>(batch);
            for (int i = from; i < Math.min(end, from + batch); i++) {
              list.add(new NewJob(padded(i, size), options));
            }
            target.addJobs(list);
          }
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    long stored = target.stats().total();
    if (stored != jobs) {
      throw new IllegalStateException(
          "filled pipeline " + pipeline + " with " + jobs + " jobs, it holds " + stored);
    }
    return seconds;
  }

  /** A payload of {@code size} bytes that {@link Payload#index} reads as {@code index}. */
  static byte[] padded(int index, int size) {
    byte[] head = (index + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] payload = new byte[Math.max(size, head.length)];
    Arrays.fill(payload, (byte) 'x');
    System.arraycopy(head, 0, payload, 0, head.length);
    return payload;
  }

  /**
   * Runs one point, records it and prints its CHECK line; a point that throws is a failed check.
   */
  private GrowthPoint point(
      Dimension dimension, Backend backend, String series, double x, Step step) {
    Outcome outcome;
    try {
      outcome = step.run();
    } catch (Exception e) {
      outcome = Outcome.failed(e);
    }
    GrowthPoint p =
        new GrowthPoint(
            dimension, backend.name(), series, x, outcome.metrics(), outcome.verification());
    points.add(p);
    Verification v = p.verification();
    out.println(
        "CHECK growth="
            + dimension.key()
            + " backend="
            + backend.name()
            + " series=\""
            + series
            + "\" x="
            + GrowthReport.plain(x)
            + " status="
            + (v.ok() ? "OK" : "FAILED")
            + " "
            + v.fields()
            + " # "
            + v.summary()
            + GrowthReport.figures(p));
    out.flush();
    return p;
  }

  private String pipeline(String what) {
    return prefix + what;
  }

  private static String count(int n) {
    return n >= 1_000_000 && n % 1_000_000 == 0
        ? n / 1_000_000 + "M"
        : n >= 1_000 && n % 1_000 == 0 ? n / 1_000 + "k" : Integer.toString(n);
  }

  private static JobQueue open(Backend backend, String url) {
    return Benchmark.open(backend.name(), backend.config(url));
  }

  @FunctionalInterface
  private interface ReserverDrain {
    Outcome run(String pipeline, int reservers) throws Exception;
  }

  @FunctionalInterface
  private interface Step {
    Outcome run() throws Exception;
  }
}
