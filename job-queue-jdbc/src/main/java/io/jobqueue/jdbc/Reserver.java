package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.PipelineLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Reserves jobs, and waits for them when asked to: until this queue adds, releases or kicks a job,
 * the database announces one (PostgreSQL), one comes due, or the dialect's poll interval passes.
 * Reserves of a process that wait on the same pipelines share one query per poll ({@link Waiters}).
 */
final class Reserver {

  /** Longer waits are cut to this, which keeps deadline arithmetic from overflowing. */
  private static final Duration MAX_WAIT = Duration.ofDays(10_000);

  private static final Comparator<Job> RESERVE_ORDER =
      Comparator.comparingLong(Job::priority).thenComparingLong(Job::id);

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters;
  private final BooleanSupplier closed;
  private final LimitedPipelines limited;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();

  /**
   * @param closed whether the queue was closed, which ends every wait
   */
  Reserver(
      Connector connector,
      SqlDialect dialect,
      SqlStatements sql,
      Waiters waiters,
      LimitedPipelines limited,
      BooleanSupplier closed) {
    this.limited = limited;
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
    this.waiters = waiters;
    this.closed = closed;
  }

  /**
   * Up to {@code max} jobs, in reserve order; none when {@code timeout} passes first or the queue
   * closes.
   */
  List<Job> reserve(List<String> pipelines, int max, Duration timeout) {
    long deadline =
        System.nanoTime() + (timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : timeout).toNanos();
    boolean waits = !timeout.isZero();
    long pollNanos = dialect.capabilities().pollInterval().toNanos();
    while (true) {
      long seen = waiters.generation();
      long now = System.nanoTime();
      // A reserve that may wait trusts what another found moments ago; one that may not always
      // asks.
      long quietUntil = waits ? waiters.emptyUntil(pipelines, seen, now) : 0;
      if (quietUntil == 0) {
        boolean poll = waits && waiters.polling(pipelines, seen);
        Reserved reserved = reserveOnce(pipelines, max, poll, waits, seen);
        if (!reserved.jobs().isEmpty()) {
          return reserved.jobs().stream().sorted(RESERVE_ORDER).toList();
        }
        now = System.nanoTime();
        quietUntil = now + Math.min(pollNanos, reserved.nanosUntilDue());
        waiters.foundEmpty(pipelines, seen, quietUntil);
      }
      long left = deadline - now;
      if (left <= 0 || closed.getAsBoolean()) {
        return List.of();
      }
      waiters.watch(pipelines);
      try {
        waiters.await(seen, Math.min(left, quietUntil - now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      } finally {
        waiters.unwatch(pipelines);
      }
      if (closed.getAsBoolean()) {
        return List.of();
      }
    }
  }

  /**
   * One look: the unlimited pipelines in the dialect's reserve, then each limited one in its own
   * transaction ({@link LimitedPipelines#reserve}) while fewer than {@code max} were found. When
   * none is found, the wait is the shortest any of them asked for.
   */
  private Reserved reserveOnce(
      List<String> pipelines, int max, boolean poll, boolean waits, long seen) {
    Map<String, PipelineLimits> limits = limited.of(pipelines, poll);
    List<String> unlimited =
        limits.isEmpty()
            ? pipelines
            : pipelines.stream().filter(p -> !limits.containsKey(p)).toList();
    Reserved reserved =
        unlimited.isEmpty()
            ? Reserved.NONE
            : connector.connect(
                "reserve from pipelines " + unlimited,
                c -> dialect.reserve(c, sql, unlimited, max, poll, waits));
    if (limits.isEmpty()) {
      return reserved;
    }
    List<Job> jobs = new ArrayList<>(reserved.jobs());
    long nanosUntilDue = reserved.nanosUntilDue();
    for (String pipeline : limits.keySet()) {
      if (jobs.size() >= max) {
        break;
      }
      Reserved more = reserveLimited(pipeline, max - jobs.size(), waits, seen);
      jobs.addAll(more.jobs());
      nanosUntilDue = Math.min(nanosUntilDue, more.nanosUntilDue());
    }
    return new Reserved(jobs, nanosUntilDue);
  }

  /**
   * One limited pipeline's reserve, one thread of this process at a time. A delete wakes every
   * waiting reserve, but it frees one slot: the first takes it, the next finds the limit full, and
   * the others that may wait, woken by the same wake-up ({@code seen}), take that answer instead of
   * each queueing on the pipeline's limits row for the same answer (which slowed the pipeline to a
   * fraction of its rate: each useless transaction held the row as long as a useful one).
   */
  private Reserved reserveLimited(String pipeline, int max, boolean waits, long seen) {
    Gate gate = gates.computeIfAbsent(pipeline, p -> new Gate());
    gate.lock.lock();
    try {
      Full full = gate.full;
      long now = System.nanoTime();
      if (waits && full != null && full.generation == seen && full.untilNanos - now > 0) {
        return new Reserved(List.of(), full.untilNanos - now);
      }
      Reserved reserved = limited.reserve(pipeline, max);
      gate.full =
          reserved.jobs().isEmpty()
              ? new Full(
                  seen,
                  System.nanoTime()
                      + Math.min(
                          dialect.capabilities().pollInterval().toNanos(),
                          reserved.nanosUntilDue()))
              : null;
      return reserved;
    } finally {
      gate.lock.unlock();
    }
  }

  /** Serializes one limited pipeline's reserves in this process; remembers a full limit. */
  private static final class Gate {
    final ReentrantLock lock = new ReentrantLock();
    Full full; // guarded by lock
  }

  /** The limit allowed nothing to reserves woken at {@code generation}, for this long at most. */
  private record Full(long generation, long untilNanos) {}
}
