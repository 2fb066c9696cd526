package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * How the statements every job goes through are run: add, reserve, delete, release, bury, touch,
 * the wait's polls, and PostgreSQL's listener. It is plain JDBC on a pooled connection, not Jdbi,
 * because Jdbi's per-statement work was half of the client's CPU time in a PostgreSQL drain and a
 * quarter of it when adding jobs one by one (JFR: opening a handle copies Jdbi's configuration), on
 * a machine where client and database share the cores. Jdbi stays where it serves and its cost is
 * not paid per job: migrations and what operators call (peek, stats, kick, pause); a caller's Jdbi
 * {@code Handle} is accepted for transactional enqueue, and its connection used. The resources keep
 * Jdbi's syntax, so either runs them: {@code :name} becomes {@code ?}, and a {@code <name>} list
 * becomes one {@code ?} per value, or one {@code (?, ?)} per tuple given as {@code long[]}.
 */
final class PlainSql {

  /** Prepares the statements that return the ids of the rows they insert. */
  static final Prepare RETURNING_ID =
      (connection, sql) -> connection.prepareStatement(sql, new String[] {"id"});

  private static final Map<String, List<Token>> PARSED = new ConcurrentHashMap<>();

  private final String action;
  private final List<Token> tokens;
  private final Map<String, Object> values = new HashMap<>();

  private PlainSql(String action, String template) {
    this.action = action;
    this.tokens = PARSED.computeIfAbsent(template, PlainSql::parse);
  }

  /**
   * @param action what the statement does, for the failure's message
   */
  static PlainSql of(String action, String template) {
    return new PlainSql(action, template);
  }

  /** Binds {@code :name}: a Long, Integer, String, byte[] or (PostgreSQL) long[]. */
  PlainSql bind(String name, Object value) {
    values.put(name, value);
    return this;
  }

  /** Binds {@code <name>}: Strings or Longs, or long[] tuples of the same length. */
  PlainSql bindList(String name, List<?> list) {
    values.put(name, list);
    return this;
  }

  List<Job> jobs(Connection connection) {
    try (InUse statement = prepare(connection);
        ResultSet rs = statement.statement().executeQuery()) {
      List<Job> jobs = new ArrayList<>();
      while (rs.next()) {
        jobs.add(JobMapper.INSTANCE.map(rs, null));
      }
      return jobs;
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  Set<Long> ids(Connection connection) {
    try (InUse statement = prepare(connection);
        ResultSet rs = statement.statement().executeQuery()) {
      Set<Long> ids = new HashSet<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  /** Every row, read by {@code mapper}. */
  <T> List<T> rows(Connection connection, RowMapper<T> mapper) {
    try (InUse statement = prepare(connection);
        ResultSet rs = statement.statement().executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs, null));
      }
      return rows;
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  /** The first column of the first row, or null when it is NULL or there is no row. */
  Long number(Connection connection) {
    try (InUse statement = prepare(connection);
        ResultSet rs = statement.statement().executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      long value = rs.getLong(1);
      return rs.wasNull() ? null : value;
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  /**
   * Runs this INSERT once for each of {@code rows}, on one statement that {@code prepare} made,
   * with the values {@code bindRow} binds for the row: as one JDBC batch when {@code batch}, else
   * one execution after the other. Returns the ids the database generated, in order.
   */
  <T> List<Long> insert(
      Connection connection,
      Prepare prepare,
      boolean batch,
      List<T> rows,
      BiConsumer<PlainSql, T> bindRow) {
    List<Long> ids = new ArrayList<>(rows.size());
    run(connection, prepare, batch, rows, bindRow, ids);
    return ids;
  }

  /**
   * Runs this INSERT once for each of {@code rows} as one JDBC batch, for a table whose keys the
   * caller gives (nothing generated to read back).
   */
  <T> void insertAll(Connection connection, List<T> rows, BiConsumer<PlainSql, T> bindRow) {
    run(connection, Connection::prepareStatement, true, rows, bindRow, null);
  }

  /** Runs the insert per row; reads the generated ids into {@code ids} unless it is null. */
  private <T> void run(
      Connection connection,
      Prepare prepare,
      boolean batch,
      List<T> rows,
      BiConsumer<PlainSql, T> bindRow,
      List<Long> ids) {
    StringBuilder sql = new StringBuilder(256);
    List<String> names = new ArrayList<>();
    for (Token token : tokens) {
      switch (token.kind) {
        case TEXT -> sql.append(token.text);
        case PARAMETER -> {
          sql.append('?');
          names.add(token.text);
        }
        case LIST ->
            throw new IllegalStateException(
                "an insert run per row takes no list, found <" + token.text + ">");
      }
    }
    try (InUse inUse = InUse.prepare(connection, prepare, sql.toString())) {
      PreparedStatement statement = inUse.statement();
      for (T row : rows) {
        values.clear();
        bindRow.accept(this, row);
        for (int i = 0; i < names.size(); i++) {
          set(statement, i + 1, value(names.get(i)));
        }
        if (batch) {
          statement.addBatch();
        } else {
          statement.executeUpdate();
          readIds(statement, ids);
        }
      }
      if (batch) {
        statement.executeBatch();
        readIds(statement, ids);
      }
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  int update(Connection connection) {
    try (InUse statement = prepare(connection)) {
      return statement.statement().executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  private InUse prepare(Connection connection) throws SQLException {
    StringBuilder sql = new StringBuilder(256);
    List<Object> args = new ArrayList<>();
    for (Token token : tokens) {
      switch (token.kind) {
        case TEXT -> sql.append(token.text);
        case PARAMETER -> {
          sql.append('?');
          args.add(value(token.text));
        }
        case LIST -> appendList(sql, args, (List<?>) value(token.text));
      }
    }
    InUse statement = InUse.prepare(connection, Connection::prepareStatement, sql.toString());
    try {
      for (int i = 0; i < args.size(); i++) {
        set(statement.statement(), i + 1, args.get(i));
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private static void set(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value instanceof byte[] bytes) {
      statement.setBytes(index, bytes);
    } else {
      statement.setObject(index, value);
    }
  }

  private static void readIds(PreparedStatement statement, List<Long> ids) throws SQLException {
    if (ids == null) {
      return;
    }
    try (ResultSet keys = statement.getGeneratedKeys()) {
      while (keys.next()) {
        ids.add(keys.getLong(1));
      }
    }
  }

  /** Durations are bound as whole milliseconds, rounded up: a delay or pause is never cut short. */
  static long millis(Duration duration) {
    long millis = duration.toMillis();
    return duration.minusMillis(millis).isZero() ? millis : millis + 1;
  }

  private static void appendList(StringBuilder sql, List<Object> args, List<?> list) {
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      if (list.get(i) instanceof long[] tuple) {
        sql.append('(');
        for (int j = 0; j < tuple.length; j++) {
          sql.append(j == 0 ? "?" : ", ?");
          args.add(tuple[j]);
        }
        sql.append(')');
      } else {
        sql.append('?');
        args.add(list.get(i));
      }
    }
  }

  private Object value(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalStateException(
          "no value bound for " + name + " in the statement to " + action);
    }
    return values.get(name);
  }

  /**
   * Splits a statement into text, {@code :parameters} and {@code <lists>}; quoted text and {@code
   * ::} casts stay text.
   */
  static List<Token> parse(String template) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c == '\'') {
        int end = template.indexOf('\'', i + 1);
        end = end < 0 ? n : end + 1;
        text.append(template, i, end);
        i = end;
      } else if (c == ':' && i + 1 < n && template.charAt(i + 1) == ':') {
        text.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < n && isNameStart(template.charAt(i + 1))) {
        int end = nameEnd(template, i + 1);
        flush(tokens, text);
        tokens.add(new Token(Kind.PARAMETER, template.substring(i + 1, end)));
        i = end;
      } else if (c == '<'
          && i + 1 < n
          && isNameStart(template.charAt(i + 1))
          && nameEnd(template, i + 1) < n
          && template.charAt(nameEnd(template, i + 1)) == '>') {
        int end = nameEnd(template, i + 1);
        flush(tokens, text);
        tokens.add(new Token(Kind.LIST, template.substring(i + 1, end)));
        i = end + 1;
      } else {
        text.append(c);
        i++;
      }
    }
    flush(tokens, text);
    return List.copyOf(tokens);
  }

  private static void flush(List<Token> tokens, StringBuilder text) {
    if (!text.isEmpty()) {
      tokens.add(new Token(Kind.TEXT, text.toString()));
      text.setLength(0);
    }
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static int nameEnd(String s, int from) {
    int i = from;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /** Prepares a statement from its SQL with {@code ?} placeholders. */
  @FunctionalInterface
  interface Prepare {
    PreparedStatement prepare(Connection connection, String sql) throws SQLException;
  }

  /** A statement in use: closed afterwards, or given back to its SQLite connection's cache. */
  private record InUse(PreparedStatement statement, StatementCache cache) implements AutoCloseable {

    static InUse prepare(Connection connection, Prepare prepare, String sql) throws SQLException {
      StatementCache cache = StatementCache.of(connection);
      // sqlite-jdbc prepares the same statement whatever prepare asks for (generated keys too).
      return new InUse(cache != null ? cache.get(sql) : prepare.prepare(connection, sql), cache);
    }

    @Override
    public void close() throws SQLException {
      if (cache != null) {
        cache.giveBack(statement);
      } else {
        statement.close();
      }
    }
  }

  enum Kind {
    TEXT,
    PARAMETER,
    LIST
  }

  record Token(Kind kind, String text) {}
}
