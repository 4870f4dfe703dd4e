package org.latentkit.trainers.reconstruct;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.DjlEvents;
import org.latentkit.trainers.loop.EarlyStopping;
import org.latentkit.trainers.loop.EarlyStoppingOptionsBuilder;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.FitConfig;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.Required;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;
import org.latentkit.trainers.loop.WeightInit;

/**
 * Trains any block to reconstruct its input: the label is the input ({@link Feed.Target#INPUT}),
 * the loss is whatever {@link Loss} is given (plain reconstruction, reconstruction plus a sparsity
 * penalty, an ELBO…), and early stopping watches the same loss on the validation set.
 *
 * <pre>{@code
 * import org.latentkit.blocks.autoencoder.DenseAutoencoder;
 * import org.latentkit.losses.ReconstructionLoss;
 *
 * DenseAutoencoder ae = DenseAutoencoder.builder().setLayers(256, 64).build();
 * try (ReconstructionTrainer.Trained t = new ReconstructionTrainer(ctx).fit(ae, ae.descriptor(),
 *         ReconstructionLoss.mse(), split, ReconstructionTrainer.Options.defaults(), listener)) {
 *     ReconstructionEvaluation e = ReconstructionEvaluation.of(
 *             t.model(), split.test(), Normalization.UNIT, ReconstructionEvaluation.CodeKind.DENSE);
 * }
 * }</pre>
 */
public final class ReconstructionTrainer {

