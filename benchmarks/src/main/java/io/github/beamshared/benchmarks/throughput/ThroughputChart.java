package io.github.beamshared.benchmarks.throughput;

import io.github.beamshared.benchmarks.throughput.ThroughputChild.Mode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The throughput part's runs as a chart: sentences per second against the calling threads of one
 * JVM and the JVMs sharing one model, guard only against coalesced. Rendered headless.
 */
final class ThroughputChart {

  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;
  private static final String GUARD_ONLY = "guard only: one call at a time";
  private static final String COALESCED = "coalesced: @BatchedBy";

  private ThroughputChart() {}

  static void write(List<ThroughputRun> runs, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    runs.stream()
        .filter(
            run ->
                run.setup().machineWide()
                    && run.setup().mode() != Mode.DIRECT_BATCHES
                    && run.setup().mode() != Mode.CONCURRENT
                    && run.setup().mode() != Mode.MACHINE_CONCURRENT)
        .sorted(
            Comparator.comparingInt((ThroughputRun run) -> run.setup().jvms())
                .thenComparingInt(run -> run.setup().threads()))
        .forEach(
            run ->
                data.addValue(
                    run.sentencesPerSecond(),
                    isGuardOnly(run.setup().mode()) ? GUARD_ONLY : COALESCED,
                    category(run.setup())));
    JFreeChart chart =
        ChartFactory.createLineChart(
            "Sentences per second, all-MiniLM-L6-v2 shared by DoFn threads and JVMs",
            "JVMs x calling threads (one model, threadSafe = false)",
            "sentences/s",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(0xd62728));
    renderer.setSeriesPaint(1, new Color(0x1f77b4));
    renderer.setSeriesStroke(0, new BasicStroke(2.5f));
    renderer.setSeriesStroke(1, new BasicStroke(2.5f));
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  private static boolean isGuardOnly(Mode mode) {
    return mode == Mode.GUARD_ONLY || mode == Mode.MACHINE_GUARD_ONLY;
  }

  private static String category(ThroughputRun.Setup setup) {
    return setup.jvms() + " x " + setup.threads();
  }
}
