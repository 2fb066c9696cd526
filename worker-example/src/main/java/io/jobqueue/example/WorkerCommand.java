package io.jobqueue.example;

import io.jobqueue.spi.Checks;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the example worker of one or more pipelines until SIGTERM or SIGINT, then stops it
 * gracefully and exits 0 (what supervisord expects from {@code stopsignal=TERM}).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Runs example handlers for pipelines until SIGTERM; every option can come from the environment.")
final class WorkerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Option(names = "--url", defaultValue = "${env:JOBQUEUE_URL}",
      description = "Backend URL, e.g. jdbc:sqlite:jobs.db or jdbc:postgresql://127.0.0.1:5432/test?user=root"
          + " (env JOBQUEUE_URL).")
  String url;

  @Option(names = "--pipeline", split = ",", defaultValue = "${env:JOBQUEUE_PIPELINE}",
      description = "Pipelines to work on, comma-separated (env JOBQUEUE_PIPELINE).")
  List<String> pipelines;

  @Option(names = "--handler", defaultValue = "${env:JOBQUEUE_HANDLER}",
      description = "Example handler for every pipeline given, one of send_important_emails, generate_report;"
          + " default: the handler named like each pipeline (env JOBQUEUE_HANDLER).")
  String handler;

  @Option(names = "--concurrency", defaultValue = "${env:JOBQUEUE_CONCURRENCY:-4}",
      description = "Jobs run at once (env JOBQUEUE_CONCURRENCY, default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--prefetch", defaultValue = "${env:JOBQUEUE_PREFETCH:-" + Worker.DEFAULT_PREFETCH + "}",
      description = "Most jobs reserved ahead of free handlers; the worker reserves ahead twice what its"
          + " handlers finish during one reserve round trip, up to this, 0 turns it off (env JOBQUEUE_PREFETCH,"
          + " default ${DEFAULT-VALUE}).")
  int prefetch;

  @Option(names = "--job-duration", converter = DurationConverter.class,
      defaultValue = "${env:JOBQUEUE_JOB_DURATION:-200ms}",
      description = "Typical duration of one job, ±50% (env JOBQUEUE_JOB_DURATION, default ${DEFAULT-VALUE}).")
  Duration jobDuration;

  @Option(names = "--failure-rate", defaultValue = "${env:JOBQUEUE_FAILURE_RATE:-0.05}",
      description = "Probability that an attempt fails, 0..1 (env JOBQUEUE_FAILURE_RATE, default ${DEFAULT-VALUE}).")
  double failureRate;

  @Option(names = "--max-attempts", defaultValue = "${env:JOBQUEUE_MAX_ATTEMPTS:-5}",
      description = "Attempts before a failing job is buried (env JOBQUEUE_MAX_ATTEMPTS, default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--retry-delay", converter = DurationConverter.class,
      defaultValue = "${env:JOBQUEUE_RETRY_DELAY:-1s}",
      description = "Delay after the first failure, doubled after each further one"
          + " (env JOBQUEUE_RETRY_DELAY, default ${DEFAULT-VALUE}).")
  Duration retryDelay;

  @Option(names = "--soft-stop", converter = DurationConverter.class, defaultValue = "${env:JOBQUEUE_SOFT_STOP:-10s}",
      description = "On SIGTERM, how long running jobs may finish before they are interrupted"
          + " (env JOBQUEUE_SOFT_STOP, default ${DEFAULT-VALUE}).")
  Duration softStop;

  @Option(names = "--hard-stop", converter = DurationConverter.class, defaultValue = "${env:JOBQUEUE_HARD_STOP:-5s}",
      description = "After the interrupt, how long before unfinished jobs are released"
          + " (env JOBQUEUE_HARD_STOP, default ${DEFAULT-VALUE}).")
  Duration hardStop;

  @Option(names = "--record-dir", defaultValue = "${env:JOBQUEUE_RECORD_DIR}",
      description = "If set, each process appends the ids of the jobs it processed to <dir>/<pipeline>-<pid>.ids"
          + " (env JOBQUEUE_RECORD_DIR).")
  Path recordDir;

  private final List<ProcessedLog> records = new CopyOnWriteArrayList<>();
  private volatile JobQueue queue;
  private volatile Worker worker;

  @Override
  public Integer call() {
    if (pipelines == null || pipelines.isEmpty()) {
      throw new IllegalArgumentException("no pipeline: give --pipeline or set JOBQUEUE_PIPELINE, e.g. "
          + Examples.names().getFirst());
    }
    Workload workload = new Workload(jobDuration, failureRate);
    RetryPolicy retryPolicy = RetryPolicy.builder().maxAttempts(maxAttempts).initialDelay(retryDelay).build();
    // Registered before anything starts, so that a SIGTERM during start-up also ends with status 0.
    Thread hook = Thread.ofPlatform().name("graceful-stop").unstarted(this::stopAndExit);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      queue = Backend.open(url);
      Worker.Builder builder = Worker.builder(queue)
          .name(String.join(",", pipelines) + "@" + ProcessHandle.current().pid())
          .concurrency(concurrency)
          .prefetch(prefetch)
          .retryPolicy(retryPolicy)
          .softStopTimeout(softStop)
          .hardStopTimeout(hardStop);
      for (String pipeline : pipelines) {
        ProcessedLog record = recordDir == null ? null : ProcessedLog.open(recordDir, pipeline);
        if (record != null) {
          records.add(record);
        }
        builder.handler(pipeline, Examples.named(handler == null ? pipeline : handler).handler(workload, record));
      }
      worker = builder.build().start();
    } catch (RuntimeException e) {
      // not a signal: the error's own exit status must stand, so the hook must not run
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shutdownUnderway) {
        log.debug("a signal arrived while starting failed; the shutdown hook ends the process");
      }
      closeResources();
      throw e;
    }
    log.info("worker {}: backend {}, job duration {} ms, failure rate {}, soft/hard stop {}/{} s",
        worker.name(), Checks.redact(url), jobDuration.toMillis(), failureRate, softStop.toSeconds(),
        hardStop.toSeconds());
    while (!worker.awaitTermination(Duration.ofHours(1))) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    return 0;
  }

  /**
   * The shutdown hook: SIGTERM (supervisord's stop) or SIGINT. supervisord counts any status but 0
   * as unexpected, and the JVM would exit with 143 after its hooks, so the hook ends the process
   * itself once the worker has stopped gracefully.
   */
  private void stopAndExit() {
    Worker started = worker;
    if (started != null) {
      log.info("worker {}: signal received, stopping gracefully", started.name());
      started.stop();
    } else {
      log.info("signal received while starting; nothing to stop");
    }
    closeResources();
    log.info("worker {}: exiting with status 0", started == null ? String.join(",", pipelines) : started.name());
    Runtime.getRuntime().halt(0);
  }

  private void closeResources() {
    JobQueue opened = queue;
    if (opened != null) {
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
