package org.latentkit.trainers.cluster;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.nio.file.Path;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.mixture.MixtureTrainer;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.semisup.SemiSupervised;

/**
 * The mixture of VAE experts with a clustering start (latentkit's default {@code moe} recipe):
 *
 * <ol>
 *   <li><b>Encoder.</b> A dense autoencoder 784-500-500-2000-10 (DEC's shape; ReLU, linear code,
 *       BCE) is pretrained on the training images ({@value #DEFAULT_PRETRAIN_EPOCHS} epochs by
 *       default), or a saved encoder is loaded.
 *   <li><b>Pseudo-labels.</b> {@link PseudoLabels} embeds a draw of the codes with t-SNE, clusters
 *       it with k-means and labels every training image by a vote of its nearest drawn codes.
 *   <li><b>Guided mixture.</b> The mixture trains on the shared loop with {@link
 *       MixtureOfExpertsLoss}'s guide term: each image's pseudo-label is its target expert, so the
 *       manager learns the clustering, and each expert reconstructs, and learns to generate, its
 *       cluster.
 * </ol>
 *
 * No step reads a label; the test labels serve only to score the manager afterwards.
 *
 * <pre>{@code
 * org.latentkit.trainers.mixture.OriginalMixture seed =
 *         org.latentkit.trainers.mixture.OriginalMixture.create();
 * ClusteredMixture.Recipe recipe = ClusteredMixture.Recipe.defaults(1);
 * try (ClusteredMixture.Trained t = new ClusteredMixture(ctx).fit(seed.block(),
 *         ClusteredMixture.guidedLoss(seed.elbo()), split, null,
 *         MixtureTrainer.Options.builder().optEpochs(10).build(), recipe, hooks)) {
 *     org.latentkit.trainers.mixture.MixtureEvaluation e =
 *             org.latentkit.trainers.mixture.MixtureEvaluation.of(t.mixture().model(),
 *                     split.test(), org.latentkit.api.data.Normalization.UNIT, seed.elbo());
 * }
 * }</pre>
 */
public final class ClusteredMixture {

    /** The pretrained encoder's hidden layers and code size (DEC's). */
    public static final int[] ENCODER_LAYERS = {500, 500, 2000, 10};

    /**
     * The default pretraining epochs of the encoder: on full MNIST, seed 2's cluster accuracy went
     * from 90.6% at 10 epochs to 94.8% at 25 (docs/vae.md).
     */
    public static final int DEFAULT_PRETRAIN_EPOCHS = 25;

    /** The default weight of the manager's cross-entropy to the pseudo-labels. */
    public static final float DEFAULT_GUIDE = 100f;

    /**
     * The recipe's settings.
     *
     * @param labeller how the codes become pseudo-labels
     * @param pretrain the autoencoder's training run
     * @param encoder a saved encoder to use instead of pretraining, or {@code null}
     */
    public record Recipe(
            PseudoLabels labeller, ReconstructionTrainer.Options pretrain, Path encoder) {

        /** Validates the components. */
        public Recipe {
            if (labeller == null || pretrain == null) {
                throw new InvalidInputException(
                        "recipe: the labeller and pretraining are required");
            }
            if (encoder != null) {
                SemiSupervised.Pretrained.features(encoder);
            }
        }

        /**
         * The defaults: {@link PseudoLabels}' own, and {@value #DEFAULT_PRETRAIN_EPOCHS}
         * pretraining epochs of Adam at 1e-3, batch 256, no early stopping, all under one seed.
         *
         * @param seed seeds the pretraining and the labelling
         * @return the recipe
         */
        public static Recipe defaults(long seed) {
            return new Recipe(
                    PseudoLabels.builder().optSeed(seed).build(),
                    pretraining(DEFAULT_PRETRAIN_EPOCHS, seed, 0),
                    null);
        }

        /**
         * The pretraining run of the defaults with another length.
         *
         * @param epochs pretraining epochs
         * @param seed the seed
         * @param maxBatches steps per epoch cap, 0 for none
         * @return the options
         */
        public static ReconstructionTrainer.Options pretraining(
                int epochs, long seed, int maxBatches) {
            return ReconstructionTrainer.Options.builder()
                    .optEpochs(epochs)
                    .optBatchSize(256)
                    .optPatience(0)
                    .optSeed(seed)
                    .optMaxBatches(maxBatches)
                    .build();
        }
    }

