package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.PipelineLimits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Pipeline-wide limits in {@code <prefix>pipeline_limits} and {@code <prefix>limit_starts}
 * (migration {@code V8__pipeline_limits}). A plain reserve takes nothing when one of its pipelines
 * has limits ({@code :limited} in the reserve SQL, a test run once per statement), so a process
 * whose picture of the limits is old never goes past them; it only takes none until it looks again
 * (see {@link #REFRESH}). A limited pipeline is reserved in one transaction that locks its limits
 * row, counts its held jobs and the reservations started in the rate window, reserves at most what
 * both allow, and records those starts.
 *
 * <p>The unlimited path costs no round trip per reserve: which pipelines are limited is read with
 * one query over the (small) limits table, by a reserve that was told of jobs or took some at most
 * once per {@link #REFRESH}, by an idle poll at most once per {@link #IDLE_REFRESH} (an idle
 * process adds that one query per minute to its polls; a process told of nothing learns of limits
 * set elsewhere that late, and meanwhile takes nothing from the newly limited pipeline).
 */
final class LimitedPipelines {

  /** How old the picture of the limits may get while reserves run. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  /** How old it may get while a process only polls. */
  static final Duration IDLE_REFRESH = Duration.ofMinutes(1);

  private record Snapshot(Map<String, PipelineLimits> limits, long readAt) {}

  private static final RowMapper<Map.Entry<String, PipelineLimits>> ROW =
      (rs, ctx) -> Map.entry(rs.getString("pipeline"), limits(rs));

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private volatile Snapshot snapshot;

  LimitedPipelines(Connector connector, SqlDialect dialect, SqlStatements sql) {
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
  }

  void set(String pipeline, PipelineLimits limits) {
    String action = "set the limits of pipeline '" + pipeline + "'";
    connector.connect(
        action,
        c ->
            dialect.write(
                c,
                w ->
                    limits == null
                        ? PlainSql.of(action, sql.shared("limits-clear"))
                            .bind("pipeline", pipeline)
                            .update(w)
                        : PlainSql.of(action, sql.get("limits-set"))
                            .bind("pipeline", pipeline)
                            .bind(
                                "max_reserved",
                                limits.maxReserved().stream().boxed().findAny().orElse(null))
                            .bind(
                                "rate_count",
                                limits.rate().map(PipelineLimits.Rate::count).orElse(null))
                            .bind(
                                "rate_interval_ms",
                                limits.rate().map(rate -> rate.interval().toMillis()).orElse(null))
                            .update(w)));
    snapshot = null;
  }

  Optional<PipelineLimits> get(String pipeline) {
    return Optional.ofNullable(read().get(pipeline));
  }

  /** Every pipeline's limits, read now. */
  Map<String, PipelineLimits> all() {
    return read();
  }

  /** Whether this pipeline had limits when this process last looked; no round trip. */
  boolean seenLimited(String pipeline) {
    Snapshot seen = snapshot;
    return seen != null && seen.limits().containsKey(pipeline);
  }

  /**
   * The limits of those of {@code pipelines} that have any, as this process saw them lately.
   *
   * @param poll the reserve is an idle poll (see {@link SqlDialect#reserve})
   */
  Map<String, PipelineLimits> of(List<String> pipelines, boolean poll) {
    Snapshot seen = snapshot;
    if (seen == null
        || System.nanoTime() - seen.readAt() > (poll ? IDLE_REFRESH : REFRESH).toNanos()) {
      read();
      seen = snapshot;
    }
    if (seen.limits().isEmpty()) {
      return Map.of();
    }
    return pipelines.stream()
        .filter(seen.limits()::containsKey)
        .collect(Collectors.toMap(p -> p, seen.limits()::get));
  }

  /**
   * Reserves up to {@code max} jobs of a limited pipeline, as many as its limits allow now; when
   * they allow none, says how long until they may allow one (a rate slot frees or a held job's TTR
   * ends; a delete, bury or release in this process wakes the waiter sooner, and on PostgreSQL one
   * in any process, through the NOTIFY of {@code V10__notify_when_limit_frees}; elsewhere the
   * waiter looks again at the dialect's poll interval).
   */
  Reserved reserve(String pipeline, int max) {
    String action = "reserve from limited pipeline '" + pipeline + "'";
    return connector.connect(
        action,
        c ->
            dialect.acknowledgeInTransaction(
                c,
                tx -> {
                  List<PipelineLimits> locked =
                      PlainSql.of(action, sql.get("limits-lock"))
                          .bind("pipeline", pipeline)
                          .rows(tx, (rs, ctx) -> limits(rs));
                  if (locked.isEmpty()) {
                    // Cleared since this process looked: an unlimited pipeline.
                    snapshot = null;
                    return Reserved.of(dialect.reserveLimited(tx, sql, pipeline, max));
                  }
                  PipelineLimits limits = locked.get(0);
                  long intervalMs = limits.rate().map(r -> r.interval().toMillis()).orElse(0L);
                  Usage usage =
                      PlainSql.of(action, sql.get("limits-usage"))
                          .bind("pipeline", pipeline)
                          .bind("interval_ms", intervalMs)
                          .rows(tx, Usage.ROW)
                          .get(0);
                  int allowed = max;
                  long waitMs = Long.MAX_VALUE;
                  if (limits.maxReserved().isPresent()) {
                    allowed =
                        (int) Math.min(allowed, limits.maxReserved().getAsInt() - usage.reserved());
                    if (allowed <= 0) {
                      waitMs = Math.min(waitMs, usage.freeMs());
                    }
                  }
                  if (limits.rate().isPresent()) {
                    long left = limits.rate().get().count() - usage.started();
                    if (left <= 0) {
                      waitMs = Math.min(waitMs, usage.slotMs());
                    }
                    allowed = (int) Math.min(allowed, left);
                  }
                  if (allowed <= 0) {
                    return new Reserved(
                        List.of(),
                        waitMs == Long.MAX_VALUE
                            ? Long.MAX_VALUE
                            : Duration.ofMillis(Math.max(1, waitMs)).toNanos());
                  }
                  List<Job> jobs = dialect.reserveLimited(tx, sql, pipeline, allowed);
                  if (limits.rate().isPresent() && !jobs.isEmpty()) {
                    PlainSql.of(action, sql.get("limits-prune"))
                        .bind("pipeline", pipeline)
                        .bind("interval_ms", intervalMs)
                        .update(tx);
                    PlainSql.of(action, sql.get("limits-start"))
                        .bind("pipeline", pipeline)
                        .bind("count", jobs.size())
                        .update(tx);
                  }
                  return Reserved.of(jobs);
                }));
  }

  private Map<String, PipelineLimits> read() {
    String action = "read the pipelines' limits";
    Map<String, PipelineLimits> limits =
        connector.connect(
            action,
            c ->
                dialect.read(
                    c,
                    r ->
                        PlainSql.of(action, sql.shared("limits")).rows(r, ROW).stream()
                            .collect(
                                Collectors.toUnmodifiableMap(
                                    Map.Entry::getKey, Map.Entry::getValue))));
    snapshot = new Snapshot(limits, System.nanoTime());
    return limits;
  }

  private static PipelineLimits limits(ResultSet rs) throws SQLException {
    int maxReserved = rs.getInt("max_reserved");
    OptionalInt max = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(maxReserved);
    int rateCount = rs.getInt("rate_count");
    Optional<PipelineLimits.Rate> rate =
        rs.wasNull()
            ? Optional.empty()
            : Optional.of(
                new PipelineLimits.Rate(
                    rateCount, Duration.ofMillis(rs.getLong("rate_interval_ms"))));
    return new PipelineLimits(max, rate);
  }

  /** What limits-usage.sql counts; a NULL wait (nothing held or started) is no end known. */
  private record Usage(long reserved, long started, long slotMs, long freeMs) {
    static final RowMapper<Usage> ROW =
        (rs, ctx) ->
            new Usage(
                rs.getLong("reserved"),
                rs.getLong("started"),
                orNever(rs, "slot_ms"),
                orNever(rs, "free_ms"));

    private static long orNever(ResultSet rs, String column) throws SQLException {
      long value = rs.getLong(column);
      return rs.wasNull() ? Long.MAX_VALUE : value;
    }
  }
}
