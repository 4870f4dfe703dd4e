package org.latentkit.api.plot;

import java.awt.BasicStroke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.latentkit.api.run.AtomicFiles;

/**
 * A headless line plot in the shared {@link ChartStyle}, written as PNG, for curves such as
 * accuracy against sample count.
 *
 * <p>Usage: {@code LinePlot.titled("Accuracy").axes("samples", "accuracy").logX().series("mlp", x,
 * y).write(path)}.
 */
public final class LinePlot {

    private record Series(String name, double[] x, double[] y, boolean dashed) {}

    private final String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private boolean logX;
    private boolean legendOutside;
    private final List<Series> series = new ArrayList<>();

    private LinePlot(String title) {
        this.title = title;
    }

    /**
     * Starts a plot.
     *
     * @param title the chart title
     * @return the plot
     */
    public static LinePlot titled(String title) {
        return new LinePlot(title);
    }

    /**
     * Names the axes.
     *
     * @param x the x-axis title
     * @param y the y-axis title
     * @return this plot
     */
    public LinePlot axes(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    /**
     * Uses a logarithmic x-axis.
     *
     * @return this plot
     */
    public LinePlot logX() {
        this.logX = true;
        return this;
    }

    /**
     * Puts the legend outside the plot area, to the right, so that it hides no point.
     *
     * @return this plot
     */
    public LinePlot legendOutside() {
        this.legendOutside = true;
        return this;
    }

    /**
     * Adds a solid line with markers.
     *
     * @param name the legend entry
     * @param x x values
     * @param y y values
     * @return this plot
     */
    public LinePlot series(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), false));
        return this;
    }

    /**
     * Adds a dashed reference line, for a published curve for example.
     *
     * @param name the legend entry
     * @param x x values
     * @param y y values
     * @return this plot
     */
    public LinePlot reference(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), true));
        return this;
    }

    /**
     * Renders the plot as an 800×560 PNG (1,100×560 with the legend outside, so that the plot area
     * keeps its size), atomically.
     *
     * @param png the target file
     */
    public void write(Path png) {
        XYChart chart =
                new XYChartBuilder()
                        .width(legendOutside ? 1100 : 800)
                        .height(560)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        XYStyler s = ChartStyle.apply(chart.getStyler(), legendOutside);
        s.setXAxisLogarithmic(logX);
        s.setXAxisDecimalPattern("#,###");
        s.setYAxisDecimalPattern("#,##0.###");
        for (Series ser : series) {
            XYSeries xy = chart.addSeries(ser.name(), ser.x(), ser.y());
            xy.setMarker(ser.dashed() ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            if (ser.dashed()) {
                xy.setLineStyle(
                        new BasicStroke(
                                2f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {6f, 4f},
                                0f));
            }
        }
        AtomicFiles.write(
                png,
                out -> {
                    try {
                        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
