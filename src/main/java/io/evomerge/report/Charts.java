package io.evomerge.report;

import io.evomerge.checkpoint.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report's two PNG charts, rendered off-screen with XChart. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    static {
        // Rendering needs no display; without this, AWT on a server may look for one.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Best validation fitness so far against evaluations used, one line per search. */
    static void convergence(List<Journal> journals, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Best validation fitness so far").xAxisTitle("Evaluations").yAxisTitle("Best validation fitness")
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setYAxisDecimalPattern("0.000");
        for (Journal journal : journals) {
            List<Double> curve = SearchStats.bestSoFar(journal.evaluations());
            List<Integer> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < curve.size(); i++) {
                if (curve.get(i) == null) continue; // no success yet: nothing to plot
                x.add(i + 1);
                y.add(curve.get(i));
            }
            if (x.isEmpty()) continue;
            XYSeries series = chart.addSeries(journal.name(), x, y);
            series.setMarker(x.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    /** Test headline metric ×100 per task (and the average) for each row, grouped by task. */
    static void tasks(RunSummary summary, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Test results per task").xAxisTitle("Task (headline metric)").yAxisTitle("Test metric ×100")
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("#");
        chart.getStyler().setOverlapped(false);
        List<String> categories = new ArrayList<>();
        for (SummaryTask task : summary.tasks()) categories.add(task.name() + " (" + task.metric() + ")");
        categories.add("average");
        // Grid rows are left out: a grid has many points, and its best is what the search rows compete with.
        for (SummaryRow row : RowOrder.sort(summary.rows())) {
            if (row.kind() == RowKind.GRID) continue;
            List<Double> values = new ArrayList<>();
            for (SummaryTask task : summary.tasks()) values.add(Numbers.points(row.test(task)));
            values.add(Numbers.averagePoints(summary.tasks().stream().map(row::test).toList()));
            chart.addSeries(row.label(), categories, values);
        }
        save(chart, file);
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setAntiAlias(true);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
