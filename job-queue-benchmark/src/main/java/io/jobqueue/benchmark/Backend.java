package io.jobqueue.benchmark;

import io.jobqueue.JobQueueConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backend to measure: its short name in the output, what kind of server it is, its URL (the
 * baseline loop derives its own connection from it) and the library settings to open it with.
 */
record Backend(String name, Kind kind, String url, Map<String, String> properties) {

  /**
   * The library's tables on the database servers: the benchmark's own, apart from the {@code
   * jobqueue_} ones of tests and applications in the same database.
   */
  static final String TABLE_PREFIX = "bench_";

  Backend {
    properties = Map.copyOf(properties);
  }

  Backend(String name, Kind kind, String url) {
    this(name, kind, url, Map.of());
  }

  /**
   * The library's configuration for this backend, at {@code url} (which may differ, e.g. through a
   * proxy).
   */
  JobQueueConfig config(String url) {
    JobQueueConfig.Builder builder = JobQueueConfig.builder(url);
    properties.forEach(builder::property);
    return builder.build();
  }

  /**
   * On PostgreSQL, vacuums the library's jobs table before a run, as autovacuum does on its own
   * once 1,000 rows are dead (the library's migration sets that): a server running without
   * autovacuum would otherwise make each run wade through the dead rows of all runs before it.
   */
  void vacuum() {
    if (kind != Kind.POSTGRES) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM " + TABLE_PREFIX + "jobs");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot vacuum " + TABLE_PREFIX + "jobs on " + name + ": " + e.getMessage(), e);
    }
  }

  /** The properties as {@code key=value} arguments, for a child JVM. */
  List<String> propertyArguments() {
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add(k + "=" + v));
    return args;
  }

  /** The kinds of backend, each with its own baseline loop. */
  enum Kind {
    SQLITE,
    POSTGRES,
    MARIADB,
    BEANSTALKD;

    boolean isSql() {
      return this != BEANSTALKD;
    }
  }

  /** A baseline on this backend with its own table or tube, named with {@code suffix}. */
  Baseline newBaseline(String suffix) {
    return kind.isSql()
        ? new JdbcBaseline(kind, url, "bench_baseline_" + suffix)
        : new BeanstalkBaseline(url, "bench-baseline-" + suffix);
  }
}
