package io.jobqueue.jdbc;

import io.jobqueue.JobQueueException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One dialect's SQL statements, read from {@code io/jobqueue/jdbc/<dialect>/<name>.sql}, with the
 * table prefix put in for {@code <prefix>}. The prefix was validated by {@link
 * JdbcSettings#checkTablePrefix} and is the only text ever substituted; values are bound.
 */
final class SqlStatements {

  private static final String ROOT = "io/jobqueue/jdbc/";
  private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*--.*\\R?");

  private final String dialect;
  private final String tablePrefix;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  SqlStatements(String dialect, String tablePrefix) {
    this.dialect = dialect;
    this.tablePrefix = JdbcSettings.checkTablePrefix(tablePrefix);
  }

  /** The statement, without comment lines (Jdbi would read a colon in a comment as a parameter). */
  String get(String name) {
    return cache.computeIfAbsent(name, n -> COMMENT_LINE.matcher(withComments(n)).replaceAll("").strip());
  }

  /** The statement as written, comments included, for people to read. */
  String withComments(String name) {
    return read(ROOT + dialect + "/" + name + ".sql").replace("<prefix>", tablePrefix);
  }

  /** A statement shared by every dialect, with the prefix put in. */
  String shared(String name) {
    return COMMENT_LINE.matcher(read(ROOT + name + ".sql")).replaceAll("").strip().replace("<prefix>", tablePrefix);
  }

  private static String read(String path) {
    try (InputStream in = SqlStatements.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new JobQueueException("missing SQL resource " + path + " in job-queue-jdbc");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JobQueueException("cannot read SQL resource " + path, e);
    }
  }
}
