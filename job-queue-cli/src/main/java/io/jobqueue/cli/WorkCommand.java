package io.jobqueue.cli;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A worker in any language: runs a command once per job ({@link CommandHandler} says how the
 * payload, the job and the exit status are passed), with the Java worker's reservation, automatic
 * touch, retry policy and graceful stop. Runs until SIGTERM or SIGINT, then stops as {@link
 * Worker#stop()} does and exits 0, as supervisord expects.
 */
@Command(
    name = "work",
    sortOptions = false,
    description = {
      "Runs COMMAND once per job of the pipelines until SIGTERM: the payload on its standard input,",
      "JOBQUEUE_JOB_ID, JOBQUEUE_PIPELINE, JOBQUEUE_ATTEMPT, JOBQUEUE_RESERVES, JOBQUEUE_PRIORITY and JOBQUEUE_TTR",
      "(seconds) in its environment. Exit 0: the job is deleted; 75: released to be tried later; 65: buried now;",
      "anything else, or running past --timeout: a failed attempt (retried, then buried with the last lines of",
      "standard error as the reason)."
    })
final class WorkCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkCommand.class);

  @ParentCommand JobQueueCli cli;

  @Option(
      names = "--pipeline",
      split = ",",
      required = true,
      defaultValue = "${env:JOBQUEUE_PIPELINE}",
      description = "Pipelines to work on, comma-separated (env JOBQUEUE_PIPELINE).")
  List<String> pipelines;

  @Option(
      names = "--concurrency",
      defaultValue = "${env:JOBQUEUE_CONCURRENCY:-1}",
      description = "Commands run at once (env JOBQUEUE_CONCURRENCY, default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      defaultValue = "${env:JOBQUEUE_TIMEOUT}",
      description =
          "The longest one run may take before it is killed, e.g. 5m; the job is touched meanwhile"
              + " (env JOBQUEUE_TIMEOUT, default: the job's TTR).")
  Duration timeout;

  @Option(
      names = "--max-attempts",
      defaultValue = "${env:JOBQUEUE_MAX_ATTEMPTS:-5}",
      description =
          "Attempts before a failing job is buried, counted since its last kick"
              + " (env JOBQUEUE_MAX_ATTEMPTS, default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--retry-delay",
      converter = DurationConverter.class,
      defaultValue = "${env:JOBQUEUE_RETRY_DELAY:-1s}",
      description =
          "Delay after the first failure, doubled after each further one (env JOBQUEUE_RETRY_DELAY,"
              + " default ${DEFAULT-VALUE}).")
  Duration retryDelay;

  @Option(
      names = "--soft-stop",
      converter = DurationConverter.class,
      defaultValue = "${env:JOBQUEUE_SOFT_STOP:-10s}",
      description =
          "On SIGTERM, how long running commands may finish before they get SIGTERM themselves"
              + " (env JOBQUEUE_SOFT_STOP, default ${DEFAULT-VALUE}).")
  Duration softStop;

  @Option(
      names = "--hard-stop",
      converter = DurationConverter.class,
      defaultValue = "${env:JOBQUEUE_HARD_STOP:-10s}",
      description =
          "After that, how long before unfinished jobs are released; commands get SIGKILL "
              + "5 s after SIGTERM (env JOBQUEUE_HARD_STOP, default ${DEFAULT-VALUE}).")
  Duration hardStop;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:JOBQUEUE_METRICS_PORT}",
      description =
          "Serve /metrics (Prometheus), /health/live and /health/ready on this port"
              + " (env JOBQUEUE_METRICS_PORT; default: none).")
  Integer metricsPort;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "1..*",
      description = "The command and its arguments, after --, e.g. -- python3 worker.py")
  List<String> command;

  private volatile JobQueue queue;
  private volatile Worker worker;
  private volatile OpsServer opsServer;

  /**
   * Counted down when a signal's graceful stop has closed everything, so main returns only then.
   */
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() {
    JobQueueCli.logLifecycle();
    RetryPolicy retryPolicy =
        RetryPolicy.builder().maxAttempts(maxAttempts).initialDelay(retryDelay).build();
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("--timeout must be positive, was " + timeout);
    }
    // Installed before anything starts, so that a SIGTERM during start-up also ends with status 0.
    StopSignals.exitAfter(this::stopGracefully);
    try {
      queue = cli.open();
      Worker.Builder builder =
          Worker.builder(queue)
              .name(String.join(",", pipelines) + "@" + ProcessHandle.current().pid())
              .concurrency(concurrency)
              .retryPolicy(retryPolicy)
              .softStopTimeout(softStop)
              .hardStopTimeout(hardStop.plus(CommandHandler.TERM_GRACE));
      CommandHandler handler = new CommandHandler(command, timeout, retryPolicy, System.err);
      pipelines.forEach(pipeline -> builder.handler(pipeline, handler));
      if (metricsPort != null) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JobQueueMetrics(queue, pipelines).bindTo(registry);
        WorkerMetrics metrics = new WorkerMetrics();
        metrics.bindTo(registry);
        builder.listener(metrics);
        opsServer = OpsServer.start(metricsPort, registry::scrape, () -> worker, queue);
        log.info("serving /metrics, /health/live and /health/ready on port {}", opsServer.port());
      }
      worker = builder.build().start();
    } catch (RuntimeException e) {
      closeQueue();
      throw e;
    }
    log.info(
        "worker {}: backend {}, command {}, timeout {}",
        worker.name(),
        Checks.redact(cli.config().url()),
        command,
        timeout == null ? "the job's TTR" : timeout.toSeconds() + " s");
    try {
      // returning earlier would let main's System.exit cut the stop short, before the queue is
      // closed
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return JobQueueCli.EXIT_OK;
  }

  /** On SIGTERM (supervisord's stop) or SIGINT; {@link StopSignals} then exits with status 0. */
  private void stopGracefully() {
    Worker started = worker;
    if (started != null) {
      started.stop();
    }
    closeQueue();
    stopped.countDown();
  }

  private void closeQueue() {
    OpsServer server = opsServer;
    if (server != null) {
      server.close();
    }
    JobQueue opened = queue;
    if (opened != null) {
      opened.close();
    }
  }
}
