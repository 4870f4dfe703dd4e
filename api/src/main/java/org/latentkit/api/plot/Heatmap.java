package org.latentkit.api.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.latentkit.core.InvalidInputException;

/**
 * A matrix drawn as coloured cells with row and column labels, on XChart's {@link HeatMapChart} in
 * the shared {@link ChartStyle}, rendered headless.
 *
 * <p>Usage: {@code Heatmap.of(matrix).title("Bit correlation").labels(rows, cols)
 * .scale(Heatmap.Scale.DIVERGING, -1, 1).annotate().render()}, then {@link Figure#writePng}. NaN
 * cells are drawn grey; values outside the scale's range take its end colours.
 */
public final class Heatmap {

    /** How values map to colours. */
    public enum Scale {
        /** Dark blue through green to yellow (viridis), for counts and fractions. */
        SEQUENTIAL,
        /** Blue at the minimum, white in the middle, red at the maximum, for correlations. */
        DIVERGING
    }

    private final double[][] values;
    private String title = "";
    private String xTitle = "";
    private String yTitle = "";
    private String[] rowLabels;
    private String[] colLabels;
    private Scale scale = Scale.SEQUENTIAL;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private boolean annotate;
    private int cell = 36;

    private Heatmap(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new InvalidInputException("heatmap: the matrix is empty");
        }
        this.values = values;
    }

    /**
     * Starts a heatmap of a rectangular matrix.
     *
     * @param values {@code rows × cols} values
     * @return the heatmap
     */
    public static Heatmap of(double[][] values) {
        return new Heatmap(values);
    }

    /**
     * Sets the title.
     *
     * @param text the title
     * @return this heatmap
     */
    public Heatmap title(String text) {
        this.title = text;
        return this;
    }

    /**
     * Sets the axis titles.
     *
     * @param x under the columns
     * @param y beside the rows
     * @return this heatmap
     */
    public Heatmap axes(String x, String y) {
        this.xTitle = x;
        this.yTitle = y;
        return this;
    }

    /**
     * Sets the row and column labels.
     *
     * @param rows one per row
     * @param cols one per column
     * @return this heatmap
     */
    public Heatmap labels(String[] rows, String[] cols) {
        this.rowLabels = rows.clone();
        this.colLabels = cols.clone();
        return this;
    }

    /**
     * Sets the colour scale and its range (default: sequential over the data's range).
     *
     * @param kind the scale
     * @param lo the value at the low end
     * @param hi the value at the high end
     * @return this heatmap
     */
    public Heatmap scale(Scale kind, double lo, double hi) {
        this.scale = kind;
        this.min = lo;
        this.max = hi;
        return this;
    }

    /**
     * Writes each value into its cell.
     *
     * @return this heatmap
     */
    public Heatmap annotate() {
        this.annotate = true;
        return this;
    }

    /**
     * Sets the cell size (default 36 pixels).
     *
     * @param pixels the side of a cell
     * @return this heatmap
     */
    public Heatmap cellSize(int pixels) {
        this.cell = pixels;
        return this;
    }

    /**
     * Draws the heatmap on XChart's {@link HeatMapChart} in the shared {@link ChartStyle}: row 0 at
     * the top, a colour bar on the right, about {@code cellSize} pixels per cell.
     *
     * @return the image
     */
    public BufferedImage render() {
        int rows = values.length;
        int cols = values[0].length;
        double lo = min;
        double hi = max;
        boolean integral = true;
        double dataLo = Double.POSITIVE_INFINITY;
        double dataHi = Double.NEGATIVE_INFINITY;
        for (double[] r : values) {
            for (double v : r) {
                if (!Double.isNaN(v)) {
                    dataLo = Math.min(dataLo, v);
                    dataHi = Math.max(dataHi, v);
                    integral &= v == Math.rint(v);
                }
            }
        }
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            lo = dataLo;
            hi = dataHi > dataLo ? dataHi : dataLo + 1;
        }
        List<String> xs = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            xs.add(colLabels != null ? colLabels[j] : Integer.toString(j));
        }
        // XChart puts y index 0 at the bottom; row 0 goes at the top, as in a matrix.
        for (int i = rows - 1; i >= 0; i--) {
            ys.add(rowLabels != null ? rowLabels[i] : Integer.toString(i));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = values[i][j];
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {j, rows - 1 - i, Math.max(lo, Math.min(hi, v))});
                }
            }
        }
        int labelWidth = 0;
        for (String y : ys) {
            labelWidth = Math.max(labelWidth, 7 * y.length());
        }
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(labelWidth + cols * cell + (yTitle.isEmpty() ? 0 : 24) + 130)
                        .height(
                                rows * cell
                                        + (title.isEmpty() ? 0 : 30)
                                        + (xTitle.isEmpty() ? 0 : 24)
                                        + 60)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        HeatMapStyler s = ChartStyle.apply(chart.getStyler(), true);
        s.setXAxisTitleVisible(!xTitle.isEmpty());
        s.setYAxisTitleVisible(!yTitle.isEmpty());
        s.setPlotGridLinesVisible(false);
        s.setPlotContentSize(1.0);
        s.setPlotMargin(0);
        // Cells without a value (NaN) show the plot background.
        s.setPlotBackgroundColor(Color.LIGHT_GRAY);
        s.setRangeColors(
                (scale == Scale.DIVERGING ? ChartStyle.DIVERGING : ChartStyle.SEQUENTIAL)
                        .toArray(Color[]::new));
        s.setMin(lo);
        s.setMax(hi);
        s.setPiecewise(false);
        s.setDrawBorder(false);
        s.setShowValue(annotate);
        s.setValueFont(ChartStyle.TEXT);
        s.setValueFontColor(scale == Scale.DIVERGING ? Color.BLACK : Color.WHITE);
        boolean counts = integral && Double.isNaN(min);
        boolean whole = counts || Math.max(Math.abs(dataLo), Math.abs(dataHi)) >= 10;
        s.setHeatMapValueDecimalPattern(whole ? "0" : "0.00");
        s.setHeatMapDecimalValueFormatter(v -> label(v, whole));
        chart.addSeries("values", xs, ys, cells);
        return ChartStyle.render(chart);
    }

    private static String label(double v, boolean integral) {
        return String.format(Locale.ROOT, integral || Math.abs(v) >= 10 ? "%.0f" : "%.2f", v);
    }
}
