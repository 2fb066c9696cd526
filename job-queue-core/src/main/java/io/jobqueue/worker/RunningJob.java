package io.jobqueue.worker;

import io.jobqueue.AttemptOutcome;
import io.jobqueue.Job;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reserved job from hand-out to outcome. Exactly one outcome is applied: whoever comes first of
 * the handler (explicit release/bury), the worker after the handler (delete, retry, bury) and the
 * stop (release). The lock also keeps an automatic touch from racing the outcome.
 */
final class RunningJob implements JobContext {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** Bury reasons are cut here so that a huge exception message cannot fail the bury itself. */
  private static final int MAX_REASON_LENGTH = 1000;

  /** What became of a job; the lowercase name reads as the end of "the job was already …". */
  enum Outcome {
    DELETED,
    RELEASED,
    BURIED;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Job job;
  private final JobQueue queue;
  private final Worker worker;
  private final ReentrantLock lock = new ReentrantLock();
  private final long halfTtrNanos;

  /**
   * Set once, under the lock; read without it only to skip work that the lock would then refuse.
   */
  private volatile Outcome outcome;

  /**
   * When the next automatic touch is due ({@link System#nanoTime()}); {@link Long#MAX_VALUE} for
   * never.
   */
  private volatile long touchDueAt;

  private volatile Thread handlerThread;

  // For the job history: when the handler ran, and why the attempt failed or was buried.
  private volatile Instant handlerStarted;
  private volatile Instant handlerEnded;
  private volatile String error = "";

  RunningJob(Job job, JobQueue queue, Worker worker) {
    this.job = job;
    this.queue = queue;
    this.worker = worker;
    this.halfTtrNanos = Math.max(job.ttr().toNanos() / 2, 1);
    this.touchDueAt = System.nanoTime() + halfTtrNanos;
  }

  @Override
  public Job job() {
    return job;
  }

  @Override
  public void release(Duration delay) {
    release(job.priority(), delay);
  }

  @Override
  public void release(long priority, Duration delay) {
    decide("release", Outcome.RELEASED, () -> queue.release(job, priority, delay));
    worker.finished(this, WorkerListener.Outcome.RELEASED);
    log.debug(
        "worker {}: job {} in pipeline '{}' released by its handler, delay {}",
        worker.name(),
        job.id(),
        job.pipeline(),
        delay);
  }

  @Override
  public void bury(String reason) {
    error = reason == null ? "" : cut(reason);
    decide("bury", Outcome.BURIED, () -> queue.bury(job, reason));
    worker.finished(this, WorkerListener.Outcome.BURIED);
    log.debug(
        "worker {}: job {} in pipeline '{}' buried by its handler: {}",
        worker.name(),
        job.id(),
        job.pipeline(),
        reason);
  }

