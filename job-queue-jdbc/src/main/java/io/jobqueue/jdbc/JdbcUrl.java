package io.jobqueue.jdbc;

import io.jobqueue.spi.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a JDBC URL before anything connects, so that bad input fails with {@link
 * IllegalArgumentException} saying what is wrong and what is allowed. Without it, a malformed
 * PostgreSQL port fails as "No suitable driver" (and the driver prints a warning on stderr), a
 * MySQL port as a connection failure, and a read-only SQLite file opens, fails at the first add and
 * leaves its {@code -wal} and {@code -shm} files behind.
 *
 * <p>Only the forms below are checked; the drivers' rarer forms (MySQL's {@code address=(…)} and
 * {@code (host=…)}, PostgreSQL's {@code jdbc:postgresql:database}) are left to the drivers.
 */
final class JdbcUrl {

  private static final String POSTGRES = "jdbc:postgresql:";
  private static final String MYSQL = "jdbc:mysql:";
  private static final String MARIADB = "jdbc:mariadb:";
  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRES_FORM =
      "jdbc:postgresql://host[:port][,host[:port]...]/database[?property=value&...] (port 1 to 65535, default 5432)";
  private static final String MYSQL_FORM =
      "jdbc:mysql://[user[:password]@]host[:port][,host[:port]...][/database]"
          + "[?property=value&...] (or jdbc:mariadb://…; port 1 to 65535, default 3306)";

  private JdbcUrl() {}

  /**
   * Throws {@link IllegalArgumentException} when {@code url} is malformed, or names a SQLite
   * database that cannot be written.
   */
  static void check(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith(POSTGRES)) {
      checkServers(url, url.substring(POSTGRES.length()), true, POSTGRES_FORM);
    } else if (lower.startsWith(MYSQL) || lower.startsWith(MARIADB)) {
      checkServers(url, url.substring(url.indexOf(':', "jdbc:".length()) + 1), false, MYSQL_FORM);
    } else if (lower.startsWith(SQLITE)) {
      checkSqlite(url);
    }
  }

  /** Checks the host list after {@code //}: every port a number from 1 to 65535. */
  private static void checkServers(String url, String rest, boolean slashRequired, String form) {
    if (!rest.startsWith("//")) {
      return;
    }
    String hosts = rest.substring(2);
    int slash = hosts.indexOf('/');
    int query = hosts.indexOf('?');
    if (slashRequired && (slash < 0 || (query >= 0 && query < slash))) {
      throw invalid(url, "a '/' and the database name must follow the host and port", form);
    }
    int end = slash < 0 ? query : query < 0 ? slash : Math.min(slash, query);
    if (end >= 0) {
      hosts = hosts.substring(0, end);
    }
    if (hosts.contains("(") || hosts.contains("=")) {
      return; // MySQL's key=value host forms
    }
    for (String entry : hosts.split(",", -1)) {
      String address = slashRequired ? entry : entry.substring(entry.lastIndexOf('@') + 1);
      String port = port(address);
      if (port != null && !validPort(port)) {
        throw invalid(
            url,
            "port '"
                + port
                + "' of host '"
                + address.substring(0, address.length() - port.length() - 1)
                + "' is not a number from 1 to 65535",
            form);
      }
    }
  }

  /**
   * The text after the host's last {@code :}, or null when there is none. An IPv6 address is in
   * brackets, {@code [::1]:5432}; any other bracket is part of a MySQL host sublist, {@code
   * [host1,host2]}, which the split by commas cut apart: those are left to the driver.
   */
  private static String port(String address) {
    boolean ipv6 = address.startsWith("[") && address.indexOf(']') > 0;
    if (!ipv6 && (address.contains("[") || address.contains("]"))) {
      return null;
    }
    int colon = address.lastIndexOf(':');
    return colon > (ipv6 ? address.indexOf(']') : -1) ? address.substring(colon + 1) : null;
  }

  private static boolean validPort(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65_535;
  }

  /**
   * A queue writes to its database, and in WAL mode SQLite creates {@code <file>-wal} and {@code
   * <file>-shm} beside it, so both the file (when it exists) and its directory must be writable.
   * {@link Files#isWritable} asks the operating system, which also refuses root for an immutable
   * file ({@code chattr +i}) or a read-only mount.
   */
  private static void checkSqlite(String url) {
    String name = url.substring(SQLITE.length());
    int query = name.indexOf('?');
    String parameters = query < 0 ? "" : "&" + name.substring(query + 1) + "&";
    name = query < 0 ? name : name.substring(0, query);
    boolean uri = name.startsWith("file:");
    if (uri) {
      name = name.substring("file:".length());
      if (name.startsWith("//")) {
        name =
            name.substring(Math.max(name.indexOf('/', 2), 2)); // the authority: empty or localhost
      }
      if (parameters.contains("&mode=ro&")) {
        throw new IllegalArgumentException(
            "SQLite database '"
                + name
                + "' of URL '"
                + url
                + "' would be opened"
                + " read-only (mode=ro), but a queue writes to its database: drop mode=ro or use mode=rw");
      }
    }
    if (name.isEmpty()
        || name.equals(":memory:")
        || name.startsWith(":resource:")
        || parameters.contains("&mode=memory&")) {
      return;
    }
    Path file = Path.of(name).toAbsolutePath();
    Path directory = file.getParent();
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "the directory of SQLite database "
              + file
              + " does not exist: create "
              + directory
              + " first, or name a file in an existing directory");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new IllegalArgumentException(
          "SQLite database "
              + file
              + " is read-only, but a queue writes to its"
              + " database: make the file writable for this process, or name another file");
    }
    if (!Files.isWritable(directory)) {
      throw new IllegalArgumentException(
          "the directory "
              + directory
              + " of SQLite database "
              + file.getFileName()
              + " is read-only, but SQLite creates the database and its "
              + file.getFileName()
              + "-wal and "
              + file.getFileName()
              + "-shm files there: make the directory writable for this process, or use another");
    }
  }

  private static IllegalArgumentException invalid(String url, String problem, String form) {
    return new IllegalArgumentException(
        "invalid JDBC URL '" + Checks.redact(url) + "': " + problem + "; the form is " + form);
  }
}
