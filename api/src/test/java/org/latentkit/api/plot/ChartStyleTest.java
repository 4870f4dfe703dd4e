package org.latentkit.api.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.theme.XChartTheme;

/** The shared palette is distinguishable, and every chart draws with it. */
class ChartStyleTest {

    /** CIE L*a*b* (D65) of an sRGB colour. */
    static double[] lab(Color c) {
        double[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            double u = rgb[i] / 255;
            rgb[i] = u > 0.04045 ? Math.pow((u + 0.055) / 1.055, 2.4) : u / 12.92;
        }
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** ΔE*76: Euclidean distance in Lab. */
    static double deltaE(Color a, Color b) {
        double[] p = lab(a);
        double[] q = lab(b);
        return Math.sqrt(
                (p[0] - q[0]) * (p[0] - q[0])
                        + (p[1] - q[1]) * (p[1] - q[1])
                        + (p[2] - q[2]) * (p[2] - q[2]));
    }

    @Test
    void givenLabConversionWhenWhiteAndBlackThenLightnessIs100And0() {
        assertEquals(100, lab(Color.WHITE)[0], 0.05);
        assertEquals(0, lab(Color.BLACK)[0], 0.05);
        assertEquals(0, lab(Color.WHITE)[1], 0.05);
        assertEquals(53.24, lab(Color.RED)[0], 0.05);
    }

    @Test
    void givenPaletteWhenComparedPairwiseThenEveryPairIsAtLeast25ApartInLab() {
        assertEquals(10, ChartStyle.PALETTE.size());
        double min = Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            for (int j = i + 1; j < 10; j++) {
                min = Math.min(min, deltaE(ChartStyle.PALETTE.get(i), ChartStyle.PALETTE.get(j)));
            }
            // Also apart from the white background and the grey of context series.
            assertTrue(deltaE(ChartStyle.PALETTE.get(i), Color.WHITE) > 25, "colour " + i);
            assertTrue(deltaE(ChartStyle.PALETTE.get(i), ChartStyle.NEUTRAL) > 20, "colour " + i);
        }
        assertTrue(min > 25, "closest pair ΔE " + min);
        // XChart's default palette, which the t-SNE figure used, has digits 1 and 5 closer
        // than any two colours of the new one.
        Color[] old = new XChartTheme().getSeriesColors();
        assertTrue(deltaE(old[1], old[5]) < min, "XChart 1 vs 5: " + deltaE(old[1], old[5]));
    }

    @Test
    void givenTenSeriesWhenScatterRendersThenEachDigitIsDrawnInItsPaletteColour() {
        ScatterPlot plot = ScatterPlot.titled("ten").axes("x", "y").legendOutside();
        for (int d = 0; d < 10; d++) {
            plot.points(Integer.toString(d), new double[] {d, d + 0.1}, new double[] {d, d});
        }
        BufferedImage img = plot.markerSize(10).render(600, 400);
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                seen.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        for (int d = 0; d < 10; d++) {
            assertTrue(seen.contains(ChartStyle.colour(d).getRGB() & 0xFFFFFF), "digit " + d);
        }
    }

    @Test
    void givenMatrixWhenHeatmapRendersThenCellsTakeTheScaleColoursAndNanIsGrey() {
        double[][] m = {{-1, 1}, {0, Double.NaN}};
        BufferedImage img =
                Heatmap.of(m)
                        .labels(new String[] {"a", "b"}, new String[] {"c", "d"})
                        .scale(Heatmap.Scale.DIVERGING, -1, 1)
                        .cellSize(60)
                        .render();
        assertTrue(img.getWidth() >= 120 && img.getHeight() >= 120);
        int blue = count(img, ChartStyle.DIVERGING.get(0));
        int red = count(img, ChartStyle.DIVERGING.get(2));
        int grey = count(img, Color.LIGHT_GRAY);
        // Each of the four cells is roughly 60 × 60 pixels; the colour bar adds a few of each end.
        for (int n : new int[] {blue, red, grey}) {
            assertTrue(n > 1500 && n < 6000, "cell pixels " + blue + " " + red + " " + grey);
        }
    }

    private static int count(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }
}
