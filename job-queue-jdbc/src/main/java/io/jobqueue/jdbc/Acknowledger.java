package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Acts on jobs the caller holds: delete, release, bury, touch. Each statement matches the job's
 * lease and the end of its reservation in its {@code WHERE} clause, so it changes nothing once the
 * reservation is over (fencing); each reports whether it acted. Deletes that threads make at the
 * same moment go to the database as one.
 */
final class Acknowledger {

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters;
  private final Grouped<Job, Boolean> deletes = new Grouped<>(this::deleteGroup);

  Acknowledger(Connector connector, SqlDialect dialect, SqlStatements sql, Waiters waiters) {
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
    this.waiters = waiters;
  }

  /** Whether the job was still held, and is now deleted. */
  boolean delete(Job job) {
    return deletes.run(job);
  }

  /** Deletes those of the jobs still held; returns their ids. */
  Set<Long> deleteAll(List<Job> jobs) {
    if (jobs.size() == 1) {
      Job job = jobs.get(0);
      return changeHeld(job, "delete", PlainSql.of("delete", sql.get("delete"))) == 1
          ? Set.of(job.id())
          : Set.of();
    }
    return connector.connect(
        "delete " + jobs.size() + " jobs", c -> dialect.deleteHeld(c, sql, jobs));
  }

  /**
   * Whether the job was still held, and is now ready again or delayed; wakes this queue's waiting
   * reserves.
   */
  boolean release(Job job, long priority, Duration delay) {
    PlainSql release =
        PlainSql.of("release", sql.get("release"))
            .bind("priority", priority)
            .bind("delay_ms", PlainSql.millis(delay));
    if (changeHeld(job, "release", release) == 0) {
      return false;
    }
    waiters.wakeAll();
    return true;
  }

  /** Whether the job was still held, and is now buried. */
  boolean bury(Job job, String reason) {
    return changeHeld(job, "bury", PlainSql.of("bury", sql.get("bury")).bind("reason", reason))
        == 1;
  }

  /** Whether the job was still held, and now has a whole TTR again. */
  boolean touch(Job job) {
    return changeHeld(job, "touch", PlainSql.of("touch", sql.get("touch"))) == 1;
  }

  /**
   * Deletes a group of single jobs; a job twice in the group (two threads at once) is deleted for
   * one.
   */
  private List<Boolean> deleteGroup(List<Job> group) {
    Set<Long> unclaimed = new HashSet<>(deleteAll(group));
    return group.stream().map(job -> unclaimed.remove(job.id())).toList();
  }

  /** Runs {@code statement} on a job the caller should hold; returns the rows changed (0 or 1). */
  private int changeHeld(Job job, String action, PlainSql statement) {
    String what = action + " job " + job.id() + " in pipeline '" + job.pipeline() + "'";
    PlainSql held = statement.bind("id", job.id()).bind("lease", job.lease());
    return connector.connect(what, c -> dialect.acknowledge(c, held::update));
  }
}
