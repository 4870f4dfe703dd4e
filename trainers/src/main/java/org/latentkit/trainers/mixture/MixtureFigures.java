package org.latentkit.trainers.mixture;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.plot.Heatmap;
import org.latentkit.api.plot.ImageGrid;
import org.latentkit.api.plot.LinePlot;
import org.latentkit.api.plot.ScatterPlot;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.trainers.tsne.FeatureViews;
import org.latentkit.trainers.tsne.NeighbourTsne;
import org.latentkit.trainers.tsne.Tsne;
import org.latentkit.trainers.vae.Pictures;

/**
 * The figures of a mixture run.
 *
 * <ol>
 *   <li>{@value #GENERATION}: one row per expert, each row samples from that expert's prior,
 *       labelled with the digit the expert is matched to and its purity on the test set;
 *   <li>{@value #CONFUSION}: test images per expert (rows) and true digit (columns);
 *   <li>{@value #USAGE}: the fraction of training images routed to each expert, per epoch;
 *   <li>{@value #ASSIGNMENTS}: a t-SNE of the first {@value #ASSIGNMENT_POINTS} test images'
 *       pixels, each point coloured by the expert the manager sends it to.
 * </ol>
 */
public final class MixtureFigures {

    /** Figure 1. */
    public static final String GENERATION = "generation.png";

    /** Figure 2. */
    public static final String CONFUSION = "confusion.png";

    /** Figure 3. */
    public static final String USAGE = "expert_usage.png";

    /** Figure 4. */
    public static final String ASSIGNMENTS = "assignments_tsne.png";

    /** Test images embedded in {@value #ASSIGNMENTS} (all of them when fewer). */
    public static final int ASSIGNMENT_POINTS = 2000;

    private MixtureFigures() {}

    /**
     * Draws the generation grid: {@code perExpert} prior samples per expert, one row each.
     *
     * @param model the mixture (engine seeded by the caller for repeatable samples)
     * @param e its evaluation, for the row labels, or {@code null}
     * @param perExpert samples per row
     * @param png the target file
     * @param title the figure title
     */
    public static void writeGeneration(
            Model model, MixtureEvaluation e, int perExpert, Path png, String title) {
        MixtureOfVaeExperts mix = (MixtureOfVaeExperts) model.getBlock();
        try (NDManager m = model.getNDManager().newSubManager()) {
            float[] samples =
                    mix.sample(new ParameterStore(model.getNDManager(), false), m, perExpert)
                            .toFloatArray();
            DigitSet set = Pictures.of("samples", samples, null);
            double[] purity = e == null ? null : e.purity();
            ImageGrid grid = ImageGrid.titled(title).zoom(2);
            for (int k = 0; k < mix.experts(); k++) {
                String label =
                        e == null
                                ? "expert " + k
                                : String.format(
                                        Locale.ROOT,
                                        "expert %d: %d (%.0f%%)",
                                        k,
                                        e.digitOf()[k],
                                        100 * purity[k]);
                grid.row(label, set, Pictures.range(k * perExpert, perExpert));
            }
            Figure.writePng(grid.render(), png);
        }
    }

