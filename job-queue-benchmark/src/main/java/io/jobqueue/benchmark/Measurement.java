package io.jobqueue.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario's result on one backend in one run.
 *
 * @param backend the backend's short name, e.g. {@code postgres}
 * @param scenario what was measured
 * @param run 1 … runs
 * @param params what the scenario was given, as {@code key=value} pairs, e.g. {@code jobs=20000
 *     workers=4}
 * @param metrics the figures, by their RESULT name (e.g. {@code jobs_per_s}, {@code p50_ms}), in
 *     print order
 * @param verification what the scenario checked about its own work
 */
record Measurement(
    String backend,
    Scenario scenario,
    int run,
    String params,
    Map<String, Double> metrics,
    Verification verification) {

  Measurement {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
