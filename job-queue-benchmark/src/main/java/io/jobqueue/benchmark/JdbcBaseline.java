package io.jobqueue.benchmark;

import io.jobqueue.benchmark.Backend.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The queue a user would write by hand in plain JDBC: a table with an index on (pipeline, priority,
 * id); enqueue is one autocommitted INSERT; reserve + delete is one transaction of {@code SELECT …
 * ORDER BY priority, id LIMIT 1 FOR UPDATE SKIP LOCKED}, the handler, {@code DELETE}, {@code
 * COMMIT}. SQLite has no row locks, so there the transaction is {@code BEGIN IMMEDIATE} … {@code
 * COMMIT} in WAL mode with {@code synchronous=NORMAL}, retried when the database is busy. One
 * connection per thread, no pool, no batching.
 */
final class JdbcBaseline implements Baseline {

  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final String PIPELINE = "baseline";
  private static final long PRIORITY = 1024;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private final Kind kind;
  private final String url;
  private final String table;

  JdbcBaseline(Kind kind, String libraryUrl, String table) {
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "baseline table name '" + table + "' must match " + TABLE_NAME);
    }
    this.kind = kind;
    this.url = kind == Kind.SQLITE ? separateSqliteFile(libraryUrl) : libraryUrl;
    this.table = table;
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(createTableSql());
      s.execute("CREATE INDEX " + table + "_reserve ON " + table + " (pipeline, priority, id)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the baseline table " + table + " at " + url + ": " + e, e);
    }
  }

  @Override
  public Set<Long> enqueue(int jobs, int threads, AtomicLong progress) {
    Set<Long> ids = ConcurrentHashMap.newKeySet(jobs);
    String sql = "INSERT INTO " + table + " (pipeline, priority, payload) VALUES (?, ?, ?)";
    Parallel.run(
        "baseline-enqueue",
        threads,
        thread -> {
          try (Connection c = connect();
              PreparedStatement insert = c.prepareStatement(sql, new String[] {"id"})) {
            for (int i = Parallel.sliceStart(jobs, threads, thread);
                i < Parallel.sliceStart(jobs, threads, thread + 1);
                i++) {
              insert.setString(1, PIPELINE);
              insert.setLong(2, PRIORITY);
              insert.setBytes(3, Payload.of(i));
              retryWhileBusy(insert::executeUpdate);
              try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                ids.add(keys.getLong(1));
              }
              progress.incrementAndGet();
            }
          }
        });
    return ids;
  }

  @Override
  public long waiting() throws SQLException {
    try (Connection c = connect();
        PreparedStatement count =
            c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE pipeline = ?")) {
      count.setString(1, PIPELINE);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public void drain(Ledger ledger, int threads, long stallMillis, AtomicLong progress) {
    String reserveSql =
        "SELECT id, payload FROM "
            + table
            + " WHERE pipeline = ? ORDER BY priority, id LIMIT 1"
            + (kind == Kind.SQLITE ? "" : " FOR UPDATE SKIP LOCKED");
    String deleteSql = "DELETE FROM " + table + " WHERE id = ?";
    Parallel.run(
        "baseline-drain",
        threads,
        thread -> {
          try (Connection c = connect();
              PreparedStatement reserve = c.prepareStatement(reserveSql);
              PreparedStatement delete = c.prepareStatement(deleteSql);
              Statement plain = c.createStatement()) {
            if (kind != Kind.SQLITE) {
              c.setAutoCommit(false);
            }
            long lastJob = System.nanoTime();
            while (!ledger.complete()) {
              int index = reserveAndDelete(c, plain, reserve, delete);
              if (index >= 0) {
                ledger.deliver(index);
                progress.incrementAndGet();
                lastJob = System.nanoTime();
              } else if ((System.nanoTime() - lastJob) / 1_000_000 > stallMillis) {
                return;
              } else {
                Thread.sleep(1);
              }
            }
          }
        });
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + table);
    }
  }

  /**
   * One transaction: take the most urgent job, delete it, commit. Returns its index, or -1 when
   * none.
   */
  private int reserveAndDelete(
      Connection c, Statement plain, PreparedStatement reserve, PreparedStatement delete)
      throws SQLException {
    if (kind == Kind.SQLITE) {
      retryWhileBusy(() -> plain.execute("BEGIN IMMEDIATE"));
    }
    int index = -1;
    reserve.setString(1, PIPELINE);
    try (ResultSet rs = reserve.executeQuery()) {
      if (rs.next()) {
        long id = rs.getLong(1);
        index = Payload.index(rs.getBytes(2));
        delete.setLong(1, id);
        delete.executeUpdate();
      }
    }
    if (kind == Kind.SQLITE) {
      plain.execute("COMMIT");
    } else {
      c.commit();
    }
    return index;
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    if (kind == Kind.SQLITE) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=5000");
      }
    }
    return c;
  }

  private String createTableSql() {
    return switch (kind) {
      case POSTGRES ->
          "CREATE TABLE "
              + table
              + " (id BIGSERIAL PRIMARY KEY, pipeline VARCHAR(200) NOT NULL,"
              + " priority BIGINT NOT NULL, payload BYTEA NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT now())";
      case MARIADB ->
          "CREATE TABLE "
              + table
              + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
              + " pipeline VARCHAR(200) NOT NULL, priority BIGINT NOT NULL, payload BLOB NOT NULL,"
              + " created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB";
      case SQLITE ->
          "CREATE TABLE "
              + table
              + " (id INTEGER PRIMARY KEY, pipeline TEXT NOT NULL,"
              + " priority INTEGER NOT NULL, payload BLOB NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
      case BEANSTALKD -> throw new IllegalArgumentException("beanstalkd has no SQL baseline");
    };
  }

  /**
   * SQLite allows one writer; a statement that cannot get the lock within busy_timeout fails with
   * SQLITE_BUSY, and the naive loop simply tries again.
   */
  private void retryWhileBusy(SqlAction action) throws SQLException {
    while (true) {
      try {
        action.run();
        return;
      } catch (SQLException e) {
        int code = e.getErrorCode() & 0xff;
        if (kind != Kind.SQLITE || (code != SQLITE_BUSY && code != SQLITE_LOCKED)) {
          throw e;
        }
      }
    }
  }

  /** The baseline keeps its own SQLite file beside the library's, so their locks never meet. */
  private static String separateSqliteFile(String libraryUrl) {
    int query = libraryUrl.indexOf('?');
    String base = query < 0 ? libraryUrl : libraryUrl.substring(0, query);
    return base + "-baseline.db";
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }
}