    /**
     * Hyperparameters of a reconstruction run.
     *
     * @param optimizer Adam (seed 001) or SGD
     * @param learningRate for the batch-mean loss
     * @param epochs maximum epochs
     * @param batchSize samples per step
     * @param patience epochs without validation improvement before stopping; 0 never stops early
     * @param normalization input normalisation; {@code unit} for sigmoid outputs
     * @param seed seeds initialisation and shuffling
     * @param maxBatches steps per epoch cap, 0 for none
     * @param schedule how the learning rate changes over the run's {@code epochs}
     * @param adamEpsilon Adam's ε, added to √v (ignored by SGD)
     * @param init how the weights are drawn
     */
    public record Options(
            OptimizerKind optimizer,
            float learningRate,
            int epochs,
            int batchSize,
            int patience,
            Normalization normalization,
            long seed,
            int maxBatches,
            LrSchedule schedule,
            float adamEpsilon,
            WeightInit init) {

        /** Validates the components and names the bad value. */
        public Options {
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "lr: must be a positive number, got " + learningRate);
            }
            if (!(adamEpsilon > 0) || !Float.isFinite(adamEpsilon)) {
                throw new InvalidInputException(
                        "adam-epsilon: must be a positive number, got " + adamEpsilon);
            }
            if (schedule == null || init == null) {
                throw new InvalidInputException("options: schedule and init are required");
            }
            if (patience < 0) {
                throw new InvalidInputException("patience: must be 0 or more, got " + patience);
            }
            new TrainingLoop.Options(
                    epochs, batchSize, seed, maxBatches, TrainingLoop.LastBatch.DROP);
        }

        /**
         * Options with a constant learning rate, Adam's default ε (1e-8) and DJL's weight
         * initialisation: the positional form kept for existing callers; prefer {@link #builder()},
         * which names each value.
         *
         * @param optimizer Adam (seed 001) or SGD
         * @param learningRate for the batch-mean loss
         * @param epochs maximum epochs
         * @param batchSize samples per step
         * @param patience epochs without validation improvement before stopping; 0 never stops
         * @param normalization input normalisation
         * @param seed seeds initialisation and shuffling
         * @param maxBatches steps per epoch cap, 0 for none
         */
        public Options(
                OptimizerKind optimizer,
                float learningRate,
                int epochs,
                int batchSize,
                int patience,
                Normalization normalization,
                long seed,
                int maxBatches) {
            this(
                    optimizer,
                    learningRate,
                    epochs,
                    batchSize,
                    patience,
                    normalization,
                    seed,
                    maxBatches,
                    LrSchedule.CONSTANT,
                    OptimizerKind.DEFAULT_ADAM_EPSILON,
                    WeightInit.DJL);
        }

        /**
         * Seed 001's settings: Adam at a constant 1e-3 with Adam's default ε (1e-8), batch 512, up
         * to 50 epochs, patience 5, pixels in [0, 1], seed 42, no batch cap, DJL's weight
         * initialisation. The values are the {@link Builder}'s initial ones.
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
                    .optPatience(patience)
                    .optNormalization(normalization)
                    .optSeed(seed)
                    .optMaxBatches(maxBatches)
                    .optSchedule(schedule)
                    .optAdamEpsilon(adamEpsilon)
                    .optInit(init);
        }

        /**
         * Returns a copy with other epochs.
         *
         * @param n epochs
         * @return the options
         */
        public Options withEpochs(int n) {
            return toBuilder().optEpochs(n).build();
        }

        /**
         * Builds {@link Options}: the one place their defaults are stated (batch 512, 50 epochs,
         * patience 5, lr 1e-3; the shared settings are {@link EarlyStoppingOptionsBuilder}'s).
         */
        public static final class Builder extends EarlyStoppingOptionsBuilder<Builder> {
            private float adamEpsilon = OptimizerKind.DEFAULT_ADAM_EPSILON;
            private WeightInit init = WeightInit.DJL;

            private Builder() {
                super(1e-3f, 50, 512, 5);
            }

            /** {@inheritDoc} */
            @Override
            protected Builder self() {
                return this;
            }

            /**
             * Sets Adam's ε, added to √v (default 1e-8; SGD ignores it).
             *
             * @param value a positive number
             * @return this builder
             */
            public Builder optAdamEpsilon(float value) {
                this.adamEpsilon = value;
                return this;
            }

            /**
             * Sets how the weights are drawn (default DJL's initialisation).
             *
             * @param value the initialisation
             * @return this builder
             */
            public Builder optInit(WeightInit value) {
                this.init = value;
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
                Required.check("lr-schedule", schedule);
                Required.check("init", init);
                return new Options(
                        optimizer,
                        learningRate,
                        epochs,
                        batchSize,
                        patience,
                        normalization,
                        seed,
                        maxBatches,
                        schedule,
                        adamEpsilon,
                        init);
            }
        }
    }

    /**
     * A trained model.
     *
     * @param model the model, holding the best epoch's parameters; closing this closes it
     * @param descriptor how to rebuild its block
     * @param fit the per-epoch history
     */
    public record Trained(Model model, BlockDescriptor descriptor, TrainingLoop.Result fit)
            implements AutoCloseable {
        /** {@inheritDoc} */
        @Override
        public void close() {
            model.close();
        }
    }

    private final EngineContext context;
    private Feed.Transform transform = Feed.Transform.NONE;

    /**
     * Creates a trainer on an engine and device.
     *
     * @param context the engine and device
     */
    public ReconstructionTrainer(EngineContext context) {
        this.context = context;
    }

    /**
     * Sets a transform applied to every training batch as it is drawn (default none), for example
     * {@link org.latentkit.trainers.loop.Binarization#binarize}; validation reads its set as it is.
     *
     * @param t the transform
     * @return this trainer
     */
    public ReconstructionTrainer optTransform(Feed.Transform t) {
        this.transform = t == null ? Feed.Transform.NONE : t;
        return this;
    }

    /**
     * Trains a fresh block to reconstruct the training images.
     *
     * @param block an uninitialised block whose first output is the reconstruction
     * @param descriptor how to rebuild the block, returned with the model
     * @param loss reads {@code (labels = [x], predictions = block outputs)}
     * @param split training, optional validation (for early stopping) and test sets
     * @param options hyperparameters
     * @param listener progress observer
     * @return the trained model; the caller closes it
     */
    public Trained fit(
            Block block,
            BlockDescriptor descriptor,
            Loss loss,
            Split split,
            Options options,
            TrainingListener listener) {
        return fit(block, descriptor, loss, loss, split, options, listener);
    }

    /**
     * Trains a fresh block to reconstruct the training images, with a run's control and DJL's
     * listeners and evaluators.
     *
     * @param block an uninitialised block whose first output is the reconstruction
     * @param descriptor how to rebuild the block, returned with the model
     * @param loss reads {@code (labels = [x], predictions = block outputs)}
     * @param split training, optional validation (for early stopping) and test sets
     * @param options hyperparameters
     * @param hooks progress, checkpoints, DJL listeners and evaluators
     * @return the trained model; the caller closes it
     */
    public Trained fit(
            Block block,
            BlockDescriptor descriptor,
            Loss loss,
            Split split,
            Options options,
            FitHooks hooks) {
        return fit(block, descriptor, loss, loss, split, options, hooks);
    }

    /**
     * Trains a fresh block to reconstruct the training images, with early stopping on a different
     * loss than the training loss: a VAE trains on its β-annealed ELBO and is validated on the true
     * ELBO (β = 1).
     *
     * @param block an uninitialised block whose first output is the reconstruction
     * @param descriptor how to rebuild the block, returned with the model
     * @param loss the training loss; reads {@code (labels = [x], predictions = block outputs)}
     * @param validationLoss the early-stopping score, read the same way
     * @param split training, optional validation (for early stopping) and test sets
     * @param options hyperparameters
     * @param listener progress observer
     * @return the trained model; the caller closes it
     */
    public Trained fit(
            Block block,
            BlockDescriptor descriptor,
            Loss loss,
            Loss validationLoss,
            Split split,
            Options options,
            TrainingListener listener) {
        return fit(block, descriptor, loss, validationLoss, split, options, FitHooks.of(listener));
    }

    /**
     * Trains a fresh block to reconstruct the training images, with a run's control and DJL's
     * listeners and evaluators.
     *
     * @param block an uninitialised block whose first output is the reconstruction
     * @param descriptor how to rebuild the block, returned with the model
     * @param loss the training loss; reads {@code (labels = [x], predictions = block outputs)}
     * @param validationLoss the early-stopping score, read the same way
     * @param split training, optional validation (for early stopping) and test sets
     * @param options hyperparameters
     * @param hooks progress, checkpoints, DJL listeners and evaluators
     * @return the trained model; the caller closes it
     */
    public Trained fit(
            Block block,
            BlockDescriptor descriptor,
            Loss loss,
            Loss validationLoss,
            Split split,
            Options options,
            FitHooks hooks) {
        context.seed(options.seed());
        options.init().apply(block);
        Model model = context.newModel(block);
        try {
            TrainingLoop.Result fit;
            try (Trainer trainer =
                    context.newTrainer(
                            model,
                            loss,
                            options.optimizer()
                                    .create(
                                            options.schedule()
                                                    .tracker(
                                                            options.learningRate(),
                                                            stepsPerEpoch(split, options)
                                                                    * options.epochs()),
                                            0.9f,
                                            options.adamEpsilon()),
                            hooks,
                            descriptor.inputShape(options.batchSize()))) {
                Feed feed =
                        new Feed(
                                split.train(),
                                options.normalization(),
                                Feed.Target.INPUT,
                                transform);
                TrainingLoop.Validator validator =
                        split.validation() == null
                                ? null
                                : t -> {
                                    DjlEvents.validationBatches(
                                            t,
                                            new Feed(
                                                    split.validation(),
                                                    options.normalization(),
                                                    Feed.Target.INPUT));
                                    return meanLoss(
                                            t.getModel(),
                                            validationLoss,
                                            split.validation(),
                                            options.normalization());
                                };
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
                                        .optValidator(validator)
                                        .optStopping(
                                                new EarlyStopping(
                                                        EarlyStopping.Goal.MINIMIZE,
                                                        options.patience()))
                                        .optHooks(hooks)
                                        .build());
            }
            return new Trained(model, descriptor, fit);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Optimiser steps per epoch: full batches only (the last partial batch is dropped). */
    static int stepsPerEpoch(Split split, Options options) {
        int steps = split.train().size() / options.batchSize();
        if (options.maxBatches() > 0) {
            steps = Math.min(steps, options.maxBatches());
        }
        return Math.max(1, steps);
    }

    /**
     * Returns a loss averaged over a whole set, in inference mode (weighted by batch size).
     *
     * @param model the model
     * @param loss the loss; labels are the inputs
     * @param set the images
     * @param norm their normalisation
     * @return the mean loss per image
     */
    public static double meanLoss(Model model, Loss loss, DigitSet set, Normalization norm) {
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        double sum = 0;
        for (int from = 0; from < set.size(); from += Inference.BATCH) {
            int to = Math.min(set.size(), from + Inference.BATCH);
            try (NDManager batch = root.newSubManager()) {
                NDList x = new NDList(set.images(batch, null, from, to, norm));
                NDList out = model.getBlock().forward(store, x, false);
                sum += loss.evaluate(x, out).getFloat() * (to - from);
            }
        }
        return sum / set.size();
    }
}
