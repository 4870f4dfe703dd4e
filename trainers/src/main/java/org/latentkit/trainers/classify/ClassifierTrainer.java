package org.latentkit.trainers.classify;

import ai.djl.Model;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.augment.RandomAffine;
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

/**
 * Trains a digit classifier with softmax cross-entropy (averaged over the batch), early stopping on
 * validation accuracy when the split has a validation set, and reports test accuracy of the best
 * epoch. With {@link Options#augmentation} every training batch is distorted by a new draw of a
 * {@link RandomAffine} as it is drawn; validation and test images are scored as they are.
 *
 * <pre>{@code
 * import org.latentkit.api.data.DataLocator;
 * import org.latentkit.api.data.DatasetName;
 *
 * EngineContext ctx = EngineContext.of("PyTorch", "cpu");
 * Split split = Split.trainValidationTest(DataLocator.load(DatasetName.MNIST, null));
 * var options = ClassifierTrainer.Options.defaults(Architecture.MLP);
 * try (ClassifierTrainer.Trained t = new ClassifierTrainer(ctx).fit(split, options, TrainingListener.NONE)) {
 *     System.out.println(t.result().testAccuracy());
 * }
 * }</pre>
 */
public final class ClassifierTrainer {

    /**
     * Hyperparameters of a classification run.
     *
     * @param architecture the network
     * @param optimizer Adam or SGD with momentum
     * @param learningRate for a loss averaged over the batch (seed 004's lr 0.001 with a summed
     *     loss at batch 32 is 0.032 here)
     * @param momentum SGD's momentum
     * @param schedule how the learning rate changes over the run
     * @param epochs maximum epochs
     * @param batchSize samples per step
     * @param patience epochs without validation improvement before stopping; 0 never stops early
     * @param normalization input normalisation
     * @param seed seeds initialisation, shuffling and subset choice
     * @param maxBatches steps per epoch cap, 0 for none
     * @param augmentation the random distortion of every training batch, or {@code null} for none
     *     (an identity {@link RandomAffine} is stored as {@code null})
     */
    public record Options(
            Architecture architecture,
            OptimizerKind optimizer,
            float learningRate,
            float momentum,
            LrSchedule schedule,
            int epochs,
            int batchSize,
            int patience,
            Normalization normalization,
            long seed,
            int maxBatches,
            RandomAffine augmentation) {

        /** Validates the components and names the bad value. */
        public Options {
            if (augmentation != null && augmentation.isIdentity()) {
                augmentation = null;
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "lr: must be a positive number, got " + learningRate);
            }
            if (momentum < 0 || momentum >= 1) {
                throw new InvalidInputException("momentum: must be in [0, 1), got " + momentum);
            }
            if (patience < 0) {
                throw new InvalidInputException("patience: must be 0 or more, got " + patience);
            }
            new TrainingLoop.Options(
                    epochs, batchSize, seed, maxBatches, TrainingLoop.LastBatch.KEEP);
        }

        /**
         * Options without augmentation, the components as they were before {@code augmentation} was
         * added.
         *
         * @param architecture the network
         * @param optimizer Adam or SGD with momentum
         * @param learningRate for a loss averaged over the batch
         * @param momentum SGD's momentum
         * @param schedule how the learning rate changes over the run
         * @param epochs maximum epochs
         * @param batchSize samples per step
         * @param patience epochs without validation improvement before stopping; 0 never stops
         *     early
         * @param normalization input normalisation
         * @param seed seeds initialisation, shuffling and subset choice
         * @param maxBatches steps per epoch cap, 0 for none
         */
        public Options(
                Architecture architecture,
                OptimizerKind optimizer,
                float learningRate,
                float momentum,
                LrSchedule schedule,
                int epochs,
                int batchSize,
                int patience,
                Normalization normalization,
                long seed,
                int maxBatches) {
            this(
                    architecture,
                    optimizer,
                    learningRate,
                    momentum,
                    schedule,
                    epochs,
                    batchSize,
                    patience,
                    normalization,
                    seed,
                    maxBatches,
                    null);
        }

        /**
         * Returns these options with another epoch count.
         *
         * @param n maximum epochs
         * @return the copy
         */
        public Options withEpochs(int n) {
            return toBuilder().optEpochs(n).build();
        }

        /**
         * Returns these options with another batch size.
         *
         * @param n samples per step
         * @return the copy
         */
        public Options withBatchSize(int n) {
            return toBuilder().optBatchSize(n).build();
        }

