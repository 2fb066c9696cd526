package io.jobqueue.jdbc;

import io.jobqueue.WorkerInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Live workers in {@code <prefix>workers} (migration {@code V6__workers_and_history}): one upsert
 * per heartbeat, whose {@code heartbeat_at} is the database's clock, and the rows of workers gone
 * for long deleted by the same heartbeat's connection.
 */
final class WorkerTable {

  private static final RowMapper<WorkerInfo> WORKER =
      (rs, ctx) ->
          new WorkerInfo(
              rs.getString("id"),
              rs.getString("host"),
              rs.getLong("pid"),
              List.of(rs.getString("pipelines").split(" ")),
              rs.getInt("concurrency"),
              instant(rs, "started_at"),
              instant(rs, "heartbeat_at"),
              Duration.ofMillis(rs.getLong("heartbeat_ms")),
              rs.getInt("jobs_held"),
              rs.getInt("gone") == 1);

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

  void heartbeat(WorkerInfo worker) {
    String action = "record the heartbeat of worker " + worker.id();
    connector.connect(
        action,
        c ->
            dialect.inTransaction(
                c,
                tx -> {
                  PlainSql.of(action, sql.shared("worker-prune"))
                      .bind("prune_after", WorkerInfo.PRUNE_AFTER_INTERVALS)
                      .update(tx);
                  return PlainSql.of(action, sql.get("worker-upsert"))
                      .bind("id", worker.id())
                      .bind("host", worker.host())
                      .bind("pid", worker.pid())
                      .bind("pipelines", String.join(" ", worker.pipelines()))
                      .bind("concurrency", worker.concurrency())
                      .bind("started_at", worker.started().toEpochMilli())
                      .bind("heartbeat_ms", worker.heartbeatInterval().toMillis())
                      .bind("jobs_held", worker.jobsHeld())
                      .update(tx);
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

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Instant.ofEpochMilli(rs.getLong(column));
  }
}
