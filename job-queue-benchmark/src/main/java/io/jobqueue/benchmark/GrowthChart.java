package io.jobqueue.benchmark;

import io.jobqueue.benchmark.GrowthSettings.Dimension;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the growth points as a PNG: one panel per dimension, drain rate (log scale) against what
 * grows, one line per backend and series. A backend keeps its colour in every panel; the second
 * series of a panel (processes, naive loop, other pipelines filled) is dashed.
 */
final class GrowthChart {

  private static final int PANEL_WIDTH = 800;
  private static final int PANEL_HEIGHT = 560;

  private static final Map<String, Color> COLOURS =
      Map.of(
          "sqlite", new Color(0x1f77b4),
          "sqlite-normal", new Color(0x17becf),
          "postgres", new Color(0x2ca02c),
          "mariadb", new Color(0xd62728),
          "beanstalkd", new Color(0x9467bd),
          "beanstalkd-binlog", new Color(0x8c564b));

  private GrowthChart() {}

  static void write(List<GrowthPoint> points, Path file) throws IOException {
    List<Dimension> shown =
        List.of(Dimension.values()).stream()
            .filter(d -> points.stream().anyMatch(p -> p.dimension() == d))
            .toList();
    if (shown.isEmpty()) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    int columns = Math.min(2, shown.size());
    int rows = (shown.size() + 1) / 2;
    BufferedImage image =
        new BufferedImage(PANEL_WIDTH * columns, PANEL_HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < shown.size(); i++) {
      Dimension d = shown.get(i);
      JFreeChart chart = panel(d, points.stream().filter(p -> p.dimension() == d).toList());
      chart.draw(
          g,
          new Rectangle2D.Double(
              (i % 2) * PANEL_WIDTH, (i / 2) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
    }
    g.dispose();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static JFreeChart panel(Dimension dimension, List<GrowthPoint> points) {
    Map<String, XYSeries> curves = new LinkedHashMap<>();
    for (GrowthPoint p : points) {
      double y = p.metric("drain_jobs_per_s");
      if (p.verification().ok() && y > 0 && !Double.isInfinite(y)) {
        curves.computeIfAbsent(p.curve(), XYSeries::new).add(p.x(), y);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    curves.values().forEach(data::addSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    String main = points.getFirst().series();
    int index = 0;
    for (GrowthPoint first :
        points.stream()
            .filter(p -> curves.containsKey(p.curve()))
            .collect(
                LinkedHashMap<String, GrowthPoint>::new,
                (m, p) -> m.putIfAbsent(p.curve(), p),
                Map::putAll)
            .values()) {
      renderer.setSeriesPaint(index, COLOURS.getOrDefault(first.backend(), Color.DARK_GRAY));
      renderer.setSeriesStroke(
          index,
          !first.series().equals(main)
              ? new BasicStroke(
                  2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
              : new BasicStroke(2f));
      index++;
    }
    LogAxis rate =
        logAxis(
            "drain jobs/s (log scale)",
            10,
            data.getRangeLowerBound(false),
            data.getRangeUpperBound(false));
    XYPlot plot = new XYPlot(data, xAxis(dimension, data), rate, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart =
        new JFreeChart(title(dimension), new Font("SansSerif", Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    // room for the last label of the x axis, which is centred on the panel's edge
    chart.setPadding(new RectangleInsets(4, 4, 4, 24));
    return chart;
  }

  private static ValueAxis xAxis(Dimension dimension, XYSeriesCollection data) {
    double min = data.getDomainLowerBound(false);
    double max = data.getDomainUpperBound(false);
    return switch (dimension) {
      case BACKLOG -> logAxis("ready jobs in the pipeline (log scale)", 10, min, max);
      case WORKERS ->
          logAxis("reservers: Worker threads in one JVM, or one-thread JVMs", 2, min, max);
      case PAYLOAD -> logAxis("payload bytes (log scale)", 10, min, max);
      case NETWORK -> {
        // linear, so that 0 ms stays on it
        NumberAxis axis = new NumberAxis("delay added each way, ms (proxy)");
        axis.setAutoRangeIncludesZero(true);
        yield axis;
      }
    };
  }

  /**
   * A log axis with a labelled tick at every power of {@code base} (and minor ticks between), from
   * the power below {@code min} to the power above {@code max}, so labels are round numbers.
   */
  private static LogAxis logAxis(String label, double base, double min, double max) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(base);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    axis.setTickUnit(new NumberTickUnit(1));
    axis.setMinorTickCount(base == 10 ? 9 : 1);
    axis.setMinorTickMarksVisible(true);
    if (min > 0 && max >= min) {
      // decades on base 10 (so there are always labels); a margin only on base 2 (reservers)
      double low = Math.floor(Math.log(min) / Math.log(base) - 0.05);
      double high = Math.ceil(Math.log(max) / Math.log(base) + 0.05);
      axis.setRange(
          base == 10 ? Math.pow(base, low) : min / 1.25,
          base == 10 ? Math.pow(base, high) : max * 1.25);
    }
    return axis;
  }

  private static String title(Dimension dimension) {
    return switch (dimension) {
      case BACKLOG -> "Backlog: Worker drain rate vs ready jobs";
      case WORKERS -> "Reservers: drain rate, threads vs processes";
      case PAYLOAD -> "Payload: Worker drain rate vs payload size";
      case NETWORK -> "Network: library (Worker) vs naive loop";
    };
  }
}
