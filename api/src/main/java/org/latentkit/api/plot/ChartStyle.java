package org.latentkit.api.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one style every latentkit chart shares: fonts, the ten-colour palette, the colour scales of
 * heatmaps, and where legends go. Every chart in this package (and the figure writers built on
 * XChart elsewhere) passes its styler through {@link #apply}.
 *
 * <p>The palette is Tableau 10 (matplotlib's {@code tab10}): its ten colours are pairwise at least
 * 27 apart in CIE Lab (ΔE*76), so that ten digits in a scatter plot stay apart. XChart's own
 * default palette puts digits 1 and 5 on two near-identical oranges.
 */
public final class ChartStyle {

    /** The series colours, one per digit: Tableau 10. */
    public static final List<Color> PALETTE =
            List.of(
                    new Color(0x1f77b4),
                    new Color(0xff7f0e),
                    new Color(0x2ca02c),
                    new Color(0xd62728),
                    new Color(0x9467bd),
                    new Color(0x8c564b),
                    new Color(0xe377c2),
                    new Color(0x7f7f7f),
                    new Color(0xbcbd22),
                    new Color(0x17becf));

    /** Neutral grey for context series (a histogram's bars behind coloured marks). */
    public static final Color NEUTRAL = new Color(205, 205, 205);

    /** Viridis at five stops, for counts and fractions. */
    public static final List<Color> SEQUENTIAL =
            List.of(
                    new Color(68, 1, 84),
                    new Color(59, 82, 139),
                    new Color(33, 145, 140),
                    new Color(94, 201, 98),
                    new Color(253, 231, 37));

    /** Blue, white, red (ColorBrewer RdBu ends), for correlations. */
    public static final List<Color> DIVERGING =
            List.of(new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43));

    /** Chart titles. */
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    /** Axis titles. */
    public static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    /** Tick labels, legend entries and values written into cells. */
    public static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** Light grey of the grid lines. */
    private static final Color GRID = new Color(220, 220, 220);

    private ChartStyle() {}

    /**
     * The {@code i}-th palette colour, cycling after ten.
     *
     * @param i a series index, at least 0
     * @return its colour
     */
    public static Color colour(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    /**
     * Applies the shared style: white background, the fonts, the palette, a plain legend outside to
     * the right when {@code legendOutside}, inside at the lower right otherwise.
     *
     * @param styler a chart's styler
     * @param legendOutside whether the legend goes outside the plot area
     * @param <S> the styler type
     * @return the styler
     */
    public static <S extends Styler> S apply(S styler, boolean legendOutside) {
        System.setProperty("java.awt.headless", "true");
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.DARK_GRAY);
        styler.setChartFontColor(Color.BLACK);
        styler.setChartTitleFont(TITLE);
        styler.setChartTitleBoxVisible(false);
        styler.setLegendFont(TEXT);
        styler.setLegendBorderColor(Color.GRAY);
        styler.setLegendPosition(
                legendOutside ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideSE);
        styler.setSeriesColors(PALETTE.toArray(Color[]::new));
        styler.setChartPadding(10);
        styler.setAntiAlias(true);
        if (styler instanceof AxesChartStyler a) {
            a.setAxisTitleFont(AXIS_TITLE);
            a.setAxisTickLabelsFont(TEXT);
            a.setAxisTickLabelsColor(Color.BLACK);
            a.setPlotGridLinesColor(GRID);
            a.setPlotGridLinesVisible(true);
        }
        return styler;
    }

    /**
     * Renders a chart headless.
     *
     * @param chart the chart
     * @return its image, the chart's width and height
     */
    public static BufferedImage render(Chart<?, ?> chart) {
        System.setProperty("java.awt.headless", "true");
        return BitmapEncoder.getBufferedImage(chart);
    }
}
