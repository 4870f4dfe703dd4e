package org.latentkit.trainers.mixture;

import ai.djl.Model;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.FitConfig;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.OptimizerOptionsBuilder;
import org.latentkit.trainers.loop.Required;
import org.latentkit.trainers.loop.StepTimer;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;
import org.latentkit.trainers.vae.BetaStepper;

/**
 * Trains a {@link MixtureOfVaeExperts} without labels (seed 002) on the shared {@link
 * TrainingLoop}: the label is the input, the loss a {@link MixtureOfExpertsLoss}. Per epoch it
 * records the expert usage (the fraction of training images the manager's arg-max sends to each
 * expert) and, when a labelled monitor set is given, the cluster accuracy on it (labels used for
 * that report only).
 *
 * <p>With a guided loss ({@link MixtureOfExpertsLoss#guide()} above 0) the training set's labels
 * are the target experts (for example {@code ClusteredMixture}'s pseudo-labels), fed as a second
 * label; an unguided loss never reads them.
 *
 * <p>Optional schedules for the routes beyond the original: the balancing weight can decay linearly
 * from its starting value to {@link Options#balanceFinal} over the run, updated each epoch.
 */
public final class MixtureTrainer {

    /**
     * Hyperparameters of a mixture run.
     *
     * @param optimizer Adam (seed 002) or SGD
     * @param learningRate for the batch-mean loss
     * @param epochs epochs, all run (no early stopping: there is no label to validate)
     * @param batchSize samples per step (seed 002: 100)
     * @param normalization input normalisation
     * @param seed seeds initialisation, shuffling and sampling
     * @param maxBatches steps per epoch cap, 0 for none
     * @param balanceFinal the balancing weight in the last epoch; NaN keeps it constant
     */
    public record Options(
            OptimizerKind optimizer,
            float learningRate,
            int epochs,
            int batchSize,
            Normalization normalization,
            long seed,
            int maxBatches,
            double balanceFinal) {

        /** Validates the components and names the bad value. */
        public Options {
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "lr: must be a positive number, got " + learningRate);
            }
            if (!Double.isNaN(balanceFinal) && !(balanceFinal >= 0)) {
                throw new InvalidInputException("balance-final: must be >= 0, got " + balanceFinal);
            }
            new TrainingLoop.Options(
                    epochs, batchSize, seed, maxBatches, TrainingLoop.LastBatch.DROP);
        }

        /**
         * Seed 002's settings: Adam at 1e-3, batch 100, 100 epochs, pixels in [0, 1], seed 42, no
         * batch cap, a constant balancing weight. The values are the {@link Builder}'s initial
         * ones.
         *
         * @return the options
         */
        public static Options defaults() {
            return builder().build();
        }

        /**
         * Returns a builder holding the {@link #defaults defaults}.
         *
         * @return the builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Returns a builder holding these options.
         *
         * @return the builder
         */
        public Builder toBuilder() {
            return new Builder()
                    .optOptimizer(optimizer)
                    .optLearningRate(learningRate)
                    .optEpochs(epochs)
                    .optBatchSize(batchSize)
                    .optNormalization(normalization)
                    .optSeed(seed)
                    .optMaxBatches(maxBatches)
                    .optBalanceFinal(balanceFinal);
        }

        /**
         * Builds {@link Options}: the one place their defaults are stated (batch 100, 100 epochs,
         * all run, lr 1e-3; the shared settings are {@link OptimizerOptionsBuilder}'s).
         */
        public static final class Builder extends OptimizerOptionsBuilder<Builder> {
            private double balanceFinal = Double.NaN;

            private Builder() {
                super(1e-3f, 100, 100);
            }

            /** {@inheritDoc} */
            @Override
            protected Builder self() {
                return this;
            }

            /**
             * Sets the balancing weight in the last epoch, reached by linear decay (default NaN:
             * constant).
             *
             * @param value 0 or more, or NaN
             * @return this builder
             */
            public Builder optBalanceFinal(double value) {
                this.balanceFinal = value;
                return this;
            }

            /**
             * Validates the settings and builds the options.
             *
             * @return the options
             * @throws InvalidInputException naming the first missing or bad option
             */
            public Options build() {
                Required.check("optimizer", optimizer);
                Required.check("normalization", normalization);
                return new Options(
                        optimizer,
                        learningRate,
                        epochs,
                        batchSize,
                        normalization,
                        seed,
                        maxBatches,
                        balanceFinal);
            }
        }
    }

    /**
     * A trained mixture.
     *
     * @param model the model; closing this closes it
     * @param descriptor how to rebuild its block
     * @param fit the per-epoch loss history
     * @param usage per epoch, the fraction of training images routed to each expert
     * @param monitorAccuracy per epoch, the cluster accuracy on the monitor set (empty without one)
     */
    public record Trained(
            Model model,
            BlockDescriptor descriptor,
            TrainingLoop.Result fit,
            List<double[]> usage,
            List<Double> monitorAccuracy)
            implements AutoCloseable {
        /** {@inheritDoc} */
        @Override
        public void close() {
            model.close();
        }
    }

    private final EngineContext context;

    /**
     * Creates a trainer on an engine and device.
     *
     * @param context the engine and device
     */
    public MixtureTrainer(EngineContext context) {
        this.context = context;
    }

    /**
     * Trains a fresh mixture.
     *
     * @param block an uninitialised mixture
     * @param loss the mixture loss; its ELBO's β schedule is advanced every step
     * @param train the training images (labels unused; a guided loss reads them as target experts)
     * @param monitor labelled images for the per-epoch cluster accuracy, or {@code null}
     * @param options hyperparameters
     * @param listener progress observer
     * @return the trained model; the caller closes it
     */
    public Trained fit(
            MixtureOfVaeExperts block,
            MixtureOfExpertsLoss loss,
            DigitSet train,
            DigitSet monitor,
            Options options,
            TrainingListener listener) {
        return fit(block, loss, train, monitor, options, FitHooks.of(listener));
    }

    /**
     * Trains a fresh mixture without labels, with a run's control and DJL's listeners.
     *
     * @param block an uninitialised mixture
     * @param loss the mixture loss; its ELBO's β schedule is advanced every step
     * @param train the training images (their labels are read only by a guided loss)
     * @param monitor labelled images for the per-epoch cluster accuracy, or {@code null}
     * @param options hyperparameters
     * @param hooks progress, checkpoints, DJL listeners and evaluators
     * @return the trained model; the caller closes it
     */
    public Trained fit(
            MixtureOfVaeExperts block,
            MixtureOfExpertsLoss loss,
            DigitSet train,
            DigitSet monitor,
            Options options,
            FitHooks hooks) {
        if (loss.guide() > 0f && !train.hasLabels()) {
            throw new InvalidInputException(
                    train.name() + ": a guided mixture loss needs a target expert per image");
        }
        context.seed(options.seed());
        Model model = context.newModel(block);
        try {
            ExpertUsage usage = new ExpertUsage(loss, block.experts());
            List<double[]> usageHistory = new ArrayList<>();
            List<Double> accuracy = new ArrayList<>();
            float balanceStart = loss.weight();
            TrainingListener progress = hooks.progress();
            FitHooks chain =
                    hooks.withProgress(
                            new BetaStepper(
                                    loss.expertLoss(),
                                    new TrainingListener() {
                                        /** {@inheritDoc} */
                                        @Override
                                        public void onEpochStart(int epoch, int epochs, int steps) {
                                            if (!Double.isNaN(options.balanceFinal())) {
                                                double f =
                                                        epochs == 1
                                                                ? 1
                                                                : (epoch - 1)
                                                                        / (double) (epochs - 1);
                                                loss.setWeight(
                                                        (float)
                                                                (balanceStart
                                                                        + f
                                                                                * (options
                                                                                                .balanceFinal()
                                                                                        - balanceStart)));
                                            }
                                            usage.drain();
                                            progress.onEpochStart(epoch, epochs, steps);
                                        }

                                        /** {@inheritDoc} */
                                        @Override
                                        public void onStep(int step, double value) {
                                            progress.onStep(step, value);
                                        }

                                        /** {@inheritDoc} */
                                        @Override
                                        public void onEpochEnd(EpochStats stats) {
                                            usageHistory.add(usage.drain());
                                            if (monitor != null) {
                                                accuracy.add(
                                                        MixtureEvaluation.fromClusters(
                                                                        Double.NaN,
                                                                        MixtureEvaluation.clusters(
                                                                                model,
                                                                                monitor,
                                                                                options
                                                                                        .normalization()),
                                                                        monitor.labels(),
                                                                        block.experts())
                                                                .clusterAccuracy());
                                            }
                                            progress.onEpochEnd(stats);
                                        }

                                        /** {@inheritDoc} */
                                        @Override
                                        public StepTimer stepTimer() {
                                            return progress.stepTimer();
                                        }
                                    }));
            TrainingLoop.Result fit;
            try (Trainer trainer =
                    context.newTrainer(
                            model,
                            usage,
                            options.optimizer().create(options.learningRate(), 0.9f),
                            chain,
                            block.descriptor().inputShape(options.batchSize()))) {
                // A guided loss reads each image's target expert from the set's labels.
                Feed feed =
                        new Feed(
                                train,
                                options.normalization(),
                                loss.guide() > 0f
                                        ? Feed.Target.INPUT_AND_CLASS
                                        : Feed.Target.INPUT);
                fit =
                        TrainingLoop.fit(
                                trainer,
                                FitConfig.builder()
                                        .setFeed(feed)
                                        .setOptions(
                                                new TrainingLoop.Options(
                                                        options.epochs(),
                                                        options.batchSize(),
                                                        options.seed(),
                                                        options.maxBatches(),
                                                        TrainingLoop.LastBatch.DROP))
                                        .optHooks(chain)
                                        .build());
            }
            return new Trained(model, block.descriptor(), fit, usageHistory, accuracy);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
