package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * One of the SQL resources run with plain JDBC instead of Jdbi, for the statements every job goes
 * through (reserve, delete, release, bury, touch): in a PostgreSQL drain, Jdbi's per-statement
 * work was half of the client's CPU time (JFR), on a machine where client and database share the
 * cores. The resources keep Jdbi's syntax: {@code :name} becomes {@code ?}, and a {@code <name>}
 * list becomes one {@code ?} per value, or one {@code (?, ?)} per tuple given as {@code long[]}.
 */
final class PlainSql {

  private static final Map<String, List<Token>> PARSED = new ConcurrentHashMap<>();

  private final String action;
  private final List<Token> tokens;
  private final Map<String, Object> values = new HashMap<>();

  private PlainSql(String action, String template) {
    this.action = action;
    this.tokens = PARSED.computeIfAbsent(template, PlainSql::parse);
  }

  /** @param action what the statement does, for the failure's message */
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
    try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
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
    try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
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
    try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
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
    try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      long value = rs.getLong(1);
      return rs.wasNull() ? null : value;
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  int update(Connection connection) {
    try (PreparedStatement statement = prepare(connection)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(action, e);
    }
  }

  private PreparedStatement prepare(Connection connection) throws SQLException {
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
    PreparedStatement statement = connection.prepareStatement(sql.toString());
    try {
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i) instanceof byte[] bytes) {
          statement.setBytes(i + 1, bytes);
        } else {
          statement.setObject(i + 1, args.get(i));
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
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
      throw new IllegalStateException("no value bound for " + name + " in the statement to " + action);
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
      } else if (c == '<' && i + 1 < n && isNameStart(template.charAt(i + 1))
          && nameEnd(template, i + 1) < n && template.charAt(nameEnd(template, i + 1)) == '>') {
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

  enum Kind { TEXT, PARAMETER, LIST }

  record Token(Kind kind, String text) {}
}
