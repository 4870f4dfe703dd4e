package org.latentkit.trainers.vae;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.plot.ImageGrid;
import org.latentkit.api.plot.ScatterPlot;
import org.latentkit.blocks.vae.VaeExpert;

/**
 * The figures of a VAE run.
 *
 * <ol>
 *   <li>{@value #RECONSTRUCTIONS}: two test images per digit over their reconstructions (decoded
 *       posterior means);
 *   <li>{@value #SAMPLES}: 100 samples from the prior;
 *   <li>for a 2-d code, {@value #SCATTER}: the test set's posterior means coloured by digit, with a
 *       legend, and {@value #MANIFOLD}: the decoder over a 15 × 15 grid of codes in [−2.5, 2.5]².
 * </ol>
 */
public final class VaeFigures {

    /** Figure 1. */
    public static final String RECONSTRUCTIONS = "reconstructions.png";

    /** Figure 2. */
    public static final String SAMPLES = "samples.png";

    /** Figure 3 (latent 2). */
    public static final String SCATTER = "latent_scatter.png";

    /** Figure 4 (latent 2). */
    public static final String MANIFOLD = "manifold.png";

    private VaeFigures() {}

    /**
     * Draws every figure into {@code dir}.
     *
     * @param model the trained VAE
     * @param e its evaluation
     * @param dir the run directory
     * @param title a title prefix
     * @return the files written
     */
    public static List<String> writeAll(Model model, VaeEvaluation e, Path dir, String title) {
        List<String> files = new ArrayList<>();
        int[] picks = twoPerDigit(e.set(), VaeEvaluation.KEPT);
        DigitSet recon = Pictures.of("reconstructions", e.meanReconstructions(), null);
        Figure.writePng(
                ImageGrid.titled(title + ": test images over their reconstructions")
                        .zoom(2)
                        .row("original", e.set(), picks)
                        .row("reconstruction", recon, picks)
                        .render(),
                dir.resolve(RECONSTRUCTIONS));
        files.add(RECONSTRUCTIONS);
        VaeExpert vae = (VaeExpert) model.getBlock();
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        try (NDManager m = model.getNDManager().newSubManager()) {
            DigitSet samples =
                    Pictures.of("samples", vae.sample(store, m, 100).toFloatArray(), null);
            ImageGrid grid = ImageGrid.titled(title + ": samples from the prior").zoom(2);
            for (int r = 0; r < 10; r++) {
                grid.row("", samples, Pictures.range(r * 10, 10));
            }
            Figure.writePng(grid.render(), dir.resolve(SAMPLES));
            files.add(SAMPLES);
            if (e.latent() == 2) {
                writeScatter(e, dir.resolve(SCATTER), title);
                files.add(SCATTER);
                int g = 15;
                float[] codes = new float[g * g * 2];
                for (int i = 0; i < g; i++) {
                    for (int j = 0; j < g; j++) {
                        codes[(i * g + j) * 2] = -2.5f + 5f * j / (g - 1);
                        codes[(i * g + j) * 2 + 1] = 2.5f - 5f * i / (g - 1);
                    }
                }
                NDArray z = m.create(codes, new Shape(g * g, 2));
                DigitSet manifold =
                        Pictures.of("manifold", vae.decode(store, z, false).toFloatArray(), null);
                ImageGrid mg =
                        ImageGrid.titled(title + ": decoder over z in [-2.5, 2.5]^2").zoom(1);
                for (int i = 0; i < g; i++) {
                    mg.row(
                            String.format(Locale.ROOT, "z2=%.1f", 2.5f - 5f * i / (g - 1)),
                            manifold,
                            Pictures.range(i * g, g));
                }
                Figure.writePng(mg.render(), dir.resolve(MANIFOLD));
                files.add(MANIFOLD);
            }
        }
        return files;
    }

    private static void writeScatter(VaeEvaluation e, Path png, String title) {
        ScatterPlot plot =
                ScatterPlot.titled(title + ": test posterior means by digit").axes("z1", "z2");
        int n = e.set().size();
        if (!e.set().hasLabels()) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = e.mu()[i * 2];
                y[i] = e.mu()[i * 2 + 1];
            }
            plot.points("test images (no labels)", x, y);
            Figure.writePng(plot.render(900, 760), png);
            return;
        }
        for (int d = 0; d < 10; d++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                count += e.set().label(i) == d ? 1 : 0;
            }
            double[] x = new double[count];
            double[] y = new double[count];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (e.set().label(i) == d) {
                    x[k] = e.mu()[i * 2];
                    y[k++] = e.mu()[i * 2 + 1];
                }
            }
            plot.points("digit " + d, x, y);
        }
        Figure.writePng(plot.render(900, 760), png);
    }

    /**
     * Picks the first two images of each digit among the first {@code limit} (the first 20 images
     * of a set without labels).
     *
     * @param set the images
     * @param limit how far to look
     * @return up to 20 indices, digit by digit
     */
    static int[] twoPerDigit(DigitSet set, int limit) {
        if (!set.hasLabels()) {
            return Pictures.range(0, Math.min(20, Math.min(limit, set.size())));
        }
        List<Integer> picks = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            int found = 0;
            for (int i = 0; i < Math.min(limit, set.size()) && found < 2; i++) {
                if (set.label(i) == d) {
                    picks.add(i);
                    found++;
                }
            }
        }
        return picks.stream().mapToInt(Integer::intValue).toArray();
    }
}
