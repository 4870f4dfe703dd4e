package org.latentkit.api.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A headless scatter plot in the shared {@link ChartStyle}, rendered to an image so that several
 * can be placed side by side with {@link Figure#sideBySide}.
 *
 * <p>Usage: {@code ScatterPlot.titled("Accuracy vs w_cov").axes("w_cov",
 * "accuracy").points("trials", x, y).render(400, 360)}.
 */
public final class ScatterPlot {

    private record Series(String name, double[] x, double[] y) {}

    private final String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private final List<Series> series = new ArrayList<>();
    private boolean legendOutside;
    private int markerSize = 8;

    private ScatterPlot(String title) {
        this.title = title;
    }

    /**
     * Starts a plot.
     *
     * @param title the chart title
     * @return the plot
     */
    public static ScatterPlot titled(String title) {
        return new ScatterPlot(title);
    }

    /**
     * Names the axes.
     *
     * @param x the x-axis title
     * @param y the y-axis title
     * @return this plot
     */
    public ScatterPlot axes(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    /**
     * Adds a set of points.
     *
     * @param name the legend entry
     * @param x x values
     * @param y y values, same length
     * @return this plot
     */
    public ScatterPlot points(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /**
     * Puts the legend outside the plot area, to the right, so that it hides no point.
     *
     * @return this plot
     */
    public ScatterPlot legendOutside() {
        this.legendOutside = true;
        return this;
    }

    /**
     * Sets the marker diameter (default 8 pixels), smaller for dense plots.
     *
     * @param pixels the diameter
     * @return this plot
     */
    public ScatterPlot markerSize(int pixels) {
        this.markerSize = pixels;
        return this;
    }

    /**
     * Draws the plot.
     *
     * @param width pixels
     * @param height pixels
     * @return the image
     */
    public BufferedImage render(int width, int height) {
        XYChart chart =
                new XYChartBuilder()
                        .width(width)
                        .height(height)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        XYStyler s = ChartStyle.apply(chart.getStyler(), legendOutside);
        s.setLegendVisible(series.size() > 1);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerSize(markerSize);
        for (Series ser : series) {
            XYSeries xy = chart.addSeries(ser.name(), ser.x(), ser.y());
            xy.setMarker(SeriesMarkers.CIRCLE);
        }
        return ChartStyle.render(chart);
    }
}
