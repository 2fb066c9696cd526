package io.jobqueue.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the {@code growth} subcommand was asked to measure; see {@link GrowthCommand}. */
record GrowthSettings(
    List<Backend> backends,
    List<Dimension> dimensions,
    List<Integer> backlogs,
    int drainJobs,
    int reserveSamples,
    int otherDelayed,
    int otherBuried,
    int growthJobs,
    int maxThreads,
    int maxProcesses,
    Duration processIdle,
    long payloadBytesCap,
    int networkJobs,
    List<Double> delaysMs,
    int workers,
    int batchSize,
    long stallMillis,
    Path chart) {

  /** What grows, in the order they run and are printed. */
  enum Dimension {
    BACKLOG,
    WORKERS,
    PAYLOAD,
    NETWORK;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Dimension byKey(String key) {
      return Arrays.stream(values())
          .filter(d -> d.key().equals(key))
          .findFirst()
          .orElseThrow(() ->
              new IllegalArgumentException(
                  "unknown dimension '"
                      + key
                      + "'; known: "
                      + Arrays.stream(values())
                          .map(Dimension::key)
                          .collect(Collectors.joining(", "))));
    }
  }

  String describe() {
    return "dimensions="
        + dimensions.stream().map(Dimension::key).collect(Collectors.joining(","))
        + " backends="
        + backends.stream().map(Backend::name).collect(Collectors.joining(","))
        + " backlogs="
        + backlogs.stream().map(String::valueOf).collect(Collectors.joining(","))
        + " drain_jobs="
        + drainJobs
        + " reserve_samples="
        + reserveSamples
        + " other_delayed="
        + otherDelayed
        + " other_buried="
        + otherBuried
        + " growth_jobs="
        + growthJobs
        + " max_threads="
        + maxThreads
        + " max_processes="
        + maxProcesses
        + " payload_cap_mb="
        + payloadBytesCap / 1_000_000
        + " network_jobs="
        + networkJobs
        + " delays_ms="
        + delaysMs.stream().map(String::valueOf).collect(Collectors.joining(","))
        + " W="
        + workers
        + " batch="
        + batchSize;
  }
}
