package io.jobqueue.jdbc;

import io.jobqueue.WorkerInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Live workers in {@code <prefix>workers} (migration {@code V6__workers_and_history}): one upsert
 * per heartbeat, whose {@code heartbeat_at} is the database's clock, and now and then a delete of
 * the rows of workers gone for long.
 */
final class WorkerTable {

  private static final RowMapper<WorkerInfo> WORKER =
      (rs, ctx) ->
          new WorkerInfo(
              rs.getString("id"),
              rs.getString("host"),
              rs.getLong("pid"),
              pipelines(rs.getString("pipelines")),
              rs.getInt("concurrency"),
              instant(rs, "started_at"),
              instant(rs, "heartbeat_at"),
              Duration.ofMillis(rs.getLong("heartbeat_ms")),
              rs.getInt("jobs_held"),
              rs.getInt("gone") == 1);

  /** How many heartbeat intervals apart one process deletes the rows of workers gone for long. */
  static final int PRUNE_EVERY_INTERVALS = 10;

  /** When this process last pruned; the first heartbeat prunes. */
  private final AtomicLong lastPrune = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;

  WorkerTable(Connector connector, SqlDialect dialect, SqlStatements sql) {
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
  }

  List<WorkerInfo> list() {
    String action = "list the workers";
    return connector.connect(
        action,
        c ->
            dialect.read(
                c,
                r ->
                    PlainSql.of(action, sql.shared("workers"))
                        .bind("gone_after", WorkerInfo.GONE_AFTER_INTERVALS)
                        .rows(r, WORKER)));
  }

  /**
   * One upsert; and, at most once per {@link #PRUNE_EVERY_INTERVALS} of the heartbeat's interval in
   * this process, a delete of the workers gone for long (each heartbeat is a round trip of every
   * worker, so most stay one statement).
   */
  void heartbeat(WorkerInfo worker) {
    String action = "record the heartbeat of worker " + worker.id();
    long now = System.nanoTime();
    long last = lastPrune.get();
    long every = worker.heartbeatInterval().multipliedBy(PRUNE_EVERY_INTERVALS).toNanos();
    boolean prune = now - last >= every && lastPrune.compareAndSet(last, now);
    connector.connect(
        action,
        c ->
            dialect.write(
                c,
                w -> {
                  if (prune) {
                    PlainSql.of(action, sql.shared("worker-prune"))
                        .bind("prune_after", WorkerInfo.PRUNE_AFTER_INTERVALS)
                        .update(w);
                  }
                  return PlainSql.of(action, sql.get("worker-upsert"))
                      .bind("id", worker.id())
                      .bind("host", worker.host())
                      .bind("pid", worker.pid())
                      .bind("pipelines", String.join(" ", worker.pipelines()))
                      .bind("concurrency", worker.concurrency())
                      .bind("started_at", worker.started().toEpochMilli())
                      .bind("heartbeat_ms", worker.heartbeatInterval().toMillis())
                      .bind("jobs_held", worker.jobsHeld())
                      .update(w);
                }));
  }

  void unregister(String workerId) {
    String action = "unregister worker " + workerId;
    connector.connect(
        action,
        c ->
            dialect.write(
                c,
                w ->
                    PlainSql.of(action, sql.shared("worker-delete"))
                        .bind("id", workerId)
                        .update(w)));
  }

  /** The pipelines as stored, separated by spaces (a pipeline name has none). */
  private static List<String> pipelines(String stored) {
    return stored.isEmpty() ? List.of() : List.of(stored.split(" "));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Instant.ofEpochMilli(rs.getLong(column));
  }
}
