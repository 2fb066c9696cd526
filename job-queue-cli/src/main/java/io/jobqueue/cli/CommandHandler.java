package io.jobqueue.cli;

import io.jobqueue.Job;
import io.jobqueue.worker.JobContext;
import io.jobqueue.worker.JobHandler;
import io.jobqueue.worker.RetryPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command once per job: the payload on its standard input, byte for byte; the job in
 * environment variables; its exit status decides what happens to the job.
 *
 * <ul>
 *   <li>{@value #EXIT_OK} — done: the job is deleted.
 *   <li>{@value #EXIT_RELEASE} ({@code EX_TEMPFAIL}) — try again later: the job is released with
 *       the retry policy's delay for this attempt, without counting as a failure.
 *   <li>{@value #EXIT_BURY} ({@code EX_DATAERR}) — the job cannot succeed: it is buried now, with
 *       the last lines of standard error as the reason.
 *   <li>anything else, or running past the timeout (the command and every process it started are
 *       killed) — a failed attempt: retried with the policy's delay, buried with the last lines of
 *       standard error after the last attempt.
 * </ul>
 *
 * Standard output goes where the worker's goes; standard error too, each line prefixed with the
 * job's id. When the worker stops and interrupts handlers, the command gets SIGTERM, then SIGKILL
 * after {@link #TERM_GRACE}.
 */
final class CommandHandler implements JobHandler {

  /** The command finished the job. */
  static final int EXIT_OK = 0;

  /** {@code EX_TEMPFAIL} from sysexits.h: release the job to be tried again later. */
  static final int EXIT_RELEASE = 75;

  /** {@code EX_DATAERR} from sysexits.h: bury the job now, retrying cannot help. */
  static final int EXIT_BURY = 65;

  /** How long a command may take to exit after SIGTERM before it is killed. */
  static final Duration TERM_GRACE = Duration.ofSeconds(5);

  /** Lines of standard error kept for the bury reason. */
  private static final int REASON_LINES = 5;

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

  private final List<String> command;
  private final Duration timeout;
  private final RetryPolicy retryPolicy;
  private final PrintStream stderr;

  /**
   * @param timeout the longest one run may take; null for the job's TTR
   * @param stderr where the command's standard error is copied
   */
  CommandHandler(
      List<String> command, Duration timeout, RetryPolicy retryPolicy, PrintStream stderr) {
    this.command = List.copyOf(command);
    this.timeout = timeout;
    this.retryPolicy = retryPolicy;
    this.stderr = stderr;
  }

  @Override
  public void handle(JobContext context) throws Exception {
    Job job = context.job();
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(environment(job));
    Process process = builder.start();
    Deque<String> lastLines = new ArrayDeque<>();
    Thread errors = Thread.ofVirtual().start(() -> copyErrors(process, job, lastLines));
    Thread.ofVirtual().start(() -> writePayload(process, job));
    Duration limit = timeout == null ? job.ttr() : timeout;
    int status;
    try {
      if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(process, job);
        errors.join(TERM_GRACE.toMillis());
        throw new CommandFailedException(
            "command ran past its timeout of "
                + limit.toSeconds()
                + " s and was killed"
                + tail(lastLines));
      }
      status = process.exitValue();
    } catch (InterruptedException e) {
      // the worker is stopping and its soft timeout passed: end the command, the worker releases
      // the job
      stop(process, job);
      throw e;
    }
    errors.join(TERM_GRACE.toMillis());
    switch (status) {
      case EXIT_OK -> {}
      case EXIT_RELEASE -> {
        Duration delay = retryPolicy.delayAfter(Math.max(1, job.attempts()));
        log.info(
            "job {} in pipeline '{}': command exited with {} (try again later); released for {} ms",
            job.id(),
            job.pipeline(),
            status,
            delay.toMillis());
        context.release(delay);
      }
      case EXIT_BURY -> {
        String reason = "command exited with " + EXIT_BURY + " (cannot succeed)" + tail(lastLines);
        log.warn("job {} in pipeline '{}': {}; buried", job.id(), job.pipeline(), reason);
        context.bury(reason);
      }
      default ->
          throw new CommandFailedException("command exited with " + status + tail(lastLines));
    }
  }

  /** The variables a command finds the job in. */
  static Map<String, String> environment(Job job) {
    return Map.of(
        "JOBQUEUE_JOB_ID", String.valueOf(job.id()),
        "JOBQUEUE_PIPELINE", job.pipeline(),
        "JOBQUEUE_ATTEMPT", String.valueOf(job.attempts()),
        "JOBQUEUE_RESERVES", String.valueOf(job.reserves()),
        "JOBQUEUE_PRIORITY", String.valueOf(job.priority()),
        "JOBQUEUE_TTR", String.valueOf(job.ttr().toSeconds()));
  }

  private static void writePayload(Process process, Job job) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(job.payload());
    } catch (IOException e) {
      // a command that exits without reading its input closes the pipe; its exit status tells the
      // rest
      log.debug("job {}: the command did not read its whole payload: {}", job.id(), e.toString());
    }
  }

  private void copyErrors(Process process, Job job, Deque<String> lastLines) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        stderr.println("[job " + job.id() + "] " + line);
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > REASON_LINES) {
            lastLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      log.debug("job {}: reading the command's standard error ended: {}", job.id(), e.toString());
    }
  }

  private static String tail(Deque<String> lastLines) {
    synchronized (lastLines) {
      return lastLines.isEmpty() ? "" : ": " + String.join(" | ", lastLines);
    }
  }

  /** SIGTERM to the command and everything it started, SIGKILL after the grace period. */
  private static void stop(Process process, Job job) {
    List<ProcessHandle> tree = tree(process);
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process, job);
      }
    } catch (InterruptedException e) {
      kill(process, job);
      Thread.currentThread().interrupt();
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * SIGKILL to the command and every process it started (taken before the parent dies and they are
   * re-parented).
   */
  private static void kill(Process process, Job job) {
    List<ProcessHandle> tree = tree(process);
    log.debug(
        "job {}: killing the command's processes {}",
        job.id(),
        tree.stream().map(ProcessHandle::pid).toList());
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private static List<ProcessHandle> tree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.addFirst(process.toHandle());
    return tree;
  }

  /** A run of the command that counts as a failed attempt; the message becomes the bury reason. */
  static final class CommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
      super(message);
    }
  }
}
