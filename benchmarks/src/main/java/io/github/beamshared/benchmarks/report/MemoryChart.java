package io.github.beamshared.benchmarks.report;

import io.github.beamshared.benchmarks.memory.MemoryBenchmark.MemoryRun;
import io.github.beamshared.benchmarks.memory.MemoryBenchmark.Sharing;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The memory part's runs as a line chart: total resident memory against the number of JVMs, with
 * and without machine-wide sharing, the baseline JVMs, and the goal line (one JVM with sharing,
 * plus the baseline's growth over one JVM). Rendered headless.
 */
public final class MemoryChart {

  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private MemoryChart() {}

  /** Writes the chart of {@code runs}, which hold a baseline run at every JVM count. */
  public static void write(List<MemoryRun> runs, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeries machineWide =
        series(runs, Sharing.MACHINE_WIDE, "shared machine-wide (@MultiProcessShared)");
    XYSeries perJvm = series(runs, Sharing.PER_JVM, "shared within each JVM only");
    XYSeries baseline =
        series(
            runs,
            Sharing.BASELINE,
            "baseline: JVMs with a " + find(runs, Sharing.BASELINE, 1).model().name() + " model");
    XYSeries goal = goal(runs);
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(machineWide);
    data.addSeries(perJvm);
    data.addSeries(baseline);
    data.addSeries(goal);

    String model = find(runs, Sharing.MACHINE_WIDE, 1).model().name();
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Total resident memory of JVMs running the sample, " + model + " model",
            "JVMs",
            "total RSS (MiB)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(0x1f77b4));
    renderer.setSeriesPaint(1, new Color(0xd62728));
    renderer.setSeriesPaint(2, new Color(0x2ca02c));
    renderer.setSeriesPaint(3, Color.GRAY);
    renderer.setSeriesStroke(0, new BasicStroke(2.5f));
    renderer.setSeriesStroke(1, new BasicStroke(2.5f));
    renderer.setSeriesStroke(2, new BasicStroke(2.5f));
    renderer.setSeriesStroke(
        3,
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    renderer.setSeriesShapesVisible(3, false);
    plot.setRenderer(renderer);
    // The goal line, last, is drawn over the measured lines it may coincide with.
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  /** Machine-wide total(1) + baseline total(N) - baseline total(1): the most the goal allows. */
  private static XYSeries goal(List<MemoryRun> runs) {
    XYSeries goal = new XYSeries("goal: 1 JVM shared + the baseline's growth over 1 JVM");
    MemoryRun sharedOne = find(runs, Sharing.MACHINE_WIDE, 1);
    MemoryRun baselineOne = find(runs, Sharing.BASELINE, 1);
    for (MemoryRun baseline : runs) {
      if (baseline.sharing() == Sharing.BASELINE) {
        goal.add(
            baseline.jvms(),
            (sharedOne.residentKib() + baseline.residentKib() - baselineOne.residentKib())
                / 1024.0);
      }
    }
    return goal;
  }

  private static MemoryRun find(List<MemoryRun> runs, Sharing sharing, int jvms) {
    return runs.stream()
        .filter(run -> run.sharing() == sharing && run.jvms() == jvms)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no " + sharing + " run of " + jvms + " JVM(s)"));
  }

  private static XYSeries series(List<MemoryRun> runs, Sharing sharing, String name) {
    XYSeries series = new XYSeries(name);
    for (MemoryRun run : runs) {
      if (run.sharing() == sharing) {
        series.add(run.jvms(), run.residentKib() / 1024.0);
      }
    }
    return series;
  }
}