  @Override
  public void touch() {
    lock.lock();
    try {
      checkUndecided("touch");
      uninterrupted(() -> queue.touch(job));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean stopRequested() {
    return worker.stopRequested();
  }

  void runsOn(Thread thread) {
    this.handlerThread = thread;
    this.handlerStarted = Instant.now();
  }

  /** The handler returned or threw. */
  void handlerEnded() {
    this.handlerEnded = Instant.now();
  }

  /**
   * This attempt as the job history keeps it; empty when no handler ran (released at a stop before
   * it started) or the reservation was lost before the outcome.
   */
  Optional<JobAttempt> attempt(String workerId, WorkerListener.Outcome outcome) {
    Instant started = handlerStarted;
    AttemptOutcome result =
        switch (outcome) {
          case DELETED -> AttemptOutcome.SUCCEEDED;
          case RETRIED -> AttemptOutcome.FAILED;
          case RELEASED -> AttemptOutcome.RELEASED;
          case BURIED -> AttemptOutcome.BURIED;
          case LOST -> null;
        };
    if (started == null || result == null) {
      return Optional.empty();
    }
    Instant ended = handlerEnded;
    return Optional.of(
        new JobAttempt(workerId, started, ended == null ? Instant.now() : ended, result, error));
  }

  /**
   * Interrupts the handler, unless the job already has its outcome: an interrupt during the backend
   * call that deletes or releases the job would break that call (on a virtual thread it closes the
   * socket), so it is only ever sent while no outcome is being applied. Waits for the lock until
   * {@code deadlineNanos} at most: a lock held that long belongs to a backend call that hangs, and
   * then there is no handler to interrupt.
   */
  void interruptHandler(long deadlineNanos) {
    if (outcome != null) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    try {
      if (!lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      interrupted = true;
      return;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Thread thread = handlerThread;
      if (outcome == null && thread != null) {
        thread.interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Called by the worker's touch scan, often; touches the job when half a TTR passed since it was
   * reserved or last touched and it has no outcome yet.
   */
  void touchIfDue(long now) {
    if (now - touchDueAt < 0) {
      return;
    }
    lock.lock();
    try {
      if (outcome != null) {
        return;
      }
      touchDueAt = now + halfTtrNanos;
      queue.touch(job);
      worker.counters().touches.increment();
      log.debug(
          "worker {}: job {} in pipeline '{}' still running, touched",
          worker.name(),
          job.id(),
          job.pipeline());
    } catch (JobNotReservedException e) {
      log.warn(
          "worker {}: job {} in pipeline '{}' lost its reservation before it could be touched (its TTR ran out?);"
              + " another worker may run it too",
          worker.name(),
          job.id(),
          job.pipeline());
      touchDueAt = Long.MAX_VALUE;
    } catch (RuntimeException e) {
      log.warn(
          "worker {}: could not touch job {} in pipeline '{}': {}; trying again in half a TTR",
          worker.name(),
          job.id(),
          job.pipeline(),
          e.toString());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The handler returned without deciding: the job is done and is to be deleted. Returns false when
   * it already has an outcome (the stop released it), true when the caller is to delete it.
   */
  boolean succeeded() {
    lock.lock();
    try {
      if (outcome != null) {
        log.debug(
            "worker {}: job {} in pipeline '{}' was already {}; not deleted",
            worker.name(),
            job.id(),
            job.pipeline(),
            outcome);
        return false;
      }
      outcome = Outcome.DELETED;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The backend deleted the job. */
  void deleted() {
    worker.finished(this, WorkerListener.Outcome.DELETED);
    if (log.isDebugEnabled()) {
      log.debug(
          "worker {}: job {} in pipeline '{}' done, deleted",
          worker.name(),
          job.id(),
          job.pipeline());
    }
  }

  /** The backend did not delete the job: it comes back, at once or when its TTR ends. */
  void notDeleted(RuntimeException error) {
    if (error instanceof JobNotReservedException) {
      worker.finished(this, WorkerListener.Outcome.LOST);
      log.warn(
          "worker {}: job {} in pipeline '{}' could not be deleted: the reservation was lost (its TTR ran out?);"
              + " it will run again",
          worker.name(),
          job.id(),
          job.pipeline());
    } else {
      log.error(
          "worker {}: job {} in pipeline '{}' could not be deleted: {}; it becomes ready again when its TTR ends",
          worker.name(),
          job.id(),
          job.pipeline(),
          error.toString());
    }
  }

  /**
   * The handler threw: retry with the policy's delay, bury after the last attempt, release at once
   * when stopping.
   */
  void failed(Throwable error, RetryPolicy policy) {
    this.error = reason(error);
    int attempt = job.attempts();
    if (worker.handlersInterrupted()) {
      releaseNow("interrupted by the stop");
    } else if (policy.retries(attempt)) {
      Duration delay = policy.delayAfter(attempt);
      if (apply(Outcome.RELEASED, () -> queue.release(job, job.priority(), delay))) {
        worker.finished(this, WorkerListener.Outcome.RETRIED);
        log.info(
            "worker {}: job {} in pipeline '{}' failed attempt {} of {}: {}; retry in {} ms",
            worker.name(),
            job.id(),
            job.pipeline(),
            attempt,
            policy.maxAttempts(),
            error.toString(),
            delay.toMillis());
      }
    } else {
      String reason = this.error;
      if (apply(Outcome.BURIED, () -> queue.bury(job, reason))) {
        worker.finished(this, WorkerListener.Outcome.BURIED);
        // One line for operators; the stack trace only for whoever debugs the handler.
        log.warn(
            "worker {}: job {} in pipeline '{}' failed attempt {} (the retry policy allows {}), buried: {}",
            worker.name(),
            job.id(),
            job.pipeline(),
            attempt,
            policy.maxAttempts(),
            reason);
        log.debug(
            "worker {}: job {} in pipeline '{}' was buried after this error",
            worker.name(),
            job.id(),
            job.pipeline(),
            error);
      }
    }
  }

  /** The worker stops and this job has no outcome yet: give it back so it is ready at once. */
  boolean releaseAtStop() {
    return releaseNow("it did not finish within the stop timeouts");
  }

  static String reason(Throwable error) {
    return cut(error.getClass().getName() + ": " + error.getMessage());
  }

  private static String cut(String reason) {
    return reason.length() <= MAX_REASON_LENGTH
        ? reason
        : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
  }

  private boolean releaseNow(String why) {
    if (apply(Outcome.RELEASED, () -> queue.release(job, job.priority(), Duration.ZERO))) {
      worker.finished(this, WorkerListener.Outcome.RELEASED);
      log.debug(
          "worker {}: job {} in pipeline '{}' released because {}",
          worker.name(),
          job.id(),
          job.pipeline(),
          why);
      return true;
    }
    return false;
  }

  /** The handler's own decision: it sees the failure when the backend refuses. */
  private void decide(String action, Outcome result, Runnable call) {
    lock.lock();
    try {
      checkUndecided(action);
      outcome = result;
      uninterrupted(call);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The worker's decision: failures are logged, never thrown (the job comes back after its TTR).
   */
  private boolean apply(Outcome what, Runnable action) {
    lock.lock();
    try {
      if (outcome != null) {
        log.debug(
            "worker {}: job {} in pipeline '{}' was already {}; not {}",
            worker.name(),
            job.id(),
            job.pipeline(),
            outcome,
            what);
        return false;
      }
      outcome = what;
      uninterrupted(action);
      return true;
    } catch (JobNotReservedException e) {
      worker.finished(this, WorkerListener.Outcome.LOST);
      log.warn(
          "worker {}: job {} in pipeline '{}' could not be {}: the reservation was lost (its TTR ran out?);"
              + " it will run again",
          worker.name(),
          job.id(),
          job.pipeline(),
          what);
      return false;
    } catch (RuntimeException e) {
      log.error(
          "worker {}: job {} in pipeline '{}' could not be {}: {}; it becomes ready again when its TTR ends",
          worker.name(),
          job.id(),
          job.pipeline(),
          what,
          e.toString());
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes a backend call with the interrupt flag cleared, and restores it afterwards: a handler
   * interrupted by the stop still gets its job released, over a connection that stays usable.
   */
  private static void uninterrupted(Runnable call) {
    boolean interrupted = Thread.interrupted();
    try {
      call.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void checkUndecided(String action) {
    if (outcome != null) {
      throw new IllegalStateException(
          "cannot "
              + action
              + " job "
              + job.id()
              + " in pipeline '"
              + job.pipeline()
              + "': it was already "
              + outcome);
    }
  }
}
