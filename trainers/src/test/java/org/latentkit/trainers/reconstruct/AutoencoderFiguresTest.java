package org.latentkit.trainers.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.plot.ChartStyle;

/**
 * The autoencoder figures on the fixture's 500 test images, with a 3×3 box blur standing in for the
 * reconstruction and 64 thresholded pixels for a binary code, so that no model is trained. Set
 * {@code -Dlatentkit.figures.dir=DIR} to keep the PNGs for a look.
 */
class AutoencoderFiguresTest {

    private static ReconstructionEvaluation eval;

    @BeforeAll
    static void evaluate() {
        DigitSet test = Fixtures.mnistSmall().test();
        int n = test.size();
        float[][] images = new float[n][];
        float[][] recon = new float[n][];
        double[] mse = new double[n];
        float[][] codes = new float[n][64];
        for (int i = 0; i < n; i++) {
            images[i] = test.image(i, Normalization.UNIT);
            recon[i] = blur(images[i]);
            double s = 0;
            for (int j = 0; j < images[i].length; j++) {
                double d = images[i][j] - recon[i][j];
                s += d * d;
            }
            mse[i] = s / images[i].length;
            for (int k = 0; k < 64; k++) {
                // Pixels on a 8×8 lattice in the central 24×24 square.
                int p = (2 + 3 * (k / 8)) * 28 + 2 + 3 * (k % 8);
                codes[i][k] = images[i][p] > 0.5f ? 1 : 0;
            }
        }
        eval = new ReconstructionEvaluation(test.labels(), images, recon, mse, codes, true);
    }

    private static float[] blur(float[] px) {
        float[] out = new float[px.length];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                float s = 0;
                int c = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < 28 && xx >= 0 && xx < 28) {
                            s += px[yy * 28 + xx];
                            c++;
                        }
                    }
                }
                out[y * 28 + x] = s / c;
            }
        }
        return out;
    }

    @Test
    void givenBinaryEvaluationWhenWriteAllThenSixReadablePngsAreWritten(@TempDir Path dir)
            throws IOException {
        List<String> files = AutoencoderFigures.writeAll(eval, dir, "fixture blur", 2000);
        assertEquals(
                List.of(
                        AutoencoderFigures.HISTOGRAM,
                        AutoencoderFigures.BOXPLOTS,
                        AutoencoderFigures.RECONSTRUCTIONS,
                        AutoencoderFigures.DIFFERENCES,
                        AutoencoderFigures.CODES_FULL,
                        AutoencoderFigures.CODES_ZOOM),
                files);
        for (String f : files) {
            BufferedImage img = ImageIO.read(dir.resolve(f).toFile());
            assertTrue(img.getWidth() >= 400 && img.getHeight() >= 300, f);
        }
        keep(dir, files);
    }

    @Test
    void givenEvaluationWhenHistogramDrawsThenEveryGroupColourMarksBins() {
        BufferedImage img = AutoencoderFigures.histogram(eval, "fixture blur", 2000);
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        // Only the histogram panel, below the ten strips.
        for (int y = img.getHeight() - 300; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                counts.merge(img.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        for (int k = 0; k < 10; k++) {
            int rgb = ChartStyle.colour(k).getRGB() & 0xFFFFFF;
            // A bar at least 3 pixels wide and 10 high.
            assertTrue(counts.getOrDefault(rgb, 0) >= 30, "group " + k);
        }
        assertTrue(counts.getOrDefault(ChartStyle.NEUTRAL.getRGB() & 0xFFFFFF, 0) >= 30);
    }

    @Test
    void givenBinaryEvaluationWhenBoxplotsDrawThenTwoPanelsAreStacked() {
        BufferedImage both = AutoencoderFigures.boxplots(eval, "fixture blur");
        ReconstructionEvaluation dense =
                new ReconstructionEvaluation(
                        eval.labels(),
                        eval.images(),
                        eval.reconstructions(),
                        eval.mse(),
                        eval.codes(),
                        false);
        BufferedImage one = AutoencoderFigures.boxplots(dense, "fixture blur");
        assertEquals(one.getWidth(), both.getWidth());
        // one title header (34 px) above one panel, or above two panels of the same height
        int panel = one.getHeight() - 34;
        assertEquals(380, panel);
        assertEquals(34 + 2 * panel, both.getHeight());
    }

    static void keep(Path dir, List<String> files) throws IOException {
        String keep = System.getProperty("latentkit.figures.dir");
        if (keep == null) {
            return;
        }
        Path out = Path.of(keep);
        Files.createDirectories(out);
        for (String f : files) {
            Files.copy(dir.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
