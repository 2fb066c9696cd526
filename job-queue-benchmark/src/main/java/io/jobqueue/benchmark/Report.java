package io.jobqueue.benchmark;

import io.jobqueue.benchmark.Scenario.Peer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns measurements into the human table (median, min and max over runs, and the ratio to the same
 * backend's baseline) and one machine-readable RESULT line per backend and scenario.
 */
final class Report {

  private final List<Group> groups = new ArrayList<>();

  Report(List<Measurement> measurements) {
    Map<String, Group> byKey = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byKey
          .computeIfAbsent(
              m.backend() + "/" + m.scenario().key(),
              k -> new Group(m.backend(), m.scenario(), m.params(), new ArrayList<>()))
          .runs()
          .add(m);
    }
    groups.addAll(byKey.values());
  }

  /** Whether every scenario of every run passed its checks. */
  boolean allVerified() {
    return groups.stream().allMatch(Group::verified);
  }

  void print(PrintStream out) {
    printTable(out);
    out.println();
    for (Group g : groups) {
      out.println(resultLine(g));
    }
    out.println();
    long checks = groups.stream().mapToLong(g -> g.runs().size()).sum();
    long failed =
        groups.stream().flatMap(g -> g.runs().stream()).filter(m -> !m.verification().ok()).count();
    out.println(
        failed == 0
            ? "VERIFIED: all "
                + checks
                + " checks passed: every job stored once and delivered once, none lost, duplicates 0"
            : "FAILED: " + failed + " of " + checks + " checks failed (see the CHECK lines above)");
    out.flush();
  }

  /** A short figure for a CHECK line, e.g. {@code (12345.6 jobs/s)}. */
  static String inline(Measurement m) {
    Map<String, Double> metrics = m.metrics();
    if (metrics.containsKey("jobs_per_s")) {
      return String.format(Locale.ROOT, " (%.1f jobs/s)", metrics.get("jobs_per_s"));
    }
    if (metrics.containsKey("p50_ms")) {
      return String.format(
          Locale.ROOT, " (p50 %.2f ms, p99 %.2f ms)", metrics.get("p50_ms"), metrics.get("p99_ms"));
    }
    if (metrics.containsKey("queries_per_s")) {
      return String.format(Locale.ROOT, " (%.2f queries/s)", metrics.get("queries_per_s"));
    }
    return "";
  }

  private void printTable(PrintStream out) {
    String format = "%-18s %-20s %12s %12s %12s %9s %13s %10s  %-36s %s%n";
    out.printf(
        Locale.ROOT,
        format,
        "backend",
        "scenario",
        "jobs/s med",
        "min",
        "max",
        "vs base",
        "vs db-sched",
        "vs JobRunr",
        "latency p50/p90/p99/max ms | other",
        "checks");
    out.println("-".repeat(158));
    String backend = null;
    for (Group g : groups) {
      if (backend != null && !backend.equals(g.backend())) {
        out.println();
      }
      backend = g.backend();
      Stats rate = g.stats("jobs_per_s");
      Double ratio = ratio(g);
      out.printf(
          Locale.ROOT,
          format,
          g.backend(),
          g.scenario().key(),
          rate == null ? "" : number(rate.median()),
          rate == null ? "" : number(rate.min()),
          rate == null ? "" : number(rate.max()),
          times(ratio),
          times(peerRatio(g, Peer.DB_SCHEDULER)),
          times(peerRatio(g, Peer.JOBRUNR)),
          other(g),
          g.checks());
    }
  }

  private static String other(Group g) {
    Stats p50 = g.stats("p50_ms");
    if (p50 != null) {
      return String.format(
          Locale.ROOT,
          "%.2f / %.2f / %.2f / %.2f",
          p50.median(),
          g.stats("p90_ms").median(),
          g.stats("p99_ms").median(),
          g.stats("max_ms").median());
    }
    Stats queries = g.stats("queries_per_s");
    if (queries != null) {
      return String.format(
          Locale.ROOT,
          "%.2f queries/s, %.2f round trips/s",
          queries.median(),
          g.stats("round_trips_per_s").median());
    }
    Stats limited = g.stats("limited_jobs_per_s");
    if (limited != null) {
      return String.format(Locale.ROOT, "limited pipeline beside: %,.0f jobs/s", limited.median());
    }
    return "";
  }

  private String resultLine(Group g) {
    StringBuilder line =
        new StringBuilder("RESULT backend=")
            .append(g.backend())
            .append(" scenario=")
            .append(g.scenario().key())
            .append(' ')
            .append(g.params())
            .append(" runs=")
            .append(g.runs().size());
    for (String metric : g.metricNames()) {
      Stats s = g.stats(metric);
      if (s == null) {
        continue;
      }
      line.append(' ')
          .append(metric)
          .append('=')
          .append(plain(s.median()))
          .append(' ')
          .append(metric)
          .append("_min=")
          .append(plain(s.min()))
          .append(' ')
          .append(metric)
          .append("_max=")
          .append(plain(s.max()));
    }
    Double ratio = ratio(g);
    if (ratio != null) {
      line.append(" vs_baseline=").append(String.format(Locale.ROOT, "%.3f", ratio));
    }
    for (Peer peer : Peer.values()) {
      Double versus = peerRatio(g, peer);
      if (versus != null) {
        line.append(" vs_")
            .append(peer.name().toLowerCase(Locale.ROOT))
            .append('=')
            .append(String.format(Locale.ROOT, "%.3f", versus));
      }
    }
    return line.append(" verified=").append(g.verified()).toString();
  }

  /** This scenario's median jobs/s over its baseline's median on the same backend, or null. */
  private Double ratio(Group g) {
    Scenario baseline = g.scenario().baseline();
    Stats rate = g.stats("jobs_per_s");
    if (baseline == null || rate == null) {
      return null;
    }
    return groups.stream()
        .filter(b -> b.backend().equals(g.backend()) && b.scenario() == baseline)
        .map(b -> b.stats("jobs_per_s"))
        .filter(Objects::nonNull)
        .map(b -> rate.median() / b.median())
        .findFirst()
        .orElse(null);
  }

  /**
   * How many times better this library scenario did than the peer's counterpart on the same
   * backend, from medians of the same run: jobs/s over the peer's jobs/s, or the peer's p50 latency
   * over this one's; null when there is nothing to compare.
   */
  private Double peerRatio(Group g, Peer peer) {
    Scenario counterpart = g.scenario().asRunBy(peer);
    if (counterpart == null) {
      return null;
    }
    Group other =
        groups.stream()
            .filter(b -> b.backend().equals(g.backend()) && b.scenario() == counterpart)
            .findFirst()
            .orElse(null);
    if (other == null) {
      return null;
    }
    Stats ours = g.stats("jobs_per_s");
    Stats theirs = other.stats("jobs_per_s");
    if (ours != null && theirs != null) {
      return ours.median() / theirs.median();
    }
    ours = g.stats("p50_ms");
    theirs = other.stats("p50_ms");
    return ours == null || theirs == null ? null : theirs.median() / ours.median();
  }

  private static String times(Double ratio) {
    return ratio == null ? "" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String plain(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** Median, minimum and maximum of one metric over runs. */
  record Stats(double median, double min, double max) {}

  /** The runs of one scenario on one backend. */
  private record Group(String backend, Scenario scenario, String params, List<Measurement> runs) {

    boolean verified() {
      return runs.stream().allMatch(m -> m.verification().ok());
    }

    String checks() {
      long ok = runs.stream().filter(m -> m.verification().ok()).count();
      return ok + "/" + runs.size() + (ok == runs.size() ? " OK" : " FAILED");
    }

    List<String> metricNames() {
      return runs.stream().flatMap(m -> m.metrics().keySet().stream()).distinct().toList();
    }

    /** The metric over the runs that have it, or null when none has. */
    Stats stats(String metric) {
      double[] values =
          runs.stream()
              .map(m -> m.metrics().get(metric))
              .filter(v -> v != null && !v.isNaN())
              .mapToDouble(Double::doubleValue)
              .sorted()
              .toArray();
      if (values.length == 0) {
        return null;
      }
      int n = values.length;
      double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
      return new Stats(median, values[0], values[n - 1]);
    }
  }
}
