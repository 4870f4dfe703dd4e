package org.latentkit.cli;

import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Split;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.plot.ScatterPlot;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.trainers.buckets.BucketSweep;
import org.latentkit.trainers.buckets.BucketTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentkit buckets-sweep}: seed 000's hyperparameter search over bits and loss weights. */
@Command(
        name = "buckets-sweep",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Random search for the bucket classifier: each trial draws the bits from "
                        + "[--min-bits, --max-bits] and each loss weight from [0, --max-weight], trains, and scores "
                        + "the 10k test set. Writes trials.csv, trials.md and sweep.png (accuracy against each "
                        + "weight and the bits); --bits and --weights are ignored.")
final class BucketsSweepCommand extends RunCommand implements CommandDefaults {

    /** {@inheritDoc} */
    @Override
    public Map<String, String> defaults() {
        return BucketOptions.defaults();
    }

    @Option(
            names = "--trials",
            paramLabel = "N",
            defaultValue = "20",
            description = "Number of trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(
            names = "--min-bits",
            paramLabel = "N",
            defaultValue = "4",
            description = "Smallest bit count drawn (default: ${DEFAULT-VALUE}).")
    int minBits;

    @Option(
            names = "--max-bits",
            paramLabel = "N",
            defaultValue = "10",
            description = "Largest bit count drawn (default: ${DEFAULT-VALUE}).")
    int maxBits;

    @Option(
            names = "--max-weight",
            paramLabel = "X",
            defaultValue = "1",
            description = "Each weight is drawn uniformly from [0, X] (default: ${DEFAULT-VALUE}).")
    float maxWeight;

    @Mixin BucketOptions buckets;

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(buckets.epochs, buckets.batchSize);
        BucketTrainer.Options base = buckets.options(config, common.maxBatches);
        BucketSweep.Space space = new BucketSweep.Space(trials, minBits, maxBits, maxWeight);
        DataLocator.TrainTest data = loadData();
        Split split = Split.trainTest(data);
        Map<String, Object> settings = new LinkedHashMap<>(BucketOptions.settings(base));
        settings.remove("bits");
        settings.remove("w_cov");
        settings.remove("w_center");
        settings.remove("w_mag");
        settings.put("trials", trials);
        settings.put("min_bits", minBits);
        settings.put("max_bits", maxBits);
        settings.put("max_weight", maxWeight);
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        List<BucketSweep.Trial> done =
                BucketSweep.run(
                        new BucketTrainer(context),
                        split,
                        base,
                        space,
                        TrainingListener.NONE,
                        so -> {
                            BucketSweep.Trial t = so.get(so.size() - 1);
                            err().printf(
                                            Locale.ROOT,
                                            "-- trial %d/%d: %d bits, %s: bucket accuracy %.2f%%%n",
                                            t.index(),
                                            trials,
                                            t.options().bits(),
                                            t.options().weights(),
                                            100 * t.result().trained().bucketAccuracy());
                            write(run, so);
                        });
        BucketSweep.Trial best =
                done.stream()
                        .max(Comparator.comparingDouble(t -> t.result().trained().bucketAccuracy()))
                        .orElseThrow();
        Map<String, Object> m = baseMetrics(context, data);
        m.put("trials", done.size());
        m.put("best_trial", best.index());
        m.put("best_bits", best.options().bits());
        m.put("best_w_cov", best.options().weights().covariance());
        m.put("best_w_center", best.options().weights().centering());
        m.put("best_w_mag", best.options().weights().magnitude());
        m.put("best_bucket_accuracy", best.result().trained().bucketAccuracy());
        m.put(
                "train_seconds",
                done.stream().mapToDouble(t -> t.result().fit().trainSeconds()).sum());
        run.writeMetrics(m);
        spec.commandLine().getOut().print(table(done));
        spec.commandLine().getOut().println("-> " + run.dir());
        return 0;
    }

    private static void write(RunDirectory run, List<BucketSweep.Trial> trials) {
        StringBuilder csv =
                new StringBuilder(
                        "trial,seed,bits,w_cov,w_center,w_mag,bucket_accuracy,"
                                + "baseline_bucket_accuracy,buckets_used,bucket_entropy,mean_abs_bit_correlation,nmi,"
                                + "cluster_accuracy,final_train_loss\n");
        int n = trials.size();
        double[] acc = new double[n];
        double[][] x = new double[4][n];
        for (int i = 0; i < n; i++) {
            BucketSweep.Trial t = trials.get(i);
            var e = t.result().trained();
            var o = t.options();
            var h = t.result().fit().history();
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.4f,%.4f,%.4f,%.4f,%.6f%n",
                            t.index(),
                            o.seed(),
                            o.bits(),
                            o.weights().covariance(),
                            o.weights().centering(),
                            o.weights().magnitude(),
                            e.bucketAccuracy(),
                            t.result().baseline().bucketAccuracy(),
                            e.bucketsUsed(),
                            e.bucketEntropyBits(),
                            e.meanAbsBitCorrelation(),
                            e.nmi(),
                            e.clusterAccuracy(),
                            h.get(h.size() - 1).trainLoss()));
            acc[i] = 100 * e.bucketAccuracy();
            x[0][i] = o.weights().covariance();
            x[1][i] = o.weights().centering();
            x[2][i] = o.weights().magnitude();
            x[3][i] = o.bits();
        }
        AtomicFiles.writeString(run.file("trials.csv"), csv.toString());
        AtomicFiles.writeString(run.file("trials.md"), table(trials));
        String[] names = {"w_cov", "w_center", "w_mag", "bits"};
        BufferedImage[] panels = new BufferedImage[4];
        for (int p = 0; p < 4; p++) {
            panels[p] =
                    ScatterPlot.titled("Bucket accuracy vs " + names[p])
                            .axes(names[p], "test bucket accuracy (%)")
                            .points("trials", x[p], acc)
                            .render(420, 380);
        }
        Figure.writePng(Figure.sideBySide(panels), run.file("sweep.png"));
    }

    private static String table(List<BucketSweep.Trial> trials) {
        StringBuilder md =
                new StringBuilder(
                        "| trial | bits | w_cov | w_center | w_mag | bucket accuracy | baseline "
                                + "| buckets used | NMI | cluster accuracy |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BucketSweep.Trial t : trials) {
            var e = t.result().trained();
            var w = t.options().weights();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %.3f | %.3f | %.3f | %.2f%% | %.2f%% | %d | %.3f | %.2f%% |%n",
                            t.index(),
                            t.options().bits(),
                            w.covariance(),
                            w.centering(),
                            w.magnitude(),
                            100 * e.bucketAccuracy(),
                            100 * t.result().baseline().bucketAccuracy(),
                            e.bucketsUsed(),
                            e.nmi(),
                            100 * e.clusterAccuracy()));
        }
        return md.toString();
    }
}
