package io.jobqueue.benchmark;

import io.jobqueue.JobQueueConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backend to measure: its short name in the output, what kind of server it is, its URL (the
 * baseline loop derives its own connection from it) and the library settings to open it with.
 */
record Backend(String name, Kind kind, String url, Map<String, String> properties) {

  Backend {
    properties = Map.copyOf(properties);
  }

  Backend(String name, Kind kind, String url) {
    this(name, kind, url, Map.of());
  }

  /** The library's configuration for this backend, at {@code url} (which may differ, e.g. through a proxy). */
  JobQueueConfig config(String url) {
    JobQueueConfig.Builder builder = JobQueueConfig.builder(url);
    properties.forEach(builder::property);
    return builder.build();
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
    return kind.isSql() ? new JdbcBaseline(kind, url, "bench_baseline_" + suffix) : new BeanstalkBaseline(url,
        "bench-baseline-" + suffix);
  }
}
