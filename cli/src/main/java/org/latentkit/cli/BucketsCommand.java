package org.latentkit.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Split;
import org.latentkit.api.metrics.BucketLabeler;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.plot.Heatmap;
import org.latentkit.api.plot.ImageGrid;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.trainers.buckets.BucketEvaluation;
import org.latentkit.trainers.buckets.BucketTrainer;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latentkit buckets}: seed 000's unsupervised binary-code bucket classifier. */
@Command(
        name = "buckets",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Train an MLP with N tanh outputs without labels (seed 000's covariance, centering "
                        + "and magnitude loss), read each output's sign as a bit and the bits as a bucket, label "
                        + "each bucket by its training-set majority, and score the 10k test set against the "
                        + "random-init baseline. Writes metrics.json, buckets.csv, history.csv, buckets.png, "
                        + "bucket_classes.png and bit_correlation.png.")
final class BucketsCommand extends TrainingCommand implements CommandDefaults {

    /** {@inheritDoc} */
    @Override
    public Map<String, String> defaults() {
        return BucketOptions.defaults();
    }

    /** Rows of the bucket figures. */
    static final int FIGURE_BUCKETS = 16;

    /** Images per bucket row. */
    static final int FIGURE_IMAGES = 10;

    @Mixin BucketOptions buckets;

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(buckets.epochs, buckets.batchSize);
        BucketTrainer.Options options = buckets.options(config, common.maxBatches);
        DataLocator.TrainTest data = loadData();
        Split split = Split.trainTest(data);
        RunDirectory run = openRun(config, BucketOptions.settings(options));
        EngineContext context = EngineContext.of(config.engine(), config.device());
        err().printf(
                        Locale.ROOT,
                        "buckets: %d bits, hidden %s %s, weights %s, on %s: %d train / %d test, %s %s%n",
                        options.bits(),
                        Arrays.toString(options.hidden()),
                        options.activation(),
                        options.weights(),
                        data.dataset(),
                        split.train().size(),
                        split.test().size(),
                        context.engineName(),
                        context.deviceName());
        BucketTrainer.Result r =
                new BucketTrainer(context)
                        .fit(split, options, control(ProgressBar.onStderr("-")), run.file("model"));
        Map<String, Object> m = baseMetrics(context, data);
        m.putAll(BucketOptions.settings(options));
        m.putAll(r.trained().toMap(""));
        m.putAll(r.baseline().toMap("baseline_"));
        m.put(
                "cluster_accuracy_note",
                "best one-to-one bucket-to-class matching (Hungarian); "
                        + "buckets beyond the 10 matched ones count wrong");
        m.put("epochs_run", r.fit().epochsRun());
        m.put("final_train_loss", r.fit().history().get(r.fit().epochsRun() - 1).trainLoss());
        m.put("train_seconds", r.fit().trainSeconds());
        m.put("samples_per_second", r.fit().samplesPerSecond());
        run.writeMetrics(m);
        writeHistory(run, r.fit().history(), null);
        BucketLabeler labeler =
                BucketLabeler.fit(
                        r.trainBuckets(),
                        split.train().labels(),
                        1 << options.bits(),
                        BucketEvaluation.CLASSES);
        writeBucketTable(run, r, labeler, split.test(), options.bits());
        writeFigures(run, r, labeler, split.test(), options.bits());
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "bucket accuracy %.2f%% (baseline %.2f%%), %d buckets used, cluster accuracy %.2f%%, NMI %.3f "
                                + "(%d bits, %s %s) -> %s%n",
                        100 * r.trained().bucketAccuracy(),
                        100 * r.baseline().bucketAccuracy(),
                        r.trained().bucketsUsed(),
                        100 * r.trained().clusterAccuracy(),
                        r.trained().nmi(),
                        options.bits(),
                        context.engineName(),
                        context.deviceName(),
                        run.dir());
        return 0;
    }

    /** Buckets ordered by test count, largest first. */
    static List<Integer> byPopulation(int[] buckets, int numBuckets) {
        int[] counts = new int[numBuckets];
        for (int b : buckets) {
            counts[b]++;
        }
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < numBuckets; b++) {
            if (counts[b] > 0) {
                order.add(b);
            }
        }
        order.sort(
                (a, b) ->
                        counts[b] != counts[a]
                                ? Integer.compare(counts[b], counts[a])
                                : Integer.compare(a, b));
        return order;
    }

    private static void writeBucketTable(
            RunDirectory run,
            BucketTrainer.Result r,
            BucketLabeler labeler,
            DigitSet test,
            int bits) {
        int k = 1 << bits;
        int[][] counts = new int[k][BucketEvaluation.CLASSES];
        int[] testBuckets = r.testBuckets();
        for (int s = 0; s < testBuckets.length; s++) {
            counts[testBuckets[s]][test.label(s)]++;
        }
        StringBuilder csv =
                new StringBuilder("bucket,code,train_count,test_count,label,test_purity");
        for (int c = 0; c < BucketEvaluation.CLASSES; c++) {
            csv.append(",test_class_").append(c);
        }
        csv.append('\n');
        for (int b = 0; b < k; b++) {
            int n = Arrays.stream(counts[b]).sum();
            if (n == 0 && labeler.fitCount(b) == 0) {
                continue;
            }
            int label = labeler.labelOf(b);
            double purity = n == 0 || label < 0 ? Double.NaN : (double) counts[b][label] / n;
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,%d,%d,%s,%s",
                            b,
                            CommandSupport.bucketCode(b, bits),
                            labeler.fitCount(b),
                            n,
                            label < 0 ? "" : Integer.toString(label),
                            Double.isNaN(purity)
                                    ? ""
                                    : String.format(Locale.ROOT, "%.4f", purity)));
            for (int c : counts[b]) {
                csv.append(',').append(c);
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(run.file("buckets.csv"), csv.toString());
    }

    private static void writeFigures(
            RunDirectory run,
            BucketTrainer.Result r,
            BucketLabeler labeler,
            DigitSet test,
            int bits) {
        int k = 1 << bits;
        int[] testBuckets = r.testBuckets();
        List<Integer> top = byPopulation(testBuckets, k);
        ImageGrid grid =
                ImageGrid.titled(
                        String.format(
                                Locale.ROOT,
                                "The %d most populated test buckets (%d bits), %d images each: bits, size -> label (purity)",
                                Math.min(FIGURE_BUCKETS, top.size()),
                                bits,
                                FIGURE_IMAGES));
        for (int b : top.subList(0, Math.min(FIGURE_BUCKETS, top.size()))) {
            int[] members = new int[FIGURE_IMAGES];
            int n = 0;
            int size = 0;
            int right = 0;
            for (int s = 0; s < testBuckets.length; s++) {
                if (testBuckets[s] == b) {
                    size++;
                    right += test.label(s) == labeler.labelOf(b) ? 1 : 0;
                    if (n < FIGURE_IMAGES) {
                        members[n++] = s;
                    }
                }
            }
            int label = labeler.labelOf(b);
            grid.row(
                    String.format(
                            Locale.ROOT,
                            "%s  n=%d -> %s (%.0f%%)",
                            CommandSupport.bucketCode(b, bits),
                            size,
                            label < 0 ? "?" : Integer.toString(label),
                            100.0 * right / size),
                    test,
                    Arrays.copyOf(members, n));
        }
        Figure.writePng(grid.zoom(2).render(), run.file("buckets.png"));
        Figure.writePng(
                Figure.sideBySide(
                        classPanel(
                                "Starting buckets (random init)",
                                r.baselineTestBuckets(),
                                test,
                                bits),
                        classPanel("Ending buckets (trained)", testBuckets, test, bits)),
                run.file("bucket_classes.png"));
        double[][] corr = r.testCodes().correlation();
        String[] names = new String[bits];
        for (int i = 0; i < bits; i++) {
            names[i] = "bit " + i;
        }
        Figure.writePng(
                Heatmap.of(corr)
                        .title("Correlation between bits (test set)")
                        .labels(names, names)
                        .scale(Heatmap.Scale.DIVERGING, -1, 1)
                        .annotate()
                        .cellSize(48)
                        .render(),
                run.file("bit_correlation.png"));
    }

    /** Test images per class in the 16 most populated buckets, like seed 000's figure. */
    private static BufferedImage classPanel(String title, int[] buckets, DigitSet test, int bits) {
        List<Integer> top = byPopulation(buckets, 1 << bits);
        top = top.subList(0, Math.min(FIGURE_BUCKETS, top.size()));
        double[][] m = new double[top.size()][BucketEvaluation.CLASSES];
        for (int s = 0; s < buckets.length; s++) {
            int row = top.indexOf(buckets[s]);
            if (row >= 0) {
                m[row][test.label(s)]++;
            }
        }
        String[] rows =
                top.stream().map(b -> CommandSupport.bucketCode(b, bits)).toArray(String[]::new);
        String[] cols = new String[BucketEvaluation.CLASSES];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = Integer.toString(c);
        }
        return Heatmap.of(m)
                .title(title)
                .axes("class", "bucket (test images)")
                .labels(rows, cols)
                .cellSize(30)
                .render();
    }
}
