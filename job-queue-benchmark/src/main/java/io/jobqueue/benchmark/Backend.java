package io.jobqueue.benchmark;

import io.jobqueue.JobQueueConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
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

  /** This backend opened with durable acknowledgements, when it is a SQL one. */
  Backend withDurableAcknowledgements() {
    if (!kind.isSql()) {
      return this;
    }
    Map<String, String> durable = new HashMap<>(properties);
    durable.put("durableAcknowledgements", "true");
    return new Backend(name, kind, url, durable);
  }

  /** This backend opened with a pool of {@code connections}, when it is a database server. */
  Backend withPoolSize(int connections) {
    if (kind != Kind.POSTGRES && kind != Kind.MARIADB) {
      return this;
    }
    Map<String, String> sized = new HashMap<>(properties);
    sized.put("poolSize", Integer.toString(connections));
    return new Backend(name, kind, url, sized);
  }

  /**
   * How many more processes opened with a pool of {@code poolSize} the server accepts now: its
   * {@code max_connections} less the connections open, less {@code spare}, divided by what one
   * process holds (on PostgreSQL the pool and the LISTEN connection). Unbounded for SQLite and
   * beanstalkd.
   */
  int processesThatFit(int poolSize, int spare) {
    String sql =
        switch (kind) {
          case POSTGRES ->
              "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
                  + " WHERE backend_type = 'client backend'";
          case MARIADB ->
              "SELECT @@max_connections - VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                  + " WHERE VARIABLE_NAME = 'THREADS_CONNECTED'";
          case SQLITE, BEANSTALKD -> null;
        };
    if (sql == null) {
      return Integer.MAX_VALUE;
    }
    int perProcess = kind == Kind.POSTGRES ? poolSize + 1 : poolSize;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      // less this connection, closed again before the processes start
      return Math.max(0, (rs.getInt(1) + 1 - spare) / perProcess);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read how many connections " + name + " accepts: " + e.getMessage(), e);
    }
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
   * On PostgreSQL, brings the server to the same state before every timed scenario: {@code VACUUM
   * ANALYZE} of the benchmark's tables (the library's, the baseline's and the peers', all named
   * {@code bench_…}), as autovacuum does on its own once 1,000 rows are dead (the library's
   * migration sets that), then a {@code CHECKPOINT}. Without it a server running without autovacuum
   * made each run wade through the dead rows of the runs before, plan with statistics of another
   * run's table, and sometimes pay for a checkpoint's full-page writes in the middle of a drain:
   * three drains of one invocation ran at 9,752 to 38,799 jobs/s (issue 14).
   */
  void settle() {
    if (kind != Kind.POSTGRES) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()"
                  + " AND left(tablename, 6) = 'bench_'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      if (!tables.isEmpty()) {
        statement.execute("VACUUM ANALYZE " + String.join(", ", tables));
      }
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot vacuum, analyze and checkpoint on " + name + ": " + e.getMessage(), e);
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
