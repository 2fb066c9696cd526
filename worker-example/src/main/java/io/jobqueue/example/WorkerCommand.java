package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.micrometer.JobQueueMetrics;
import io.jobqueue.micrometer.OpsServer;
import io.jobqueue.micrometer.WorkerMetrics;
import io.jobqueue.spi.Checks;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.StopSignals;
import io.jobqueue.worker.Worker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the example worker of one or more pipelines until SIGTERM or SIGINT, then stops it
 * gracefully and exits 0 (what supervisord expects from {@code stopsignal=TERM}). A stop that has
 * not ended by the worker's {@link Worker#stopDeadline() stop deadline} ends the process anyway,
 * with status 1, so that supervisord's {@code stopwaitsecs} (above the deadline) never has to kill
 * it.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = ExampleApp.Version.class,
    description =
        "Runs example handlers for pipelines until SIGTERM; every option can come from the environment.")
final class WorkerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Option(
      names = "--url",
      defaultValue = "${env:JOBQUEUE_URL}",
      description =
          "Backend URL, e.g. jdbc:sqlite:jobs.db or jdbc:postgresql://127.0.0.1:5432/test?user=root"
              + " (env JOBQUEUE_URL).")
  String url;

  @Option(
      names = "--pipeline",
      split = ",",
      defaultValue = "${env:JOBQUEUE_PIPELINE}",
      description = "Pipelines to work on, comma-separated (env JOBQUEUE_PIPELINE).")
  List<String> pipelines;

  @Option(
      names = "--handler",
      defaultValue = "${env:JOBQUEUE_HANDLER}",
      description =
          "Example handler for every pipeline given, one of send_important_emails, generate_report;"
              + " default: the handler named like each pipeline (env JOBQUEUE_HANDLER).")
  String handler;

  @Option(
      names = "--concurrency",
      defaultValue = "${env:JOBQUEUE_CONCURRENCY:-4}",
      description = "Jobs run at once (env JOBQUEUE_CONCURRENCY, default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:JOBQUEUE_METRICS_PORT}",
      description =
          "Serve /metrics (Prometheus), /health/live and /health/ready on this port"
              + " (env JOBQUEUE_METRICS_PORT; default: none).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "${env:JOBQUEUE_METRICS_HOST:-" + OpsServer.DEFAULT_HOST + "}",
      description =
          "The interface --metrics-port listens on: 0.0.0.0 for every one, e.g. for a Prometheus"
              + " server on another host (env JOBQUEUE_METRICS_HOST, default ${DEFAULT-VALUE}:"
              + " this host only; the endpoints have no authentication).")
  String metricsHost;

  @Option(
      names = "--prefetch",
      defaultValue = "${env:JOBQUEUE_PREFETCH:-" + Worker.DEFAULT_PREFETCH + "}",
      description =
          "Most jobs reserved ahead of free handlers; the worker reserves ahead twice what its"
              + " handlers finish during one reserve round trip, up to this, 0 turns it off (env JOBQUEUE_PREFETCH,"
              + " default ${DEFAULT-VALUE}).")
  int prefetch;

  @Option(
      names = "--max-pending-deletes",
      defaultValue =
          "${env:JOBQUEUE_MAX_PENDING_DELETES:-" + Worker.DEFAULT_MAX_PENDING_DELETES + "}",
      description =
          "Most finished jobs waiting for their grouped delete; a kill -9 runs at most --concurrency plus"
              + " this many of the process's jobs again (env JOBQUEUE_MAX_PENDING_DELETES, default ${DEFAULT-VALUE}).")
  int maxPendingDeletes;

  @Option(
      names = "--job-duration",
      defaultValue = "${env:JOBQUEUE_JOB_DURATION:-200ms}",
      description =
          "Typical duration of one job, ±50%% (env JOBQUEUE_JOB_DURATION, default ${DEFAULT-VALUE}).")
  Duration jobDuration;

  @Option(
      names = "--failure-rate",
      defaultValue = "${env:JOBQUEUE_FAILURE_RATE:-0.05}",
      description =
          "Probability that an attempt fails, 0..1 (env JOBQUEUE_FAILURE_RATE, default ${DEFAULT-VALUE}).")
  double failureRate;

  @Option(
      names = "--max-attempts",
      defaultValue = "${env:JOBQUEUE_MAX_ATTEMPTS:-5}",
      description =
          "Attempts before a failing job is buried (env JOBQUEUE_MAX_ATTEMPTS, default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--retry-delay",
      defaultValue = "${env:JOBQUEUE_RETRY_DELAY:-1s}",
      description =
          "Delay after the first failure, doubled after each further one"
              + " (env JOBQUEUE_RETRY_DELAY, default ${DEFAULT-VALUE}).")
  Duration retryDelay;

  @Option(
      names = "--soft-stop",
      defaultValue = "${env:JOBQUEUE_SOFT_STOP:-10s}",
      description =
          "On SIGTERM, how long running jobs may finish before they are interrupted"
              + " (env JOBQUEUE_SOFT_STOP, default ${DEFAULT-VALUE}).")
  Duration softStop;

  @Option(
      names = "--hard-stop",
      defaultValue = "${env:JOBQUEUE_HARD_STOP:-5s}",
      description =
          "After the interrupt, how long before unfinished jobs are released"
              + " (env JOBQUEUE_HARD_STOP, default ${DEFAULT-VALUE}).")
  Duration hardStop;

  @Option(
      names = "--record-dir",
      defaultValue = "${env:JOBQUEUE_RECORD_DIR}",
      description =
          "If set, each process appends the ids of the jobs it processed to <dir>/<pipeline>-<pid>.ids"
              + " (env JOBQUEUE_RECORD_DIR).")
  Path recordDir;

  private final List<ProcessedLog> records = new CopyOnWriteArrayList<>();

  /**
   * Guards {@code stopping}, {@code queue} and {@code worker}: a stop either finds the worker or
   * prevents its start.
   */
  private final Object lifecycle = new Object();

  private boolean stopping;
  private JobQueue queue;
  private Worker worker;
  private volatile OpsServer opsServer;

  /** Counted down once a stop has closed everything; the main thread returns only then. */
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    checkArguments();
    Workload workload = new Workload(jobDuration, failureRate);
    RetryPolicy retryPolicy =
        RetryPolicy.builder().maxAttempts(maxAttempts).initialDelay(retryDelay).build();
    ExampleApp.onStopSignal(this::stopGracefully);
    JobQueue opened = Backend.openWhenAvailable(url);
    Worker started = null;
    synchronized (lifecycle) {
      queue = opened;
      if (stopping) {
        opened.close(); // the stop may have looked for it before it was there
      } else {
        try {
          worker = started = start(opened, workload, retryPolicy);
        } catch (RuntimeException e) {
          closeResources();
          throw e;
        }
      }
    }
    if (started != null) {
      log.info(
          "worker {}: backend {}, job duration {} ms, failure rate {}, concurrency {}, max pending deletes {}"
              + " (a kill -9 runs at most {} of its jobs again), soft/hard stop {}/{} ms, stop deadline {} ms",
          started.name(),
          Checks.redact(url),
          jobDuration.toMillis(),
          failureRate,
          concurrency,
          maxPendingDeletes,
          started.maxJobsRunAgainAfterCrash(),
          softStop.toMillis(),
          hardStop.toMillis(),
          started.stopDeadline().toMillis());
    }
    closed.await();
    return 0;
  }

  private Worker start(JobQueue opened, Workload workload, RetryPolicy retryPolicy) {
    Worker.Builder builder =
        Worker.builder(opened)
            .name(String.join(",", pipelines) + "@" + ProcessHandle.current().pid())
            .concurrency(concurrency)
            .prefetch(prefetch)
            .maxPendingDeletes(maxPendingDeletes)
            .retryPolicy(retryPolicy)
            .softStopTimeout(softStop)
            .hardStopTimeout(hardStop);
    for (String pipeline : pipelines) {
      ProcessedLog record = recordDir == null ? null : ProcessedLog.open(recordDir, pipeline);
      if (record != null) {
        records.add(record);
      }
      builder.handler(
          pipeline, Examples.named(handler == null ? pipeline : handler).handler(workload, record));
    }
    if (metricsPort != null) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JobQueueMetrics(opened, pipelines).bindTo(registry);
      WorkerMetrics metrics = new WorkerMetrics();
      metrics.bindTo(registry);
      builder.listener(metrics);
      opsServer =
          OpsServer.start(
              OpsServer.address(metricsHost, metricsPort), registry::scrape, this::worker, opened);
      log.info("serving /metrics, /health/live and /health/ready on {}", opsServer.describe());
    }
    return builder.build().start();
  }

  /**
   * Rejects what the worker would reject, before connecting: a bad argument is not worth a wait.
   */
  private void checkArguments() {
    if (pipelines == null || pipelines.isEmpty()) {
      throw new IllegalArgumentException(
          "no pipeline: give --pipeline or set JOBQUEUE_PIPELINE, e.g. "
              + Examples.names().getFirst());
    }
    for (String pipeline : pipelines) {
      Checks.pipelineName(pipeline);
      Examples.named(handler == null ? pipeline : handler);
    }
    atLeast("--concurrency", concurrency, 1);
    atLeast("--prefetch", prefetch, 0);
    atLeast("--max-pending-deletes", maxPendingDeletes, 1);
    for (Duration timeout : List.of(softStop, hardStop)) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException(
            "--soft-stop and --hard-stop must be zero or positive, was " + timeout);
      }
    }
    Backend.checkUrl(url);
  }

  private static void atLeast(String option, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(option + " must be at least " + least + ", was " + value);
    }
  }

  /**
   * SIGTERM (supervisord's stop) or SIGINT, on the signal's thread; {@link StopSignals} exits 0
   * afterwards. A watchdog ends the process at the stop deadline should the backend keep the stop
   * or the close from returning.
   */
  private void stopGracefully() {
    Worker started;
    synchronized (lifecycle) {
      stopping = true;
      started = worker;
    }
    String name = started == null ? String.join(",", pipelines) : started.name();
    // Nothing started: only closing is left, which the margin of a started worker's stop covers
    // too.
    exitAtDeadline(name, started == null ? Worker.STOP_MARGIN : started.stopDeadline());
    if (started != null) {
      started.stop();
    } else {
      log.info("worker {}: stop requested while starting; nothing to stop", name);
    }
    closeResources();
    log.info("worker {}: exiting with status 0", name);
    closed.countDown();
  }

  private static void exitAtDeadline(String name, Duration deadline) {
    Thread.ofPlatform()
        .daemon()
        .name("stop-deadline")
        .start(() -> {
          try {
            Thread.sleep(deadline);
          } catch (InterruptedException e) {
            return;
          }
          log.error(
              "worker {}: still stopping at its stop deadline of {} ms (soft + hard stop + margin); exiting now"
                  + " with status 1, the jobs it still holds come back when their TTR ends",
              name,
              deadline.toMillis());
          Runtime.getRuntime().halt(1);
        });
  }

  private Worker worker() {
    synchronized (lifecycle) {
      return worker;
    }
  }

  private void closeResources() {
    OpsServer server = opsServer;
    if (server != null) {
      server.close();
    }
    JobQueue opened;
    synchronized (lifecycle) {
      opened = queue;
    }
    if (opened != null) { // closing twice does nothing
      opened.close();
    }
    for (ProcessedLog record : records) {
      try {
        record.close();
      } catch (IOException e) {
        log.warn("could not close the processed-jobs record: {}", e.toString());
      }
    }
  }
}
