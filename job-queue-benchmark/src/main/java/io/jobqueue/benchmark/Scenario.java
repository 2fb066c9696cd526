package io.jobqueue.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What the benchmark measures, in the order it runs them on each backend. */
enum Scenario {
  BASELINE_ENQUEUE(
      "baseline-enqueue",
      "plain loop: one insert (beanstalkd: put) per transaction, W threads",
      null),
  BASELINE_DRAIN(
      "baseline-drain",
      "plain loop: reserve with SELECT ... FOR UPDATE SKIP LOCKED (beanstalkd: reserve) + delete, one job per"
          + " transaction, W threads",
      null),
  ENQUEUE_ONE("enqueue-one", "Pipeline.addJob, one job per call, W threads", BASELINE_ENQUEUE),
  ENQUEUE_BATCH("enqueue-batch", "Pipeline.addJobs in batches, W threads", BASELINE_ENQUEUE),
  DRAIN_API("drain-api", "JobQueue.reserve + delete, no-op, W threads", BASELINE_DRAIN),
  DRAIN_WORKER("drain-worker", "Worker runtime, concurrency W, no-op handler", BASELINE_DRAIN),
  DRAIN_PROCESSES(
      "drain-processes",
      "several worker processes (JVMs) on one backend, W workers in all",
      BASELINE_DRAIN),
  LATENCY("latency", "enqueue -> handler start at a fixed offered rate, Worker runtime", null),
  IDLE_QUERIES(
      "idle-queries",
      "statements and round trips per second sent by one idle Worker process (SQL servers only)",
      null);

  private final String key;
  private final String description;
  private final Scenario baseline;

  Scenario(String key, String description, Scenario baseline) {
    this.key = key;
    this.description = description;
    this.baseline = baseline;
  }

  String key() {
    return key;
  }

  String description() {
    return description;
  }

  /** The baseline scenario this one is compared with, or null. */
  Scenario baseline() {
    return baseline;
  }

  static Scenario byKey(String key) {
    return Arrays.stream(values())
        .filter(s -> s.key.equals(key))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown scenario '" + key + "'; known: " + keys()));
  }

  static String keys() {
    return Arrays.stream(values()).map(Scenario::key).collect(Collectors.joining(","));
  }

  static List<Scenario> all() {
    return List.of(values());
  }
}
