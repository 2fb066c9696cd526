package io.jobqueue.benchmark;

/**
 * A backend to measure: its short name in the output, what kind of server it is, and its URL
 * (the library's URL; the baseline loop derives its own connection from it).
 */
record Backend(String name, Kind kind, String url) {

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
