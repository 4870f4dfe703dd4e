package org.latentkit.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.plot.ScatterPlot;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.Architecture;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.tsne.FeatureViews;
import org.latentkit.trainers.tsne.Tsne;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentkit tsne}: a 2-D t-SNE view of test digits, coloured by digit, with a legend. */
@Command(
        name = "tsne",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "t-SNE (seed 004) of test digits: raw pixels, a saved model's features "
                        + "(lenet-deep: FC100; autoencoders: the code) or an untrained network's; a scatter "
                        + "coloured by digit with a legend. --out X.png writes the plot to X.png and the run "
                        + "record to X/.")
final class TsneCommand extends RunCommand {

    @Option(
            names = "--features",
            paramLabel = "SPEC",
            defaultValue = "pixels",
            description =
                    "pixels, model:DIR (a saved model) or random:ARCH (a randomly initialised "
                            + "classifier, for example random:lenet-deep) (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "1000",
            description =
                    "Test images, a class-stratified subset chosen by the seed (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--perplexity",
            paramLabel = "X",
            defaultValue = "30",
            description = "Effective number of neighbours (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Gradient steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(
            names = "--normalize",
            paramLabel = "NAME",
            description =
                    "Pixel normalisation: unit or centered (default: what the saved model was "
                            + "trained with; unit for pixels; centered for random networks, as seed 004).")
    String normalize;