    /**
     * A trained recipe.
     *
     * @param mixture the trained mixture; closing this closes it
     * @param labels the pseudo-labelling it was guided by
     * @param pretrainSeconds wall time of the encoder's pretraining (0 when loaded)
     */
    public record Trained(
            MixtureTrainer.Trained mixture, PseudoLabels.Result labels, double pretrainSeconds)
            implements AutoCloseable {
        /** {@inheritDoc} */
        @Override
        public void close() {
            mixture.close();
        }
    }

    private final EngineContext context;

    /**
     * Creates the recipe's runner on an engine and device.
     *
     * @param context the engine and device
     */
    public ClusteredMixture(EngineContext context) {
        this.context = context;
    }

    /**
     * Returns seed 002's mixture loss (variance balance 0.1 over the experts' ELBO) with the guide
     * term at {@link #DEFAULT_GUIDE}: the loss of {@code moe}'s default recipe.
     *
     * @param elbo the experts' loss
     * @return the guided loss
     */
    public static MixtureOfExpertsLoss guidedLoss(ElboLoss elbo) {
        return MixtureOfExpertsLoss.builder()
                .setExpertLoss(elbo)
                .optWeight(0.1f)
                .optGuide(DEFAULT_GUIDE)
                .build();
    }

    /**
     * Returns a fresh, uninitialised 784-500-500-2000-10 autoencoder with its descriptor.
     *
     * @return the block and descriptor
     */
    public static Pair<Block, BlockDescriptor> encoderAutoencoder() {
        DenseAutoencoder ae =
                DenseAutoencoder.builder()
                        .setLayers(ENCODER_LAYERS)
                        .optHiddenActivation(ActivationKind.RELU)
                        .optCodeActivation(ActivationKind.IDENTITY)
                        .build();
        return new Pair<>(ae, ae.descriptor());
    }

    /**
     * Runs the three steps.
     *
     * @param block an uninitialised mixture
     * @param loss a guided mixture loss ({@link MixtureOfExpertsLoss#guide()} above 0)
     * @param split training images (labels never read), validation images for the pretraining's
     *     report, test images (not used here)
     * @param monitor labelled images for the per-epoch cluster accuracy, or {@code null}
     * @param options the mixture's training run
     * @param recipe the encoder and the labelling
     * @param hooks progress, checkpoints, DJL listeners and evaluators of the mixture's run
     * @return the trained mixture and its pseudo-labels; the caller closes it
     */
    public Trained fit(
            MixtureOfVaeExperts block,
            MixtureOfExpertsLoss loss,
            Split split,
            DigitSet monitor,
            MixtureTrainer.Options options,
            Recipe recipe,
            FitHooks hooks) {
        if (!(loss.guide() > 0f)) {
            throw new InvalidInputException(
                    "guide: the clustered recipe needs a guide weight above 0, got "
                            + loss.guide());
        }
        DigitSet train = split.train().withoutLabels();
        long t0 = System.nanoTime();
        SemiSupervised.Pretrained encoder =
                recipe.encoder() != null
                        ? SemiSupervised.Pretrained.load(recipe.encoder(), context)
                        : new SemiSupervised(context)
                                .pretrain(
                                        SemiSupervised.Features.DENSE_AE,
                                        encoderAutoencoder(),
                                        new SemiSupervised.Data(
                                                train, split.validation(), split.test()),
                                        recipe.pretrain(),
                                        hooks.progress(),
                                        null);
        double pretrainSeconds = recipe.encoder() != null ? 0 : (System.nanoTime() - t0) / 1e9;
        PseudoLabels.Result labels;
        try (NDManager m = context.engine().newBaseManager(context.device())) {
            float[][] codes = PseudoLabels.codes(m, encoder.featureBlock(m), train);
            labels = recipe.labeller().label(m, codes);
        }
        DigitSet guided = train.withLabels(labels.labels(), " [pseudo-labels]");
        MixtureTrainer.Trained t =
                new MixtureTrainer(context).fit(block, loss, guided, monitor, options, hooks);
        return new Trained(t, labels, pretrainSeconds);
    }
}