        /**
         * The defaults: Adam at a constant 1e-3 (momentum 0.9 if SGD is chosen), batch 32, 10
         * epochs, patience 3, pixels in [0, 1], seed 42, no batch cap, no augmentation. The values
         * are the {@link Builder}'s initial ones.
         *
         * @param architecture the network
         * @return the options
         */
        public static Options defaults(Architecture architecture) {
            return builder().setArchitecture(architecture).build();
        }

        /**
         * Returns a builder holding the {@link #defaults defaults}; the architecture is required.
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
                    .setArchitecture(architecture)
                    .optOptimizer(optimizer)
                    .optLearningRate(learningRate)
                    .optMomentum(momentum)
                    .optSchedule(schedule)
                    .optEpochs(epochs)
                    .optBatchSize(batchSize)
                    .optPatience(patience)
                    .optNormalization(normalization)
                    .optSeed(seed)
                    .optMaxBatches(maxBatches)
                    .optAugmentation(augmentation);
        }

        /**
         * Builds {@link Options}: the one place their defaults are stated (batch 32, 10 epochs,
         * patience 3, lr 1e-3; the shared settings are {@link EarlyStoppingOptionsBuilder}'s).
         */
        public static final class Builder extends EarlyStoppingOptionsBuilder<Builder> {
            private Architecture architecture;
            private float momentum = 0.9f;
            private RandomAffine augmentation;

            private Builder() {
                super(1e-3f, 10, 32, 3);
            }

            /** {@inheritDoc} */
            @Override
            protected Builder self() {
                return this;
            }

            /**
             * Sets the network (required).
             *
             * @param value the architecture
             * @return this builder
             */
            public Builder setArchitecture(Architecture value) {
                this.architecture = value;
                return this;
            }

            /**
             * Sets SGD's momentum (default 0.9; Adam ignores it).
             *
             * @param value in [0, 1)
             * @return this builder
             */
            public Builder optMomentum(float value) {
                this.momentum = value;
                return this;
            }

            /**
             * Sets the random distortion of every training batch (default {@code null}, none), for
             * example {@code RandomAffine.parse("shift=2,rotate=10")}.
             *
             * @param value the augmentation block, or {@code null}
             * @return this builder
             */
            public Builder optAugmentation(RandomAffine value) {
                this.augmentation = value;
                return this;
            }

