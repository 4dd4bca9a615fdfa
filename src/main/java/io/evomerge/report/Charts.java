package io.evomerge.report;

import io.evomerge.checkpoint.AtomicFiles;
import org.knowm.xchart.AnnotationLine;
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
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/** The report's two PNG charts, rendered off-screen with XChart. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    /** Tableau 10: distinguishable, and no two yellows next to each other as in XChart's default theme. */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
            new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
            new Color(0x9C755F), new Color(0xBAB0AC)};

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
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        int longest = 0;
        // a search's repeats share a colour: their mean as the line, thin lines at the lowest and highest repeat
        Map<String, List<Journal>> searches = new LinkedHashMap<>();
        for (Journal journal : journals) searches.computeIfAbsent(journal.searchName(), k -> new ArrayList<>()).add(journal);
        int colour = 0;
        for (Map.Entry<String, List<Journal>> search : searches.entrySet()) {
            List<List<Double>> curves = search.getValue().stream().map(j -> SearchStats.bestSoFar(j.evaluations())).toList();
            int repeats = curves.size();
            Color c = PALETTE[colour++ % PALETTE.length];
            String name = repeats == 1 ? search.getKey() : search.getKey() + " (mean of " + repeats + " repeats, band: lowest to highest)";
            if (!addCurve(chart, name, spread(curves, Spread.MEAN), c, 2f, true)) continue;
            if (repeats > 1) {
                addCurve(chart, search.getKey() + " lowest", spread(curves, Spread.LOWEST), c, 0.8f, false);
                addCurve(chart, search.getKey() + " highest", spread(curves, Spread.HIGHEST), c, 0.8f, false);
            }
            for (List<Double> curve : curves) longest = Math.max(longest, curve.size());
        }
        // XChart's own x ticks are too dense here (every 5 evaluations for a 100-evaluation search); it drops the ticks
        // whose label is empty, so labelling only multiples of a coarser step thins them out.
        int step = labelStep(longest);
        // (An empty label crashes XChart's text layout when every tick is unlabelled, so the others get a space.)
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> Math.rint(v) % step == 0 ? "%.0f".formatted(v) : " ");
        // The budgets of the report's strategy × budget table, so the figure and the table read together.
        for (int budget : SearchStats.BUDGETS) {
            if (budget <= longest) chart.addAnnotation(new AnnotationLine(budget, true, false));
        }
        save(chart, file);
    }

    private enum Spread { MEAN, LOWEST, HIGHEST }

    /**
     * The repeats' best-so-far curves combined point by point, over the evaluations every repeat reached with a
     * success (null before that).
     */
    private static List<Double> spread(List<List<Double>> curves, Spread how) {
        int n = curves.stream().mapToInt(List::size).min().orElse(0);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = i;
            List<Double> values = curves.stream().map(c -> c.get(at)).toList();
            if (values.contains(null)) {
                out.add(null);
                continue;
            }
            DoubleSummaryStatistics stats = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            out.add(switch (how) {
                case MEAN -> stats.getAverage();
                case LOWEST -> stats.getMin();
                case HIGHEST -> stats.getMax();
            });
        }
        return out;
    }

    /** Adds a best-so-far curve (nulls skipped); false when it has no point. */
    private static boolean addCurve(XYChart chart, String name, List<Double> curve, Color colour, float width,
                                    boolean inLegend) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < curve.size(); i++) {
            if (curve.get(i) == null) continue; // no success yet: nothing to plot
            x.add(i + 1);
            y.add(curve.get(i));
        }
        if (x.isEmpty()) return false;
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(x.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setLineWidth(width);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setShowInLegend(inLegend);
        return true;
    }

    /** Test headline metric ×100 per task (and the average) for each row, grouped by task. */
    static void tasks(RunSummary summary, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Test results per task").xAxisTitle("Task (its headline metric, as in report.md)").yAxisTitle("Test metric ×100")
                .build();
        style(chart.getStyler());
        // a legend beside the plot: a horizontal one below it cuts off rows past the chart's width
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        // Bar labels go through the y-axis formatter too: whole ticks as "10", metrics with their decimal as in the tables.
        chart.getStyler().setyAxisTickLabelsFormattingFunction(
                v -> String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v));
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.DARK_GRAY);
        List<String> categories = new ArrayList<>();
        // names only: with the metric added, five or more tasks' labels run into each other (metrics are in the tables)
        for (SummaryTask task : summary.tasks()) categories.add(task.name());
        categories.add("average");
        // Grid rows are left out: a grid has many points, and its best is what the search rows compete with.
        for (SummaryRow row : RowOrder.sort(summary.rows())) {
            if (row.kind() == RowKind.GRID) continue;
            List<Double> values = new ArrayList<>();
            for (SummaryTask task : summary.tasks()) values.add(Numbers.points(row.testMetric(task)));
            values.add(Numbers.averagePoints(summary.tasks().stream().map(row::testMetric).toList()));
            chart.addSeries(row.label(), categories, values);
        }
        save(chart, file);
    }

    /** Two objectives: every scored point, the front joined in order of the first objective, the chosen point. */
    static void paretoScatter(String title, List<String> objectives, List<ParetoFront.Point> all,
                              List<ParetoFront.Point> front, ParetoFront.Point chosen, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(objectives.get(0) + " (validation)").yAxisTitle(objectives.get(1) + " (validation)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        addPoints(chart, "scored candidates", all, new Color(0xBAB0AC), XYSeries.XYSeriesRenderStyle.Scatter);
        List<ParetoFront.Point> sorted = new ArrayList<>(front);
        sorted.sort(java.util.Comparator.comparingDouble(p -> p.objectives()[0]));
        addPoints(chart, "Pareto front", sorted, PALETTE[0], XYSeries.XYSeriesRenderStyle.Line);
        addPoints(chart, "chosen", List.of(chosen), PALETTE[2], XYSeries.XYSeriesRenderStyle.Scatter)
                .setMarker(SeriesMarkers.DIAMOND);
        save(chart, file);
    }

    private static XYSeries addPoints(XYChart chart, String name, List<ParetoFront.Point> points, Color colour,
                                      XYSeries.XYSeriesRenderStyle render) {
        XYSeries series = chart.addSeries(name, points.stream().map(p -> p.objectives()[0]).toList(),
                points.stream().map(p -> p.objectives()[1]).toList());
        series.setXYSeriesRenderStyle(render);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        return series;
    }

    /** More than two objectives: one line per front point across the objectives, the chosen one bold. */
    static void parallelCoordinates(String title, List<String> objectives, List<ParetoFront.Point> front,
                                    ParetoFront.Point chosen, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("Objective (validation)").yAxisTitle("Metric").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            int i = (int) Math.round(x);
            return Math.abs(x - i) < 1e-9 && i >= 0 && i < objectives.size() ? objectives.get(i) : "";
        });
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(objectives.size() - 1.0);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) xs.add((double) i);
        for (ParetoFront.Point p : front) {
            boolean isChosen = p.equals(chosen);
            List<Double> ys = new ArrayList<>();
            for (double v : p.objectives()) ys.add(v);
            XYSeries series = chart.addSeries((isChosen ? "chosen: " : "") + "evaluation " + p.id(), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            Color colour = isChosen ? PALETTE[2] : new Color(0x4E79A7);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            series.setLineWidth(isChosen ? 3.5f : 1f);
            series.setShowInLegend(isChosen);
        }
        save(chart, file);
    }

    /** The smallest of 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, … that cuts the axis into at most ten steps. */
    static int labelStep(int longest) {
        if (longest <= 10) return 1;
        if (longest <= 20) return 2;
        for (int scale = 1; ; scale *= 10) {
            for (int step : new int[]{5, 10, 20, 25, 50}) {
                if (longest / (step * scale) <= 10) return step * scale;
            }
        }
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setAntiAlias(true);
        styler.setSeriesColors(PALETTE);
        styler.setAnnotationLineColor(new Color(170, 170, 170));
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
