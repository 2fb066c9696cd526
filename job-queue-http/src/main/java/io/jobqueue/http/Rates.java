package io.jobqueue.http;

import io.jobqueue.PipelineStats;
import io.jobqueue.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How fast each pipeline's counts change: every reading of the counts is kept for {@link #WINDOW},
 * and a rate compares the newest with the oldest kept (at least {@link #MIN_SPAN} apart). Counts
 * only: a ready count that falls by 5 per second may mean 5 jobs taken or 5 deleted.
 */
final class Rates {

  static final Duration WINDOW = Duration.ofSeconds(60);
  static final Duration MIN_SPAN = Duration.ofSeconds(1);

  private final Deque<Reading> readings = new ArrayDeque<>();

  /** Keeps this reading and returns the rates of each pipeline against the oldest one kept. */
  synchronized Map<String, Rate> record(Instant now, QueueStats stats) {
    readings.addLast(new Reading(now, byName(stats)));
    while (readings.size() > 1
        && Duration.between(readings.peekFirst().at(), now).compareTo(WINDOW) > 0) {
      readings.removeFirst();
    }
    Reading oldest = readings.peekFirst();
    Duration span = Duration.between(oldest.at(), now);
    Map<String, Rate> rates = new HashMap<>();
    if (span.compareTo(MIN_SPAN) < 0) {
      return rates;
    }
    double seconds = span.toMillis() / 1000.0;
    for (PipelineStats current : stats.pipelines()) {
      PipelineStats then = oldest.stats().get(current.pipeline());
      long readyThen = then == null ? 0 : then.ready();
      long totalThen = then == null ? 0 : then.total();
      rates.put(
          current.pipeline(),
          new Rate(
              (current.ready() - readyThen) / seconds,
              (current.total() - totalThen) / seconds,
              span.toSeconds()));
    }
    return rates;
  }

  private static Map<String, PipelineStats> byName(QueueStats stats) {
    Map<String, PipelineStats> byName = new HashMap<>();
    stats.pipelines().forEach(p -> byName.put(p.pipeline(), p));
    return byName;
  }

  /** Change per second of the ready and the total count, over {@code overSeconds}. */
  record Rate(double readyPerSecond, double totalPerSecond, long overSeconds) {}

  private record Reading(Instant at, Map<String, PipelineStats> stats) {}
}
