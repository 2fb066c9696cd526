package io.jobqueue.jdbc;

import io.jobqueue.JobQueueException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One dialect's SQL statements, read from classpath resources under {@code io/jobqueue/jdbc/}:
 *
 * <ul>
 *   <li>{@code <dialect>/<name>.sql}: the contract statements, run by the shared classes. Every
 *       dialect folder has the same names, and a name takes the same parameters and means the same
 *       on every database ({@code SqlContractTest} checks it).
 *   <li>{@code <dialect>/private/<name>.sql}: the steps of an operation the dialect class owns
 *       because the databases do it differently (e.g. reserve: one statement on PostgreSQL and
 *       SQLite, two on MySQL); only that class runs them.
 *   <li>{@code <name>.sql}: statements that are the same text on every database ({@link #shared}).
 * </ul>
 *
 * Four names are put into the text: {@code <prefix>}, the table prefix, validated by {@link
 * JdbcSettings#checkTablePrefix}; {@code <jobs-now>}, the dialect's {@code jobs-now.sql}, every job
 * with its state as a reader sees it now; {@code <now-ms>}, the dialect's {@code now-ms.sql}, the
 * database's clock in milliseconds; and {@code <acknowledgement-commit>} (PostgreSQL), the {@code
 * synchronous_commit} of reserves and acknowledgements, one of two fixed texts. Values are always
 * bound, never put into the text.
 */
final class SqlStatements {

  private static final String ROOT = "io/jobqueue/jdbc/";
  private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*--.*\\R?");
  private static final String JOBS_NOW = "<jobs-now>";
  private static final String NOW_MS = "<now-ms>";
  private static final String ACKNOWLEDGEMENT_COMMIT = "<acknowledgement-commit>";

  private final String dialect;
  private final String tablePrefix;
  private final String acknowledgementCommit;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /** Statements whose acknowledgements commit asynchronously, the default. */
  SqlStatements(String dialect, String tablePrefix) {
    this(dialect, tablePrefix, false);
  }

  /**
   * @param durableAcknowledgements reserves and acknowledgements commit at the session's own {@code
   *     synchronous_commit} (on by default) instead of off
   */
  SqlStatements(String dialect, String tablePrefix, boolean durableAcknowledgements) {
    this.dialect = dialect;
    this.tablePrefix = JdbcSettings.checkTablePrefix(tablePrefix);
    this.acknowledgementCommit =
        durableAcknowledgements ? "current_setting('synchronous_commit')" : "'off'";
  }

  /**
   * The statement {@code <dialect>/<name>.sql} ({@code name} may be {@code private/…}), without
   * comment lines (a colon in a comment would read as a parameter).
   */
  String get(String name) {
    return cached(name, () -> expand(withComments(name)));
  }

  /** The statement as written, comments included, for people to read. */
  String withComments(String name) {
    return read(ROOT + dialect + "/" + name + ".sql").replace("<prefix>", tablePrefix);
  }

  /** A statement whose text is the same on every database, {@code io/jobqueue/jdbc/<name>.sql}. */
  String shared(String name) {
    return cached(
        "/" + name, () -> expand(read(ROOT + name + ".sql").replace("<prefix>", tablePrefix)));
  }

  /**
   * Not computeIfAbsent: expanding one statement reads another, and the map forbids that inside it.
   */
  private String cached(String key, Supplier<String> read) {
    String statement = cache.get(key);
    if (statement == null) {
      statement = read.get();
      cache.put(key, statement);
    }
    return statement;
  }

  private String expand(String statement) {
    String text = COMMENT_LINE.matcher(statement).replaceAll("").strip();
    if (text.contains(JOBS_NOW)) {
      text = text.replace(JOBS_NOW, get("jobs-now"));
    }
    text = text.replace(ACKNOWLEDGEMENT_COMMIT, acknowledgementCommit);
    return text.contains(NOW_MS) ? text.replace(NOW_MS, get("now-ms")) : text;
  }

  private static String read(String path) {
    try (InputStream in = SqlStatements.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new JobQueueException("missing SQL resource " + path + " in job-queue-jdbc");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JobQueueException("cannot read SQL resource " + path, e);
    }
  }
}
