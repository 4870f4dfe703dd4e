package org.latentkit.api.plot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;

/**
 * The shared charts on data from the fixture's 500 test digits. Set {@code
 * -Dlatentkit.figures.dir=DIR} to keep the PNGs for a look.
 */
class ChartsTest {

    private static DigitSet test;

    /** Per image: the ink's centre of mass (x, y) and its total, the features the charts show. */
    private static double[][] features;

    @BeforeAll
    static void load() {
        test = Fixtures.mnistSmall().test();
        features = new double[test.size()][3];
        for (int i = 0; i < test.size(); i++) {
            double sx = 0;
            double sy = 0;
            double s = 0;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    double v = test.pixel(i, r * 28 + c) / 255.0;
                    sx += v * c;
                    sy += v * r;
                    s += v;
                }
            }
            features[i] = new double[] {sx / s, sy / s, s};
        }
    }

    /** The 10 × 10 correlation of the ink in ten horizontal bands of the image. */
    private static double[][] bandCorrelation() {
        int n = test.size();
        double[][] band = new double[10][n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                int b = Math.min(9, (p / 28 - 4) * 10 / 20);
                if (b >= 0) {
                    band[b][i] += test.pixel(i, p) / 255.0;
                }
            }
        }
        double[][] corr = new double[10][10];
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                corr[a][b] = pearson(band[a], band[b]);
            }
        }
        return corr;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Digits (columns) against deciles of total ink (rows): counts. */
    private static double[][] inkByDigit() {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double[] f : features) {
            lo = Math.min(lo, f[2]);
            hi = Math.max(hi, f[2]);
        }
        double[][] m = new double[8][10];
        for (int i = 0; i < test.size(); i++) {
            int row = (int) Math.min(7, (features[i][2] - lo) / (hi - lo) * 8);
            m[row][test.label(i)]++;
        }
        return m;
    }

    private static String[] names(String prefix, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = prefix + i;
        }
        return s;
    }

    @Test
    void givenFixtureWhenChartsRenderThenPngsAreWritten(@TempDir Path dir) throws IOException {
        double[][] corr = bandCorrelation();
        corr[0][9] = Double.NaN;
        Figure.writePng(
                Heatmap.of(corr)
                        .title("Correlation between ink bands (test set)")
                        .labels(names("band ", 10), names("band ", 10))
                        .scale(Heatmap.Scale.DIVERGING, -1, 1)
                        .annotate()
                        .cellSize(48)
                        .render(),
                dir.resolve("heatmap_diverging.png"));
        Figure.writePng(
                Figure.sideBySide(
                        Heatmap.of(inkByDigit())
                                .title("Ink by digit")
                                .axes("class", "ink octile (test images)")
                                .labels(names("ink ", 8), names("", 10))
                                .cellSize(30)
                                .render(),
                        Heatmap.of(inkByDigit())
                                .title("Ink by digit, annotated")
                                .labels(names("ink ", 8), names("", 10))
                                .annotate()
                                .render()),
                dir.resolve("heatmap_sequential.png"));
        ScatterPlot scatter =
                ScatterPlot.titled("Ink centre of mass by digit").axes("x", "y").legendOutside();
        for (int d = 0; d < 10; d++) {
            int digit = d;
            int[] idx =
                    java.util.stream.IntStream.range(0, test.size())
                            .filter(i -> test.label(i) == digit)
                            .toArray();
            double[] x = new double[idx.length];
            double[] y = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                x[k] = features[idx[k]][0] + 3 * (d % 5);
                y[k] = features[idx[k]][1] + 3 * (d / 5);
            }
            scatter.points(Integer.toString(d), x, y);
        }
        Figure.writePng(scatter.markerSize(6).render(900, 760), dir.resolve("scatter.png"));
        LinePlot.titled("Lines")
                .axes("samples", "accuracy")
                .logX()
                .legendOutside()
                .series("a", new double[] {100, 1000, 10000}, new double[] {0.7, 0.85, 0.95})
                .series("b", new double[] {100, 1000, 10000}, new double[] {0.6, 0.8, 0.97})
                .reference("published", new double[] {100, 10000}, new double[] {0.75, 0.98})
                .write(dir.resolve("lines.png"));
        String keep = System.getProperty("latentkit.figures.dir");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                BufferedImage img = ImageIO.read(f.toFile());
                assertTrue(img.getWidth() >= 300 && img.getHeight() >= 300, f.toString());
                if (keep != null) {
                    Files.createDirectories(Path.of(keep));
                    Files.copy(
                            f,
                            Path.of(keep).resolve(f.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
