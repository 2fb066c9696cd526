package io.jobqueue.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The prepared statements of one SQLite connection, kept for its next use: sqlite-jdbc compiles the
 * SQL again for every {@code prepareStatement}, which was about half of a reserve's or a delete's
 * time in the hand-written drain loop, while PostgreSQL's driver keeps server-side statements
 * itself and MySQL's prepares on the client at no cost. A statement is reset when its result set
 * closes or its update ends (so no kept statement holds a read transaction that would stop a WAL
 * checkpoint), and its parameters are cleared when it is given back. A connection is used by one
 * thread at a time (the pool's), so one connection's statements need no lock.
 */
final class StatementCache {

  /** More than the statements the hot paths use (about 15), few enough to bound the memory. */
  static final int MAX_PER_CONNECTION = 64;

  private static final Map<Connection, StatementCache> CACHES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Connection connection;

  /** Least recently used first; the eldest is closed when one more would go past the bound. */
  private final LinkedHashMap<String, PreparedStatement> statements =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= MAX_PER_CONNECTION) {
            return false;
          }
          close(eldest.getValue());
          return true;
        }
      };

  private StatementCache(Connection connection) {
    this.connection = connection;
  }

  /** The cache of the SQLite connection behind {@code connection}, or null on other databases. */
  static StatementCache of(Connection connection) throws SQLException {
    Connection physical = connection.unwrap(Connection.class);
    if (!physical.getClass().getName().startsWith("org.sqlite.")) {
      return null;
    }
    return CACHES.computeIfAbsent(physical, StatementCache::new);
  }

  /** The statement for {@code sql}, prepared now or kept from an earlier use. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null || statement.isClosed()) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /** Takes back a statement from {@link #get}, its result set closed. */
  void giveBack(PreparedStatement statement) throws SQLException {
    statement.clearParameters();
    statement.clearBatch();
  }

  private static void close(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // The statement is dropped either way; its connection frees it when it closes.
    }
  }
}