            /**
             * Validates the settings and builds the options.
             *
             * @return the options
             * @throws InvalidInputException naming the first missing or bad option
             */
            public Options build() {
                Required.check("architecture", architecture);
                Required.check("optimizer", optimizer);
                Required.check("lr-schedule", schedule);
                Required.check("normalization", normalization);
                return new Options(
                        architecture,
                        optimizer,
                        learningRate,
                        momentum,
                        schedule,
                        epochs,
                        batchSize,
                        patience,
                        normalization,
                        seed,
                        maxBatches,
                        augmentation);
            }
        }
    }

    /**
     * What a classification run measured.
     *
     * @param testAccuracy accuracy of the restored best epoch on the test set
     * @param validationAccuracy best validation accuracy, NaN without validation
     * @param fit the per-epoch history
     */
    public record Result(double testAccuracy, double validationAccuracy, TrainingLoop.Result fit) {}

    /**
     * A trained model and its result.
     *
     * @param model the model, holding the best epoch's parameters; closing this closes it
     * @param descriptor how to rebuild its block
     * @param result what was measured
     */
    public record Trained(Model model, BlockDescriptor descriptor, Result result)
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
    public ClassifierTrainer(EngineContext context) {
        this.context = context;
    }

    /**
     * Trains a new classifier on the split and tests it.
     *
     * @param split train, optional validation, and test sets
     * @param options hyperparameters
     * @param listener progress observer
     * @return the trained model and result; the caller closes it
     */
    public Trained fit(Split split, Options options, TrainingListener listener) {
        return fit(split, options, FitHooks.of(listener));
    }

    /**
     * Trains a new classifier on the split and tests it, with a run's control and DJL's listeners
     * and evaluators.
     *
     * @param split train, optional validation, and test sets
     * @param options hyperparameters
     * @param hooks progress, checkpoints, DJL listeners and evaluators
     * @return the trained model and result; the caller closes it
     */
    public Trained fit(Split split, Options options, FitHooks hooks) {
        context.seed(options.seed());
        Architecture arch = options.architecture();
        Model model = context.newModel(arch.create(10));
        try {
            int n = split.train().size();
            int stepsPerEpoch = (n + options.batchSize() - 1) / options.batchSize();
            if (options.maxBatches() > 0) {
                stepsPerEpoch = Math.min(stepsPerEpoch, options.maxBatches());
            }
            TrainingLoop.Result fit;
            try (Trainer trainer =
                    context.newTrainer(
                            model,
                            Loss.softmaxCrossEntropyLoss(),
                            options.optimizer()
                                    .create(
                                            options.schedule()
                                                    .tracker(
                                                            options.learningRate(),
                                                            stepsPerEpoch * options.epochs()),
                                            options.momentum()),
                            hooks,
                            arch.inputShape(options.batchSize()))) {
                Feed feed =
                        new Feed(
                                split.train(),
                                options.normalization(),
                                Feed.Target.CLASS,
                                augmentation(options.augmentation(), options.normalization()));
                Feed validation =
                        split.validation() == null
                                ? null
                                : new Feed(
                                        split.validation(),
                                        options.normalization(),
                                        Feed.Target.CLASS);
                TrainingLoop.Validator validator =
                        validation == null
                                ? null
                                : t -> {
                                    DjlEvents.validationBatches(t, validation);
                                    return Inference.accuracy(
                                            t.getModel(),
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
                                                        TrainingLoop.LastBatch.KEEP))
                                        .optValidator(validator)
                                        .optStopping(
                                                new EarlyStopping(
                                                        EarlyStopping.Goal.MAXIMIZE,
                                                        options.patience()))
                                        .optHooks(hooks)
                                        .build());
            }
            double test = Inference.accuracy(model, split.test(), options.normalization());
            return new Trained(model, arch.descriptor(10), new Result(test, fit.bestScore(), fit));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Returns the transform of training batches that an augmentation makes: the block in training
     * mode, about the background value {@code b} of a 0 pixel ({@code y = A(x − b) + b}), so that
     * what moves in from outside the image is background under either normalisation.
     *
     * @param augmentation the augmentation, or {@code null}
     * @param norm how the inputs were normalised
     * @return the transform; {@link Feed.Transform#NONE} without augmentation
     */
    public static Feed.Transform augmentation(RandomAffine augmentation, Normalization norm) {
        if (augmentation == null) {
            return Feed.Transform.NONE;
        }
        return aboutBackground(Feed.Transform.training(augmentation), norm);
    }

    /** {@code x ↦ t(x − b) + b} with {@code b} the value of a 0 pixel. */
    private static Feed.Transform aboutBackground(Feed.Transform t, Normalization norm) {
        float b = norm.shift();
        return b == 0 ? t : x -> t.apply(x.sub(b)).add(b);
    }

    /**
     * Returns a classifier's mean accuracy on a set whose images are moved by whole pixels: the
     * mean over the four shifts {@code (±pixels, 0)} and {@code (0, ±pixels)} of {@link
     * RandomAffine#shift}, with background filling in (a robustness measure: {@code
     * test_accuracy_shift_N}).
     *
     * @param model a classifier
     * @param set labelled images
     * @param norm their normalisation
     * @param pixels the shift, 1 or more
     * @return a fraction in [0, 1]
     * @throws InvalidInputException when {@code pixels} is below 1
     */
    public static double shiftedAccuracy(
            Model model, DigitSet set, Normalization norm, int pixels) {
        if (pixels < 1) {
            throw new InvalidInputException("test-shift: must be 1 or more pixels, got " + pixels);
        }
        int[][] shifts = {{pixels, 0}, {-pixels, 0}, {0, pixels}, {0, -pixels}};
        double sum = 0;
        for (int[] d : shifts) {
            Feed.Transform t = x -> RandomAffine.shift(x, d[0], d[1]);
            sum += Inference.accuracy(model, set, norm, aboutBackground(t, norm));
        }
        return sum / shifts.length;
    }

    /**
     * Returns the metadata saved beside a classifier so that {@code eval} can use it again.
     *
     * @param options the run's options
     * @param dataset the dataset name
     * @return metadata entries
     */
    public static Map<String, String> metadata(Options options, String dataset) {
        return Map.of(
                "task",
                "classify",
                "normalization",
                options.normalization().id(),
                "dataset",
                dataset);
    }
}
