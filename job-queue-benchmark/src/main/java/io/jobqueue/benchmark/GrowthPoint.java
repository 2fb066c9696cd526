package io.jobqueue.benchmark;

import io.jobqueue.benchmark.GrowthSettings.Dimension;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a growth curve: on {@code backend}, the {@code series} (e.g. {@code threads} or
 * {@code naive}) at {@code x} (backlog, reservers, payload bytes, delay in ms).
 *
 * @param metrics the figures by name (e.g. {@code drain_jobs_per_s}), in print order
 * @param verification what the point checked about its own work
 */
record GrowthPoint(
    Dimension dimension,
    String backend,
    String series,
    double x,
    Map<String, Double> metrics,
    Verification verification) {

  GrowthPoint {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  double metric(String name) {
    return metrics.getOrDefault(name, Double.NaN);
  }

  /** The curve this point belongs to, as the chart's legend names it. */
  String curve() {
    return backend + " " + series;
  }
}
