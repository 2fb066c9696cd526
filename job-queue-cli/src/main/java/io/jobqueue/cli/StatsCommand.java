package io.jobqueue.cli;

import io.jobqueue.JobQueue;
import io.jobqueue.PipelineStats;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Counts of jobs by state for every pipeline; with {@code --watch}, refreshed in place with the
 * rate at which each pipeline's ready and total counts change.
 */
@Command(
    name = "stats",
    description = "Counts of jobs by state per pipeline; --watch refreshes them with rates.")
final class StatsCommand extends AdminCommands.QueueCommand {

  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  @Option(
      names = "--watch",
      description = "Refresh until interrupted, with the change per second of each count.")
  boolean watch;

  @Option(
      names = "--interval",
      defaultValue = "2s",
      description = "Time between refreshes with --watch (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--count",
      defaultValue = "0",
      description = "With --watch, stop after this many refreshes (default: never).")
  int count;

  @Override
  void run(JobQueue queue, Output out) {
    if (!watch) {
      List<PipelineStats> all = queue.stats().pipelines();
      if (out.json()) {
        out.print(all.stream().map(Output::stats).toList(), "");
      } else {
        out.table(headers(false), all.stream().map(s -> row(s, null, 0)).toList());
      }
      return;
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("--interval must be positive, was " + interval);
    }
    boolean terminal = System.console() != null && !out.json();
    Map<String, PipelineStats> previous = new HashMap<>();
    Instant previousAt = null;
    for (int refresh = 1; count == 0 || refresh <= count; refresh++) {
      if (refresh > 1 && !sleep()) {
        break;
      }
      Instant now = Instant.now();
      List<PipelineStats> all = queue.stats().pipelines();
      double seconds =
          previousAt == null ? 0 : Duration.between(previousAt, now).toMillis() / 1000.0;
      if (out.json()) {
        List<Map<String, Object>> pipelines = new ArrayList<>();
        for (PipelineStats stats : all) {
          Map<String, Object> fields = Output.stats(stats);
          PipelineStats before = previous.get(stats.pipeline());
          if (before != null && seconds > 0) {
            fields.put("readyPerSecond", round((stats.ready() - before.ready()) / seconds));
            fields.put("totalPerSecond", round((stats.total() - before.total()) / seconds));
          }
          pipelines.add(fields);
        }
        out.print(
            Map.of("at", now.truncatedTo(ChronoUnit.MILLIS).toString(), "pipelines", pipelines),
            "");
      } else {
        if (terminal) {
          out.print(null, CLEAR_SCREEN.stripTrailing());
        }
        out.print(
            null,
            "jobqueue stats at "
                + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                + ", every "
                + interval.toMillis() / 1000.0
                + "s (rates: change per second since the last refresh)");
        List<List<String>> rows = new ArrayList<>();
        for (PipelineStats stats : all) {
          rows.add(row(stats, previous.get(stats.pipeline()), seconds));
        }
        out.table(headers(true), rows);
      }
      previous.clear();
      all.forEach(s -> previous.put(s.pipeline(), s));
      previousAt = now;
    }
  }

  private boolean sleep() {
    try {
      Thread.sleep(interval);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<String> headers(boolean rates) {
    List<String> headers =
        new ArrayList<>(
            List.of(
                "PIPELINE", "READY", "URGENT", "RESERVED", "DELAYED", "BURIED", "TOTAL", "PAUSED"));
    if (rates) {
      headers.addAll(List.of("READY/S", "TOTAL/S"));
    }
    return headers;
  }

  private List<String> row(PipelineStats s, PipelineStats before, double seconds) {
    List<String> row =
        new ArrayList<>(
            List.of(
                s.pipeline(),
                n(s.ready()),
                n(s.urgent()),
                n(s.reserved()),
                n(s.delayed()),
                n(s.buried()),
                n(s.total()),
                s.paused() ? s.pauseTimeLeft().toSeconds() + "s left" : "no"));
    if (watch) {
      boolean known = before != null && seconds > 0;
      row.add(known ? signed((s.ready() - before.ready()) / seconds) : "");
      row.add(known ? signed((s.total() - before.total()) / seconds) : "");
    }
    return row;
  }

  private static String n(long value) {
    return String.valueOf(value);
  }

  private static String signed(double perSecond) {
    return String.format("%+.1f", round(perSecond));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
