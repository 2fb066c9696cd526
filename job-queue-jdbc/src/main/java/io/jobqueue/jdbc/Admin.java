package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.PipelineStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What operators and tools call, never once per job: peek, stats, the list of pipelines, kick,
 * pause, delete by id and purge. On Jdbi, whose per-statement cost does not matter here.
 */
final class Admin {

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters;

  Admin(Connector connector, SqlDialect dialect, SqlStatements sql, Waiters waiters) {
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
    this.waiters = waiters;
  }

  Optional<Job> peek(long id) {
    return connector.withHandle(
        "peek at job " + id,
        h ->
            dialect.read(
                h.getConnection(),
                c ->
                    h.createQuery(sql.shared("peek"))
                        .bind("id", id)
                        .map(JobMapper.INSTANCE)
                        .findOne()));
  }

  List<Job> peek(String pipeline, JobState state, int offset, int limit) {
    String name = "peek-" + state.name().toLowerCase(Locale.ROOT);
    return connector.withHandle(
        "peek at " + state + " jobs in pipeline '" + pipeline + "'",
        h ->
            dialect.read(
                h.getConnection(),
                c ->
                    h.createQuery(sql.shared(name))
                        .bind("pipeline", pipeline)
                        .bind("limit", limit)
                        .bind("offset", offset)
                        .map(JobMapper.INSTANCE)
                        .list()));
  }

  /** Whether the job was deleted: it was not held, or {@code force}. */
  boolean deleteJob(long id, boolean force) {
    String name = force ? "force-delete-job" : "delete-job";
    return connector.withHandle(
            "delete job " + id,
            h ->
                dialect.write(
                    h.getConnection(), c -> h.createUpdate(sql.get(name)).bind("id", id).execute()))
        > 0;
  }

  /** Deletes every job of the pipeline in this state (not RESERVED); returns how many. */
  long purge(String pipeline, JobState state) {
    String name = "purge-" + state.name().toLowerCase(Locale.ROOT);
    return connector.withHandle(
        "purge the " + state + " jobs of pipeline '" + pipeline + "'",
        h ->
            dialect.write(
                h.getConnection(),
                c -> h.createUpdate(sql.get(name)).bind("pipeline", pipeline).execute()));
  }

  /**
   * Kicks up to {@code bound} buried jobs, or when there are none, delayed ones; returns how many.
   */
  long kick(String pipeline, long bound) {
    int limit = (int) Math.min(bound, Integer.MAX_VALUE);
    String action = "kick up to " + bound + " jobs in pipeline '" + pipeline + "'";
    long kicked =
        connector.withHandle(
            action,
            h ->
                dialect.inTransaction(
                    h.getConnection(),
                    c -> {
                      int buried =
                          h.createUpdate(sql.get("kick-buried"))
                              .bind("pipeline", pipeline)
                              .bind("bound", limit)
                              .execute();
                      return buried > 0
                          ? buried
                          : h.createUpdate(sql.get("kick-delayed"))
                              .bind("pipeline", pipeline)
                              .bind("bound", limit)
                              .execute();
                    }));
    if (kicked > 0) {
      waiters.wakeAll();
    }
    return kicked;
  }

  /** Whether the job was buried or delayed in this pipeline, and is now ready. */
  boolean kickJob(String pipeline, long id) {
    int kicked =
        connector.withHandle(
            "kick job " + id + " in pipeline '" + pipeline + "'",
            h ->
                dialect.write(
                    h.getConnection(),
                    c ->
                        h.createUpdate(sql.get("kick-job"))
                            .bind("id", id)
                            .bind("pipeline", pipeline)
                            .execute()));
    if (kicked == 0) {
      return false;
    }
    waiters.wakeAll();
    return true;
  }

  PipelineStats stats(String pipeline) {
    return connector.withHandle(
        "read the stats of pipeline '" + pipeline + "'",
        h ->
            dialect.read(
                h.getConnection(),
                c ->
                    h.createQuery(sql.get("stats"))
                        .bind("pipeline", pipeline)
                        .map((rs, ctx) -> pipelineStats(pipeline, rs))
                        .one()));
  }

  /** One grouped query for every pipeline, instead of one query per pipeline. */
  List<PipelineStats> statsAll() {
    List<PipelineStats> all =
        connector.withHandle(
            "read the stats of every pipeline",
            h ->
                dialect.read(
                    h.getConnection(),
                    c ->
                        h.createQuery(sql.get("stats-all"))
                            .map((rs, ctx) -> pipelineStats(rs.getString("pipeline"), rs))
                            .list()));
    return all.stream().sorted(Comparator.comparing(PipelineStats::pipeline)).toList();
  }

  List<String> pipelines() {
    List<String> names =
        connector.withHandle(
            "list the pipelines",
            h ->
                dialect.read(
                    h.getConnection(),
                    c -> h.createQuery(sql.get("pipelines")).mapTo(String.class).list()));
    // Sorted here, not in SQL: database collations order names differently from String.
    return names.stream().sorted().toList();
  }

  void pause(String pipeline, Duration duration) {
    connector.withHandle(
        "pause pipeline '" + pipeline + "'",
        h ->
            dialect.write(
                h.getConnection(),
                c ->
                    h.createUpdate(sql.get("pause"))
                        .bind("pipeline", pipeline)
                        .bind("pause_ms", PlainSql.millis(duration))
                        .execute()));
    waiters.wakeAll();
  }

  private static PipelineStats pipelineStats(String pipeline, ResultSet rs) throws SQLException {
    return new PipelineStats(
        pipeline,
        rs.getLong("urgent"),
        rs.getLong("ready"),
        rs.getLong("reserved"),
        rs.getLong("delayed"),
        rs.getLong("buried"),
        Duration.ofMillis(rs.getLong("pause_ms")));
  }
}
