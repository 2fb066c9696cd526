package io.jobqueue.jdbc;

import io.jobqueue.JobQueueConfig;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JDBC backend's settings from {@link JobQueueConfig#properties()}, validated; the names and
 * defaults are documented on {@link JdbcJobQueue}.
 *
 * @param poolSize connections for requests, or 0 for the dialect's default
 */
record JdbcSettings(
    String tablePrefix,
    int poolSize,
    boolean migrate,
    String synchronous,
    boolean durableAcknowledgements) {

  private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");
  private static final Set<String> SYNCHRONOUS = Set.of("FULL", "NORMAL", "EXTRA");
  private static final Set<String> KNOWN =
      Set.of(
          JdbcJobQueue.PROPERTY_TABLE_PREFIX,
          JdbcJobQueue.PROPERTY_POOL_SIZE,
          JdbcJobQueue.PROPERTY_MIGRATE,
          JdbcJobQueue.PROPERTY_SYNCHRONOUS,
          JdbcJobQueue.PROPERTY_DURABLE_ACKNOWLEDGEMENTS);

  static JdbcSettings from(JobQueueConfig config) {
    for (String name : config.properties().keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException(
            "unknown setting '" + name + "' for the JDBC backend; known settings are " + KNOWN);
      }
    }
    return new JdbcSettings(
        checkTablePrefix(
            config.property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, JdbcJobQueue.DEFAULT_TABLE_PREFIX)),
        poolSize(config.property(JdbcJobQueue.PROPERTY_POOL_SIZE, "0")),
        bool(
            JdbcJobQueue.PROPERTY_MIGRATE,
            config.property(
                JdbcJobQueue.PROPERTY_MIGRATE, String.valueOf(JdbcJobQueue.DEFAULT_MIGRATE))),
        synchronous(
            config.property(JdbcJobQueue.PROPERTY_SYNCHRONOUS, JdbcJobQueue.DEFAULT_SYNCHRONOUS)),
        bool(
            JdbcJobQueue.PROPERTY_DURABLE_ACKNOWLEDGEMENTS,
            config.property(
                JdbcJobQueue.PROPERTY_DURABLE_ACKNOWLEDGEMENTS,
                String.valueOf(JdbcJobQueue.DEFAULT_DURABLE_ACKNOWLEDGEMENTS))));
  }

  /** Returns the prefix if it is safe to put into SQL text: it is the only thing ever put there. */
  static String checkTablePrefix(String prefix) {
    if (prefix == null || !TABLE_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix '"
              + prefix
              + "' is invalid: use a lowercase letter followed by up to 30 lowercase letters,"
              + " digits or underscores ([a-z][a-z0-9_]{0,30}), e.g. '"
              + JdbcJobQueue.DEFAULT_TABLE_PREFIX
              + "'");
    }
    return prefix;
  }

  /** The pool size set, or the dialect's default. */
  int poolSize(SqlDialect dialect) {
    return poolSize > 0 ? poolSize : dialect.capabilities().defaultPoolSize();
  }

  private static int poolSize(String value) {
    try {
      int size = Integer.parseInt(value.trim());
      if (size >= 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below with the rule
    }
    throw new IllegalArgumentException(
        "poolSize must be a whole number of connections, 1 or more (0 for the default), was '"
            + value
            + "'");
  }

  private static boolean bool(String name, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
    };
  }

  private static String synchronous(String value) {
    String upper = value.trim().toUpperCase(Locale.ROOT);
    if (!SYNCHRONOUS.contains(upper)) {
      throw new IllegalArgumentException(
          "synchronous must be FULL (durable, the default), NORMAL (faster, may lose the last commits on power"
              + " loss) or EXTRA, was '"
              + value
              + "'");
    }
    return upper;
  }
}
