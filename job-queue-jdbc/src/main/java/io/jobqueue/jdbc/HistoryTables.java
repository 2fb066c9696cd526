package io.jobqueue.jdbc;

import static io.jobqueue.jdbc.WorkerTable.instant;

import io.jobqueue.AttemptOutcome;
import io.jobqueue.AttemptRecord;
import io.jobqueue.HistoryRetention;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobOutcome;
import io.jobqueue.JobRecord;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Job history in {@code <prefix>history_settings}, {@code <prefix>job_history} and {@code
 * <prefix>job_attempts} (migration {@code V6__workers_and_history}). Workers write a batch of
 * attempts in one transaction; the process that writes a pipeline's history prunes it by its
 * retention at most once per {@link #PRUNE_EVERY}.
 */
final class HistoryTables {

  /** How often one process prunes one pipeline's history. */
  static final Duration PRUNE_EVERY = Duration.ofSeconds(1);

  private static final RowMapper<HistoryRetention> RETENTION =
      (rs, ctx) ->
          new HistoryRetention(Duration.ofMillis(rs.getLong("max_age_ms")), rs.getInt("max_count"));

  /** A record without its attempts, which a second query adds. */
  private static final RowMapper<JobRecord> RECORD =
      (rs, ctx) ->
          new JobRecord(
              rs.getLong("id"),
              rs.getString("pipeline"),
              JobOutcome.valueOf(rs.getString("outcome")),
              rs.getLong("priority"),
              rs.getInt("payload_bytes"),
              instant(rs, "created_at"),
              instant(rs, "finished_at"),
              List.of());

  private record StoredAttempt(long jobId, JobAttempt attempt) {}

  private static final RowMapper<StoredAttempt> ATTEMPT =
      (rs, ctx) ->
          new StoredAttempt(
              rs.getLong("job_id"),
              new JobAttempt(
                  rs.getString("worker_id"),
                  instant(rs, "started_at"),
                  instant(rs, "finished_at"),
                  AttemptOutcome.valueOf(rs.getString("outcome")),
                  rs.getString("error")));

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Map<String, Instant> lastPruned = new ConcurrentHashMap<>();

  HistoryTables(Connector connector, SqlDialect dialect, SqlStatements sql) {
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
  }

  void keep(String pipeline, HistoryRetention retention) {
    String action = "set the history of pipeline '" + pipeline + "'";
    connector.connect(
        action,
        c ->
            dialect.write(
                c,
                w ->
                    retention == null
                        ? PlainSql.of(action, sql.shared("history-stop"))
                            .bind("pipeline", pipeline)
                            .update(w)
                        : PlainSql.of(action, sql.get("history-keep"))
                            .bind("pipeline", pipeline)
                            .bind("max_age_ms", retention.maxAge().toMillis())
                            .bind("max_count", retention.maxCount())
                            .update(w)));
  }

  Optional<HistoryRetention> retention(String pipeline) {
    String action = "read the history setting of pipeline '" + pipeline + "'";
    return connector
        .connect(action, c -> dialect.read(c, r -> settings(r, action, List.of(pipeline))))
        .values()
        .stream()
        .findFirst();
  }

  List<JobRecord> page(String pipeline, int offset, int limit) {
    String action = "read the history of pipeline '" + pipeline + "'";
    return records(
        action,
        PlainSql.of(action, sql.shared("history-page"))
            .bind("pipeline", pipeline)
            .bind("offset", offset)
            .bind("limit", limit));
  }

  Optional<JobRecord> job(long id) {
    String action = "read the history of job " + id;
    return records(action, PlainSql.of(action, sql.shared("history-job")).bind("id", id)).stream()
        .findFirst();
  }

  /** The records {@code query} selects, each with its attempts. */
  private List<JobRecord> records(String action, PlainSql query) {
    return connector.connect(
        action, c -> dialect.read(c, r -> withAttempts(r, action, query.rows(r, RECORD))));
  }

  void record(List<AttemptRecord> attempts) {
    String action = "record " + attempts.size() + " attempts in the job history";
    Map<String, HistoryRetention> kept =
        connector.connect(action, c -> dialect.inTransaction(c, tx -> write(tx, action, attempts)));
    Instant now = Instant.now();
    kept.forEach((pipeline, retention) -> {
      Instant last = lastPruned.get(pipeline);
      if (last == null || !now.isBefore(last.plus(PRUNE_EVERY))) {
        lastPruned.put(pipeline, now);
        prune(pipeline, retention, now);
      }
    });
  }

  private Map<String, HistoryRetention> write(
      Connection tx, String action, List<AttemptRecord> attempts) {
    Map<String, HistoryRetention> kept =
        settings(tx, action, attempts.stream().map(AttemptRecord::pipeline).distinct().toList());
    List<AttemptRecord> keep =
        attempts.stream().filter(a -> kept.containsKey(a.pipeline())).toList();
    if (keep.isEmpty()) {
      return kept;
    }
    PlainSql.of(action, sql.shared("attempt-insert"))
        .insertAll(
            tx,
            keep,
            (s, a) ->
                s.bind("job_id", a.jobId())
                    .bind("pipeline", a.pipeline())
                    .bind("worker_id", a.attempt().workerId())
                    .bind("started_at", a.attempt().started().toEpochMilli())
                    .bind("finished_at", a.attempt().finished().toEpochMilli())
                    .bind("outcome", a.attempt().outcome().name())
                    .bind("error", a.attempt().error()));
    List<AttemptRecord> ends = keep.stream().filter(a -> a.jobEnd().isPresent()).toList();
    if (!ends.isEmpty()) {
      PlainSql.of(action, sql.shared("history-forget"))
          .bindList("ids", ends.stream().map(AttemptRecord::jobId).distinct().toList())
          .update(tx);
      PlainSql.of(action, sql.shared("history-insert"))
          .insertAll(
              tx,
              ends,
              (s, a) ->
                  s.bind("id", a.jobId())
                      .bind("pipeline", a.pipeline())
                      .bind("outcome", a.jobEnd().orElseThrow().name())
                      .bind("priority", a.priority())
                      .bind("payload_bytes", a.payloadBytes())
                      .bind("created_at", a.created().toEpochMilli())
                      .bind("finished_at", a.attempt().finished().toEpochMilli()));
    }
    return kept;
  }

  /**
   * Deletes the records that ended before the oldest one the retention keeps (by age or by count,
   * whichever keeps fewer), and the attempts that ended before it.
   */
  private void prune(String pipeline, HistoryRetention retention, Instant now) {
    String action = "prune the history of pipeline '" + pipeline + "'";
    connector.connect(
        action,
        c ->
            dialect.inTransaction(
                c,
                tx -> {
                  long before = now.minus(retention.maxAge()).toEpochMilli();
                  Long pastCount =
                      PlainSql.of(action, sql.shared("history-cutoff"))
                          .bind("pipeline", pipeline)
                          .bind("max_count", retention.maxCount())
                          .number(tx);
                  if (pastCount != null) {
                    before = Math.max(before, pastCount + 1);
                  }
                  for (String name : List.of("history-prune", "attempts-prune")) {
                    PlainSql.of(action, sql.shared(name))
                        .bind("pipeline", pipeline)
                        .bind("before", before)
                        .update(tx);
                  }
                  return null;
                }));
  }

  private Map<String, HistoryRetention> settings(
      Connection c, String action, List<String> pipelines) {
    return PlainSql.of(action, sql.shared("history-settings"))
        .bindList("pipelines", pipelines)
        .rows(c, (rs, ctx) -> Map.entry(rs.getString("pipeline"), RETENTION.map(rs, ctx)))
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private List<JobRecord> withAttempts(Connection c, String action, List<JobRecord> records) {
    if (records.isEmpty()) {
      return records;
    }
    Map<Long, List<JobAttempt>> attempts = new HashMap<>();
    for (StoredAttempt a :
        PlainSql.of(action, sql.shared("history-attempts"))
            .bindList("ids", records.stream().map(JobRecord::id).toList())
            .rows(c, ATTEMPT)) {
      attempts.computeIfAbsent(a.jobId(), id -> new ArrayList<>()).add(a.attempt());
    }
    return records.stream()
        .map(r ->
            new JobRecord(
                r.id(),
                r.pipeline(),
                r.outcome(),
                r.priority(),
                r.payloadBytes(),
                r.created(),
                r.finished(),
                attempts.getOrDefault(r.id(), List.of())))
        .toList();
  }
}
