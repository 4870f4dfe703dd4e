package org.latentkit.trainers.cluster;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.mixture.MixtureEvaluation;
import org.latentkit.trainers.mixture.MixtureTrainer;
import org.latentkit.trainers.mixture.OriginalMixture;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.semisup.SemiSupervised;

/**
 * The label-free baselines a clustering of digits is compared with, measured side by side on one
 * split: k-means on pixels, k-means on a pretrained encoder's codes, seed 002's mixture of VAE
 * experts ({@link OriginalMixture}), and the same mixture under latentkit's clustered recipe
 * ({@link ClusteredMixture}, {@code moe}'s default). Every method sees the training images without
 * labels; the test labels are used only to score the test images' clusters (Hungarian cluster
 * accuracy and NMI, {@link MixtureEvaluation#fromClusters}).
 *
 * <pre>{@code
 * List<ClusterBaselines.Row> rows =
 *         new ClusterBaselines(ctx).run(split, ClusterBaselines.Options.defaults(), listener);
 * }</pre>
 */
public final class ClusterBaselines {

    /** The number of clusters: one per digit. */
    public static final int CLUSTERS = 10;

    /**
     * One method's result on the test images.
     *
     * @param method what was clustered, and how
     * @param evaluation the test images' clusters, accuracy and NMI
     * @param seconds wall time, pretraining included
     */
    public record Row(String method, MixtureEvaluation evaluation, double seconds) {}

    /**
     * What to run.
     *
     * @param seed k-means seeding and every training run's seed
     * @param restarts k-means seedings per fit, the lowest inertia kept
     * @param features the encoder pretrained here when {@code encoder} is {@code null}
     * @param pretrain the encoder's pretraining run
     * @param encoder a saved autoencoder to take the codes from instead, or {@code null}
     * @param mixture both mixtures' training run; {@code null} skips both mixture rows
     * @param clustered the clustered recipe's encoder and labelling; {@code null} skips its row
     */
    public record Options(
            long seed,
            int restarts,
            SemiSupervised.Features features,
            ReconstructionTrainer.Options pretrain,
            Path encoder,
            MixtureTrainer.Options mixture,
            ClusteredMixture.Recipe clustered) {

        /**
         * Seed 1, 3 restarts, seed 003's conv autoencoder (20-d code) pretrained for 5 epochs, and
         * both mixtures for 10 epochs, the clustered one with {@link
         * ClusteredMixture.Recipe#defaults}.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(
                    1,
                    3,
                    SemiSupervised.Features.CONV_AE,
                    ReconstructionTrainer.Options.builder()
                            .optEpochs(5)
                            .optBatchSize(100)
                            .optPatience(3)
                            .build(),
                    null,
                    MixtureTrainer.Options.builder().optEpochs(10).build(),
                    ClusteredMixture.Recipe.defaults(1));
        }
    }

    private final EngineContext context;

    /**
     * Creates the baselines on an engine and device.
     *
     * @param context the engine and device
     */
    public ClusterBaselines(EngineContext context) {
        this.context = context;
    }

    /**
     * Runs every baseline.
     *
     * @param split training images (labels unused), validation images for the pretraining's early
     *     stopping, and labelled test images to score
     * @param options what to run
     * @param listener progress of the training runs
     * @return one row per method: pixels, codes, then the original and the clustered mixture if
     *     asked for
     */
    public List<Row> run(Split split, Options options, TrainingListener listener) {
        List<Row> rows = new ArrayList<>();
        KMeans kmeans =
                KMeans.builder()
                        .setClusters(CLUSTERS)
                        .optSeed(options.seed())
                        .optRestarts(options.restarts())
                        .build();
        long t0 = System.nanoTime();
        rows.add(
                kmeansRow(
                        "k-means on pixels",
                        kmeans,
                        SemiSupervised.Pretrained.pixels()::featureBlock,
                        split.train(),
                        split.test(),
                        t0));
        t0 = System.nanoTime();
        SemiSupervised.Pretrained encoder =
                options.encoder() != null
                        ? SemiSupervised.Pretrained.load(options.encoder(), context)
                        : new SemiSupervised(context)
                                .pretrain(
                                        options.features(),
                                        20,
                                        new SemiSupervised.Data(
                                                split.train(), split.validation(), split.test()),
                                        options.pretrain(),
                                        listener,
                                        null);
        String name =
                "k-means on "
                        + encoder.features().id()
                        + " codes"
                        + (options.encoder() != null
                                ? " (saved encoder)"
                                : " (" + encoder.fit().history().size() + " pretraining epochs)");
        rows.add(kmeansRow(name, kmeans, encoder::featureBlock, split.train(), split.test(), t0));
        if (options.mixture() != null) {
            t0 = System.nanoTime();
            OriginalMixture recipe = OriginalMixture.create();
            try (MixtureTrainer.Trained t =
                    new MixtureTrainer(context)
                            .fit(
                                    recipe.block(),
                                    recipe.loss(),
                                    split.train().withoutLabels(),
                                    null,
                                    options.mixture(),
                                    listener)) {
                MixtureEvaluation e =
                        MixtureEvaluation.of(
                                t.model(), split.test(), Normalization.UNIT, recipe.elbo());
                rows.add(
                        new Row(
                                "mixture of VAE experts, seed 002's recipe ("
                                        + t.fit().history().size()
                                        + " epochs)",
                                e,
                                seconds(t0)));
            }
        }
        if (options.mixture() != null && options.clustered() != null) {
            t0 = System.nanoTime();
            OriginalMixture seed = OriginalMixture.create();
            try (ClusteredMixture.Trained t =
                    new ClusteredMixture(context)
                            .fit(
                                    seed.block(),
                                    ClusteredMixture.guidedLoss(seed.elbo()),
                                    split,
                                    null,
                                    options.mixture(),
                                    options.clustered(),
                                    FitHooks.of(listener))) {
                MixtureEvaluation e =
                        MixtureEvaluation.of(
                                t.mixture().model(), split.test(), Normalization.UNIT, seed.elbo());
                String encoderText =
                        options.clustered().encoder() != null
                                ? "saved encoder"
                                : options.clustered().pretrain().epochs() + " pretraining epochs";
                rows.add(
                        new Row(
                                "the same mixture, latentkit's clustered recipe ("
                                        + encoderText
                                        + ", "
                                        + t.mixture().fit().history().size()
                                        + " epochs)",
                                e,
                                seconds(t0)));
            }
        }
        return rows;
    }

    private Row kmeansRow(
            String method,
            KMeans kmeans,
            Function<NDManager, Block> source,
            DigitSet train,
            DigitSet test,
            long t0) {
        try (NDManager m = context.engine().newBaseManager(context.device())) {
            Block block = source.apply(m);
            KMeans.Result fit = kmeans.fit(PseudoLabels.outputs(m, block, train));
            int[] clusters = fit.predict(PseudoLabels.outputs(m, block, test));
            return new Row(
                    method,
                    MixtureEvaluation.fromClusters(Double.NaN, clusters, test.labels(), CLUSTERS),
                    seconds(t0));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
