package io.jobqueue.benchmark;

import io.jobqueue.benchmark.GrowthSettings.Dimension;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the growth points as one Markdown table per dimension and one RESULT line per point, and
 * hands them to {@link GrowthChart}.
 */
final class GrowthReport {

  /** Per dimension: the title of its series and x columns, and its metric columns by name. */
  private record Layout(String series, String x, Map<String, String> columns) {}

  private static final Map<Dimension, Layout> LAYOUTS =
      Map.of(
          Dimension.BACKLOG,
          new Layout(
              "other pipelines",
              "ready jobs",
              columns(
                  "drain_jobs_per_s", "drain jobs/s (Worker)",
                  "vs_first", "vs smallest backlog",
                  "reserve_p50_ms", "reserve p50 ms",
                  "reserve_p99_ms", "reserve p99 ms",
                  "fill_jobs_per_s", "fill jobs/s (addJobs)")),
          Dimension.WORKERS,
          new Layout("reservers as", "reservers", columns("drain_jobs_per_s", "drain jobs/s")),
          Dimension.PAYLOAD,
          new Layout(
              "client",
              "payload bytes",
              columns(
                  "jobs", "jobs",
                  "enqueue_jobs_per_s", "enqueue jobs/s (addJobs)",
                  "drain_jobs_per_s", "drain jobs/s (Worker)",
                  "drain_mb_per_s", "drain MB/s")),
          Dimension.NETWORK,
          new Layout(
              "client",
              "delay ms each way",
              columns(
                  "enqueue_jobs_per_s", "enqueue jobs/s",
                  "drain_jobs_per_s", "drain jobs/s")));

  private final List<GrowthPoint> points;

  GrowthReport(List<GrowthPoint> points) {
    this.points = List.copyOf(points);
  }

  boolean allVerified() {
    return points.stream().allMatch(p -> p.verification().ok());
  }

  void print(PrintStream out) {
    for (Dimension dimension : Dimension.values()) {
      List<GrowthPoint> rows = points.stream().filter(p -> p.dimension() == dimension).toList();
      if (!rows.isEmpty()) {
        printTable(out, dimension, rows);
        out.println();
      }
    }
    for (GrowthPoint p : points) {
      StringBuilder line =
          new StringBuilder("RESULT growth=")
              .append(p.dimension().key())
              .append(" backend=")
              .append(p.backend())
              .append(" series=\"")
              .append(p.series())
              .append("\" x=")
              .append(plain(p.x()));
      p.metrics().forEach((k, v) -> line.append(' ').append(k).append('=').append(plain(v)));
      out.println(line.append(" status=").append(p.verification().ok() ? "OK" : "FAILED"));
    }
    out.println();
    long failed = points.stream().filter(p -> !p.verification().ok()).count();
    out.println(
        failed == 0
            ? "VERIFIED: all "
                + points.size()
                + " growth points passed their checks: every job delivered once, none lost"
            : "FAILED: " + failed + " of " + points.size() + " growth points failed their checks");
    out.flush();
  }

  void writeChart(Path file) throws IOException {
    GrowthChart.write(points, file);
  }

  private static void printTable(PrintStream out, Dimension dimension, List<GrowthPoint> rows) {
    Layout layout = LAYOUTS.get(dimension);
    List<String> header = new ArrayList<>(List.of("backend", layout.series(), layout.x()));
    header.addAll(layout.columns().values());
    header.add("check");
    out.println("## " + dimension.key());
    out.println();
    out.println("| " + String.join(" | ", header) + " |");
    out.println("|" + " --- |".repeat(header.size()));
    for (GrowthPoint p : rows) {
      List<String> cells = new ArrayList<>(List.of(p.backend(), p.series(), number(p.x())));
      for (String metric : layout.columns().keySet()) {
        cells.add(
            metric.equals("vs_first")
                ? String.format(Locale.ROOT, "%.2f×", p.metric(metric))
                : number(p.metric(metric)));
      }
      cells.add(p.verification().ok() ? "OK" : "FAILED");
      out.println("| " + String.join(" | ", cells) + " |");
    }
  }

  /** The figures of a point for its CHECK line, e.g. {@code (drain_jobs_per_s=1234)}. */
  static String figures(GrowthPoint p) {
    if (p.metrics().isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    p.metrics().forEach((k, v) -> parts.add(k + "=" + plain(v)));
    return " (" + String.join(" ", parts) + ")";
  }

  /** A figure as people read it: whole numbers above 100, two decimals below, "-" when missing. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A figure for machine-readable lines: no thousands separators, NaN when missing. */
  static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static Map<String, String> columns(String... keysAndTitles) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndTitles.length; i += 2) {
      map.put(keysAndTitles[i], keysAndTitles[i + 1]);
    }
    return map;
  }
}