    @Override
    int execute() {
        Path png = null;
        if (common.out != null
                && common.out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            png = common.out;
            String name = png.getFileName().toString();
            common.out = png.resolveSibling(name.substring(0, name.length() - 4));
        }
        RunConfig config = runConfig(1, 1);
        Tsne.Options options =
                Tsne.Options.defaults().withPerplexity(perplexity).withIterations(iterations);
        options =
                new Tsne.Options(
                        options.perplexity(),
                        options.iterations(),
                        options.learningRate(),
                        options.exaggeration(),
                        options.exaggerationIterations(),
                        config.seed());
        DataLocator.TrainTest data = loadData();
        if (count < 4 || count > data.test().size()) {
            throw new InvalidInputException(
                    "count: must be between 4 and " + data.test().size() + ", got " + count);
        }
        DigitSet set = data.test().stratifiedSubset(count, config.seed());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("features", features);
        settings.put("count", count);
        settings.put("perplexity", perplexity);
        settings.put("iterations", iterations);
        RunDirectory run = openRun(config, settings);
        if (png == null) {
            png = run.file("tsne.png");
        }
        EngineContext context = EngineContext.of(config.engine(), config.device());
        long start = System.nanoTime();
        View view = features(context, set, config.seed());
        err().printf(
                        Locale.ROOT,
                        "tsne of %d test digits, %s (%d-d), perplexity %.0f, %d iterations, %s %s%n",
                        set.size(),
                        view.title(),
                        view.rows()[0].length,
                        perplexity,
                        iterations,
                        context.engineName(),
                        context.deviceName());
        Tsne.Embedding e;
        try (NDManager m = context.engine().newBaseManager(context.device())) {
            int d = view.rows()[0].length;
            float[] flat = new float[set.size() * d];
            for (int i = 0; i < set.size(); i++) {
                System.arraycopy(view.rows()[i], 0, flat, i * d, d);
            }
            NDArray x = m.create(flat, new Shape(set.size(), d));
            e = Tsne.embed(x, options);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ScatterPlot plot =
                ScatterPlot.titled(
                                String.format(
                                        Locale.ROOT,
                                        "t-SNE of %d test digits: %s",
                                        set.size(),
                                        view.title()))
                        .axes("t-SNE 1", "t-SNE 2")
                        .legendOutside()
                        .markerSize(6);
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int digit = 0; digit < 10; digit++) {
            int k = 0;
            for (int i = 0; i < set.size(); i++) {
                k += set.label(i) == digit ? 1 : 0;
            }
            double[] xs = new double[k];
            double[] ys = new double[k];
            k = 0;
            for (int i = 0; i < set.size(); i++) {
                if (set.label(i) == digit) {
                    xs[k] = e.points()[i][0];
                    ys[k++] = e.points()[i][1];
                }
            }
            if (k > 0) {
                plot.points(Integer.toString(digit), xs, ys);
            }
        }
        for (int i = 0; i < set.size(); i++) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%.5f,%.5f,%d%n",
                            e.points()[i][0],
                            e.points()[i][1],
                            set.label(i)));
        }
        Figure.writePng(plot.render(900, 760), png);
        AtomicFiles.writeString(run.file("points.csv"), csv.toString());
        double knn = knnAccuracy(e.points(), set.labels(), 5);
        Map<String, Object> m = baseMetrics(context, data);
        m.put("features", features);
        m.put("feature_dimensions", view.rows()[0].length);
        m.put("count", set.size());
        m.put("kl_divergence", e.klDivergence());
        m.put("knn5_accuracy_2d", knn);
        m.put("seconds", seconds);
        m.put("png", png.toString());
        run.writeMetrics(m);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "t-SNE of %d digits (%s): KL %.3f, 5-NN accuracy in 2-D %.1f%%, "
                                + "%.0f s -> %s%n",
                        set.size(),
                        view.title(),
                        e.klDivergence(),
                        100 * knn,
                        seconds,
                        png);
        return 0;
    }

    /** A feature view: rows and a title for the plot. */
    record View(float[][] rows, String title) {}

    private View features(EngineContext context, DigitSet set, long seed) {
        if (features.equals("pixels")) {
            Normalization norm =
                    normalize == null ? Normalization.UNIT : Normalization.parse(normalize);
            return new View(FeatureViews.pixels(set, norm), "raw pixels");
        }
        if (features.startsWith("model:")) {
            Path dir = Path.of(features.substring("model:".length()));
            try (ModelStore.Loaded loaded = ModelStore.load(dir, context)) {
                String arch = loaded.descriptor().block().architecture();
                Normalization norm =
                        Normalization.parse(
                                normalize != null
                                        ? normalize
                                        : loaded.descriptor()
                                                .metadata()
                                                .getOrDefault("normalization", "unit"));
                return new View(
                        FeatureViews.of(loaded.model(), arch, set, norm),
                        "trained " + arch + " features (" + dir.getFileName() + ")");
            }
        }
        if (features.startsWith("random:")) {
            Architecture arch = Architecture.parse(features.substring("random:".length()));
            Normalization norm =
                    normalize == null ? Normalization.CENTERED : Normalization.parse(normalize);
            context.seed(seed);
            try (Model model = context.newModel(arch.create(10))) {
                model.getBlock()
                        .initialize(
                                model.getNDManager(),
                                ai.djl.ndarray.types.DataType.FLOAT32,
                                arch.inputShape(1));
                return new View(
                        FeatureViews.of(model, arch.id(), set, norm),
                        "randomly initialised " + arch.id() + " features");
            }
        }
        throw new InvalidInputException(
                "features: expected pixels, model:DIR or random:ARCH, got '" + features + "'");
    }

    /** Leave-one-out k-NN accuracy of the 2-D points: how well the plot keeps the digits apart. */
    static double knnAccuracy(double[][] y, int[] labels, int k) {
        int n = y.length;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double[] best = new double[k];
            int[] who = new int[k];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d = Math.pow(y[i][0] - y[j][0], 2) + Math.pow(y[i][1] - y[j][1], 2);
                for (int a = 0; a < k; a++) {
                    if (d < best[a]) {
                        System.arraycopy(best, a, best, a + 1, k - 1 - a);
                        System.arraycopy(who, a, who, a + 1, k - 1 - a);
                        best[a] = d;
                        who[a] = j;
                        break;
                    }
                }
            }
            int[] votes = new int[10];
            for (int a = 0; a < k; a++) {
                votes[labels[who[a]]]++;
            }
            int vote = 0;
            for (int c = 1; c < 10; c++) {
                if (votes[c] > votes[vote]) {
                    vote = c;
                }
            }
            correct += vote == labels[i] ? 1 : 0;
        }
        return (double) correct / n;
    }
}
