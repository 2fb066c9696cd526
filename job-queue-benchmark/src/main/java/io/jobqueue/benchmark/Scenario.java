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
  DRAIN_BESIDE_LIMITED(
      "drain-beside-limited",
      "Worker runtime draining an unlimited pipeline while a second Worker drains a pipeline limited to"
          + " 5 reserved and 1,000 starts/s (vs base: drain-worker); opt-in",
      DRAIN_WORKER),
  DRAIN_PROCESSES(
      "drain-processes",
      "several worker processes (JVMs) on one backend, W workers in all",
      BASELINE_DRAIN),
  LATENCY("latency", "enqueue -> handler start at a fixed offered rate, Worker runtime", null),
  IDLE_QUERIES(
      "idle-queries",
      "statements and round trips per second sent by one idle Worker process (SQL servers only)",
      null),
  DB_SCHEDULER_ENQUEUE(
      "db-scheduler-enqueue",
      "db-scheduler: SchedulerClient.schedule, one job per call, W threads (postgres, mariadb)",
      BASELINE_ENQUEUE,
      Peer.DB_SCHEDULER,
      ENQUEUE_ONE),
  DB_SCHEDULER_DRAIN(
      "db-scheduler-drain",
      "db-scheduler: its Scheduler with W threads, no-op task",
      BASELINE_DRAIN,
      Peer.DB_SCHEDULER,
      DRAIN_WORKER),
  DB_SCHEDULER_LATENCY(
      "db-scheduler-latency",
      "db-scheduler: enqueue -> task start at the offered rate",
      null,
      Peer.DB_SCHEDULER,
      LATENCY),
  JOBRUNR_ENQUEUE(
      "jobrunr-enqueue",
      "JobRunr: JobScheduler.enqueue, one job per call, W threads (postgres, mariadb)",
      BASELINE_ENQUEUE,
      Peer.JOBRUNR,
      ENQUEUE_ONE),
  JOBRUNR_DRAIN(
      "jobrunr-drain",
      "JobRunr: its BackgroundJobServer with W workers, no-op job",
      BASELINE_DRAIN,
      Peer.JOBRUNR,
      DRAIN_WORKER),
  JOBRUNR_LATENCY(
      "jobrunr-latency",
      "JobRunr: enqueue -> job start at the offered rate",
      null,
      Peer.JOBRUNR,
      LATENCY);

  /** The job queues measured beside the library, in the same run. */
  enum Peer {
    DB_SCHEDULER("db-scheduler"),
    JOBRUNR("JobRunr");

    private final String title;

    Peer(String title) {
      this.title = title;
    }

    /** The peer's name as its project spells it. */
    String title() {
      return title;
    }
  }

  private final String key;
  private final String description;
  private final Scenario baseline;
  private final Peer peer;
  private final Scenario counterpart;

  Scenario(String key, String description, Scenario baseline) {
    this(key, description, baseline, null, null);
  }

  Scenario(String key, String description, Scenario baseline, Peer peer, Scenario counterpart) {
    this.key = key;
    this.description = description;
    this.baseline = baseline;
    this.peer = peer;
    this.counterpart = counterpart;
  }

  /** The peer this scenario measures, or null for the library's and the baseline's. */
  Peer peer() {
    return peer;
  }

  /** The peer's scenario that does what this library scenario does (the ratio columns), or null. */
  Scenario asRunBy(Peer other) {
    return Arrays.stream(values())
        .filter(s -> s.peer == other && s.counterpart == this)
        .findFirst()
        .orElse(null);
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

  /**
   * The default run: every scenario but the opt-in drain-beside-limited, named with --scenarios.
   */
  static List<Scenario> all() {
    return Arrays.stream(values()).filter(s -> s != DRAIN_BESIDE_LIMITED).toList();
  }
}