    /**
     * Draws the test confusion between experts and true digits: one row per expert, one column per
     * digit, each cell the number of test images the manager sends to that expert.
     *
     * @param e the evaluation
     * @param png where to write
     */
    public static void writeConfusion(MixtureEvaluation e, Path png) {
        String[] rows = new String[e.experts()];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = "expert " + k;
        }
        String[] cols = new String[10];
        for (int d = 0; d < 10; d++) {
            cols[d] = Integer.toString(d);
        }
        Figure.writePng(
                Heatmap.of(e.confusion())
                        .title(
                                String.format(
                                        Locale.ROOT,
                                        "test images per expert and digit, cluster accuracy %.1f%%",
                                        100 * e.clusterAccuracy()))
                        .axes("true digit", "manager's arg-max")
                        .labels(rows, cols)
                        .annotate()
                        .render(),
                png);
    }

    /**
     * Draws the manager's assignments on a t-SNE of test images: the first {@code count} images of
     * {@code test} (those {@code e} was computed on, in the same order) are embedded from their
     * pixels by {@link NeighbourTsne} (perplexity 30, 1,000 iterations), and each point is coloured
     * by its expert, named with the digit the expert is matched to.
     *
     * @param e the evaluation of {@code test}
     * @param test the evaluated images
     * @param count how many to embed (at most the set's size)
     * @param seed the t-SNE's seed
     * @param png the target file
     * @param title the figure title
     */
    public static void writeAssignments(
            MixtureEvaluation e, DigitSet test, int count, long seed, Path png, String title) {
        int n = Math.min(count, test.size());
        float[][] pixels = FeatureViews.pixels(test.range(0, n), Normalization.UNIT);
        Tsne.Embedding map =
                NeighbourTsne.embed(pixels, NeighbourTsne.forPoints(n, 30, 1000, seed));
        double[] purity = e.purity();
        ScatterPlot plot =
                ScatterPlot.titled(title).axes("t-SNE 1", "t-SNE 2").legendOutside().markerSize(5);
        for (int k = 0; k < e.experts(); k++) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                size += e.clusters()[i] == k ? 1 : 0;
            }
            double[] xs = new double[size];
            double[] ys = new double[size];
            for (int i = 0, j = 0; i < n; i++) {
                if (e.clusters()[i] == k) {
                    xs[j] = map.points()[i][0];
                    ys[j++] = map.points()[i][1];
                }
            }
            if (size > 0) {
                plot.points(
                        String.format(
                                Locale.ROOT,
                                "expert %d: %d (%.0f%%)",
                                k,
                                e.digitOf()[k],
                                100 * purity[k]),
                        xs,
                        ys);
            }
        }
        Figure.writePng(plot.render(900, 760), png);
    }

    /**
     * Draws every figure into {@code dir}.
     *
     * @param model the mixture
     * @param e its test evaluation
     * @param usage per epoch, the training usage per expert
     * @param dir the run directory
     * @param title a title prefix
     * @return the files written
     */
    public static List<String> writeAll(
            Model model, MixtureEvaluation e, List<double[]> usage, Path dir, String title) {
        List<String> files = new ArrayList<>();
        writeGeneration(
                model, e, 12, dir.resolve(GENERATION), title + ": samples, one row per expert");
        files.add(GENERATION);
        writeConfusion(e, dir.resolve(CONFUSION));
        files.add(CONFUSION);
        if (!usage.isEmpty()) {
            LinePlot plot =
                    LinePlot.titled(title + ": fraction of training images routed to each expert")
                            .axes("epoch", "fraction (arg-max)")
                            .legendOutside();
            double[] epochs = new double[usage.size()];
            for (int i = 0; i < epochs.length; i++) {
                epochs[i] = i + 1;
            }
            for (int k = 0; k < e.experts(); k++) {
                double[] y = new double[usage.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = usage.get(i)[k];
                }
                plot.series("expert " + k, epochs, y);
            }
            plot.write(dir.resolve(USAGE));
            files.add(USAGE);
        }
        return files;
    }

    /**
     * Draws every figure into {@code dir}, the t-SNE of the assignments among them.
     *
     * @param model the mixture
     * @param e its evaluation of {@code test}
     * @param test the evaluated images
     * @param usage per epoch, the training usage per expert
     * @param seed the t-SNE's seed
     * @param dir the run directory
     * @param title a title prefix
     * @return the files written
     */
    public static List<String> writeAll(
            Model model,
            MixtureEvaluation e,
            DigitSet test,
            List<double[]> usage,
            long seed,
            Path dir,
            String title) {
        List<String> files = writeAll(model, e, usage, dir, title);
        writeAssignments(
                e,
                test,
                ASSIGNMENT_POINTS,
                seed,
                dir.resolve(ASSIGNMENTS),
                title + ": the manager's experts on a t-SNE of test pixels");
        files.add(ASSIGNMENTS);
        return files;
    }
}
