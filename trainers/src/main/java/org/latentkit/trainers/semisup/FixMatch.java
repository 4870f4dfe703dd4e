package org.latentkit.trainers.semisup;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.augment.RandomAffine;
import org.latentkit.blocks.semisup.FixMatchBlock;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.FixMatchLoss;
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
import org.latentkit.trainers.loop.TrainingLoop;

/**
 * FixMatch (Sohn et al. 2020) on the shared {@link TrainingLoop}: one classifier learns from N
 * labelled images and from the confident pseudo-labels of weakly augmented unlabelled images,
 * enforced on strongly augmented views of the same images ({@link FixMatchLoss}, {@link
 * FixMatchBlock}).
 *
 * <p>An epoch is one pass over the unlabelled pool ({@link SemiSupervised.Data#unlabelled()}, all
 * the training images but the validation ones, the labelled ones included as in the paper; their
 * labels are not read) in batches of {@code B_u = μ · B_l} images; the last partial batch is
 * dropped. Beside each unlabelled batch the {@link Feed.Extra} source draws {@code B_l} labelled
 * images: epoch {@code e} reads the labelled set through a fresh stream of permutations, each
 * seeded by {@code (seed, e, k)}, so step {@code s} takes positions {@code [s·B_l, (s+1)·B_l)} of
 * that stream whatever happened before: a resumed run sees the same batches. The augmentations draw
 * from the engine's generator, which {@code TrainingControl} re-seeds at checkpoints.
 *
 * <p>After each epoch the classifier is scored on the validation images; the best epoch's
 * parameters are kept (with {@code patience > 0} training also stops early). The saved model is the
 * plain classifier ({@link #descriptor}), which {@code eval} and {@code predict} load.
 *
 * <pre>{@code
 * import org.latentkit.api.data.DataLocator;
 * import org.latentkit.api.data.DatasetName;
 * import org.latentkit.trainers.loop.FitHooks;
 *
 * SemiSupervised.Data data = SemiSupervised.Data.of(DataLocator.load(DatasetName.MNIST, null), 1000);
 * DigitSet labelled = data.labelled(100, SemiSupervised.LabelChoice.STRATIFIED, 42);
 * try (FixMatch.Trained t = new FixMatch(ctx).fit(data, labelled, FixMatch.Options.defaults(), FitHooks.of(null))) {
 *     System.out.println(t.result().testAccuracy() + " mask rate " + t.result().maskRate());
 * }
 * }</pre>
 */
public final class FixMatch {

    /** The images the final mask rate is measured on, at most. */
    public static final int MASK_RATE_IMAGES = 5_000;

    /**
     * FixMatch's hyperparameters.
     *
     * @param architecture the classifier
     * @param optimizer Adam or SGD with momentum
     * @param learningRate the base learning rate, for a loss averaged over the batch
     * @param momentum SGD's momentum (Adam ignores it)
     * @param schedule how the learning rate changes over the run's steps
     * @param epochs maximum epochs (passes over the unlabelled pool)
     * @param labelledBatch {@code B_l}, labelled images per step
     * @param unlabelledRatio {@code μ}: {@code B_u = μ · B_l} unlabelled images per step
     * @param threshold {@code τ}, the pseudo-label confidence threshold, in (0, 1]
     * @param unlabelledWeight {@code λ_u}, the weight of the unlabelled term
     * @param patience epochs without validation improvement before stopping; 0 runs every epoch
     *     (the best one is kept either way)
     * @param weak the weak augmentation {@code α}
     * @param strong the strong augmentation's affine part
     * @param cutout the strong view's Cutout side in pixels, 0 for none
     * @param seed seeds initialisation, the unlabelled order, the labelled stream and the
     *     augmentations
     * @param maxBatches steps per epoch cap, 0 for none
     */
    public record Options(
            Architecture architecture,
            OptimizerKind optimizer,
            float learningRate,
            float momentum,
            LrSchedule schedule,
            int epochs,
            int labelledBatch,
            int unlabelledRatio,
            float threshold,
            float unlabelledWeight,
            int patience,
            RandomAffine weak,
            RandomAffine strong,
            int cutout,
            long seed,
            int maxBatches) {

        /** Validates the components and names the bad value. */
        public Options {
            Required.check("arch", architecture);
            Required.check("optimizer", optimizer);
            Required.check("lr-schedule", schedule);
            Required.check("weak augmentation", weak);
            Required.check("strong augmentation", strong);
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "lr: must be a positive number, got " + learningRate);
            }
            if (momentum < 0 || momentum >= 1) {
                throw new InvalidInputException("momentum: must be in [0, 1), got " + momentum);
            }
            if (unlabelledRatio < 1) {
                throw new InvalidInputException(
                        "unlabelled-ratio: must be 1 or more, got " + unlabelledRatio);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new InvalidInputException("threshold: must be in (0, 1], got " + threshold);
            }
            if (!(unlabelledWeight >= 0) || !Float.isFinite(unlabelledWeight)) {
                throw new InvalidInputException(
                        "unlabelled-weight: must be a finite number >= 0, got " + unlabelledWeight);
            }
            if (patience < 0) {
                throw new InvalidInputException("patience: must be 0 or more, got " + patience);
            }
            if (cutout < 0) {
                throw new InvalidInputException("cutout: must be 0 or more pixels, got " + cutout);
            }
            new TrainingLoop.Options(
                    epochs, labelledBatch, seed, maxBatches, TrainingLoop.LastBatch.DROP);
        }

        /**
         * The defaults: lenet-deep, Adam at 1e-3 with a cosine decay to 0 over the run, 4 epochs,
         * {@code B_l = 64}, {@code μ = 3}, {@code τ = 0.95}, {@code λ_u = 1}, no early stop (the
         * best validation epoch is kept), weak {@value FixMatchBlock#DEFAULT_WEAK}, strong {@value
         * FixMatchBlock#DEFAULT_STRONG} with an 8-pixel Cutout, seed 42. The values are the {@link
         * Builder}'s initial ones.
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
                    .optArchitecture(architecture)
                    .optOptimizer(optimizer)
                    .optLearningRate(learningRate)
                    .optMomentum(momentum)
                    .optSchedule(schedule)
                    .optEpochs(epochs)
                    .optBatchSize(labelledBatch)
                    .optUnlabelledRatio(unlabelledRatio)
                    .optThreshold(threshold)
                    .optUnlabelledWeight(unlabelledWeight)
                    .optPatience(patience)
                    .optWeak(weak)
                    .optStrong(strong)
                    .optCutout(cutout)
                    .optSeed(seed)
                    .optMaxBatches(maxBatches);
        }

        /**
         * Returns {@code B_u = μ · B_l}.
         *
         * @return unlabelled images per step
         */
        public int unlabelledBatch() {
            return unlabelledRatio * labelledBatch;
        }

        /**
         * Builds {@link Options}: the one place their defaults are stated. The batch size is {@code
         * B_l}, the labelled images per step.
         */
        public static final class Builder extends EarlyStoppingOptionsBuilder<Builder> {
            private Architecture architecture = Architecture.LENET_DEEP;
            private float momentum = 0.9f;
            private int unlabelledRatio = 3;
            private float threshold = 0.95f;
            private float unlabelledWeight = 1f;
            private RandomAffine weak = RandomAffine.parse(FixMatchBlock.DEFAULT_WEAK);
            private RandomAffine strong = RandomAffine.parse(FixMatchBlock.DEFAULT_STRONG);
            private int cutout = FixMatchBlock.DEFAULT_CUTOUT;

            private Builder() {
                super(1e-3f, 4, 64, 0);
                this.schedule = LrSchedule.COSINE;
            }

            /** {@inheritDoc} */
            @Override
            protected Builder self() {
                return this;
            }

            /**
             * Sets the classifier (default lenet-deep).
             *
             * @param value the architecture
             * @return this builder
             */
            public Builder optArchitecture(Architecture value) {
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
             * Sets {@code μ}, unlabelled images per labelled image in a step (default 3; the paper
             * used 7).
             *
             * @param value 1 or more
             * @return this builder
             */
            public Builder optUnlabelledRatio(int value) {
                this.unlabelledRatio = value;
                return this;
            }

            /**
             * Sets the confidence threshold {@code τ} (default 0.95, the paper's).
             *
             * @param value in (0, 1]
             * @return this builder
             */
            public Builder optThreshold(float value) {
                this.threshold = value;
                return this;
            }

            /**
             * Sets the unlabelled term's weight {@code λ_u} (default 1, the paper's).
             *
             * @param value 0 or more
             * @return this builder
             */
            public Builder optUnlabelledWeight(float value) {
                this.unlabelledWeight = value;
                return this;
            }

            /**
             * Sets the weak augmentation (default {@value FixMatchBlock#DEFAULT_WEAK}).
             *
             * @param value the augmentation
             * @return this builder
             */
            public Builder optWeak(RandomAffine value) {
                this.weak = value;
                return this;
            }

            /**
             * Sets the strong augmentation's affine part (default {@value
             * FixMatchBlock#DEFAULT_STRONG}).
             *
             * @param value the augmentation
             * @return this builder
             */
            public Builder optStrong(RandomAffine value) {
                this.strong = value;
                return this;
            }

            /**
             * Sets the strong view's Cutout side (default {@value FixMatchBlock#DEFAULT_CUTOUT}; 0
             * for none).
             *
             * @param value pixels, 0 or more
             * @return this builder
             */
            public Builder optCutout(int value) {
                this.cutout = value;
                return this;
            }

            /**
             * Validates the settings and builds the options.
             *
             * @return the options
             * @throws InvalidInputException naming the first missing or bad option
             */
            public Options build() {
                if (normalization != Normalization.UNIT) {
                    throw new InvalidInputException(
                            "normalization: fixmatch takes pixels in [0, 1] (unit), got "
                                    + normalization);
                }
                return new Options(
                        architecture,
                        optimizer,
                        learningRate,
                        momentum,
                        schedule,
                        epochs,
                        batchSize,
                        unlabelledRatio,
                        threshold,
                        unlabelledWeight,
                        patience,
                        weak,
                        strong,
                        cutout,
                        seed,
                        maxBatches);
            }
        }
    }

    /**
     * What a FixMatch run measured.
     *
     * @param labels N
     * @param testAccuracy the kept epoch's accuracy on the test images
     * @param validationAccuracy its accuracy on the validation images
     * @param maskRate the fraction of (at most {@value #MASK_RATE_IMAGES}) unlabelled images whose
     *     weak view the kept classifier predicts with confidence at least {@code τ}
     * @param fit the per-epoch history
     */
    public record Result(
            int labels,
            double testAccuracy,
            double validationAccuracy,
            double maskRate,
            TrainingLoop.Result fit) {}

    /**
     * A trained classifier and its result.
     *
     * @param model the model (a {@link FixMatchBlock} whose parameters are the classifier's);
     *     closing this closes it
     * @param descriptor how to rebuild the classifier
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
     * Creates the trainer on an engine and device.
     *
     * @param context the engine and device
     */
    public FixMatch(EngineContext context) {
        this.context = context;
    }

    /**
     * Returns the saved model's descriptor: the plain classifier.
     *
     * @param options the run's options
     * @return {@code options.architecture()}'s descriptor for 10 classes
     */
    public static BlockDescriptor descriptor(Options options) {
        return options.architecture().descriptor(SemiSupervised.CLASSES);
    }

    /**
     * Trains a classifier with FixMatch and tests it.
     *
     * @param data the unlabelled pool, validation and test images
     * @param labelled the N labelled images (for example {@link SemiSupervised.Data#labelled})
     * @param options hyperparameters
     * @param hooks progress, checkpoints and resume, DJL listeners
     * @return the trained model and result; the caller closes it
     * @throws InvalidInputException when {@code B_u} exceeds the unlabelled pool
     */
    public Trained fit(
            SemiSupervised.Data data, DigitSet labelled, Options options, FitHooks hooks) {
        DigitSet unlabelled = data.unlabelled().withoutLabels();
        int bu = options.unlabelledBatch();
        if (bu > unlabelled.size()) {
            throw new InvalidInputException(
                    "unlabelled-ratio: "
                            + options.unlabelledRatio()
                            + " × batch-size "
                            + options.labelledBatch()
                            + " = "
                            + bu
                            + " unlabelled images per step, more than the "
                            + unlabelled.size()
                            + " there are");
        }
        context.seed(options.seed());
        Architecture arch = options.architecture();
        FixMatchBlock block =
                FixMatchBlock.builder()
                        .setClassifier(arch.create(SemiSupervised.CLASSES))
                        .optWeak(options.weak())
                        .optStrong(options.strong())
                        .optCutout(options.cutout())
                        .build();
        FixMatchLoss loss =
                FixMatchLoss.builder()
                        .optThreshold(options.threshold())
                        .optUnlabelledWeight(options.unlabelledWeight())
                        .build();
        Model model = context.newModel(block);
        try {
            int steps = unlabelled.size() / bu;
            if (options.maxBatches() > 0) {
                steps = Math.min(steps, options.maxBatches());
            }
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
                                                            steps * options.epochs()),
                                            options.momentum()),
                            hooks,
                            arch.inputShape(options.labelledBatch()))) {
                Feed feed =
                        new Feed(
                                unlabelled,
                                Normalization.UNIT,
                                Feed.Target.NONE,
                                Feed.Transform.NONE,
                                new LabelledStream(
                                        labelled, options.labelledBatch(), options.seed()));
                fit =
                        TrainingLoop.fit(
                                trainer,
                                FitConfig.builder()
                                        .setFeed(feed)
                                        .setOptions(
                                                new TrainingLoop.Options(
                                                        options.epochs(),
                                                        bu,
                                                        options.seed(),
                                                        options.maxBatches(),
                                                        TrainingLoop.LastBatch.DROP))
                                        .optValidator(
                                                t ->
                                                        Inference.accuracy(
                                                                t.getModel(),
                                                                data.validation(),
                                                                Normalization.UNIT))
                                        .optStopping(
                                                new EarlyStopping(
                                                        EarlyStopping.Goal.MAXIMIZE,
                                                        options.patience()))
                                        .optHooks(hooks)
                                        .build());
            }
            double test = Inference.accuracy(model, data.test(), Normalization.UNIT);
            double mask = maskRate(model, unlabelled, options.weak(), loss);
            return new Trained(
                    model,
                    descriptor(options),
                    new Result(labelled.size(), test, fit.bestScore(), mask, fit));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Returns the fraction of (at most {@value #MASK_RATE_IMAGES}) images whose weak view a
     * classifier predicts with confidence at least the loss's {@code τ}.
     */
    private static double maskRate(
            Model model, DigitSet images, RandomAffine weak, FixMatchLoss loss) {
        DigitSet set = images.range(0, Math.min(images.size(), MASK_RATE_IMAGES));
        double[] confident = {0};
        Inference.forEachBatch(
                model,
                set,
                Normalization.UNIT,
                Feed.Transform.training(weak),
                (from, outputs) -> {
                    long b = outputs.head().getShape().get(0);
                    confident[0] += b * loss.confidentFraction(outputs.head()).getFloat();
                });
        return confident[0] / set.size();
    }

    /**
     * The labelled images beside each unlabelled batch: step {@code s} of epoch {@code e} takes
     * positions {@code [s·B, (s+1)·B)} of the concatenation of permutations {@code P(seed, e, 0),
     * P(seed, e, 1), …} of the labelled set, a function of {@code (e, s)} alone.
     */
    static final class LabelledStream implements Feed.Extra {
        private final DigitSet labelled;
        private final int batch;
        private final long seed;
        private final List<int[]> permutations = new ArrayList<>();
        private int epoch = -1;

        LabelledStream(DigitSet labelled, int batch, long seed) {
            if (labelled.size() == 0) {
                throw new InvalidInputException("labels: at least one labelled image is required");
            }
            this.labelled = labelled;
            this.batch = batch;
            this.seed = seed;
        }

        /** {@inheritDoc} */
        @Override
        public Feed.Batch draw(NDManager manager, int epoch, int step) {
            int[] order = indices(epoch, step);
            return new Feed.Batch(
                    new NDList(labelled.images(manager, order, 0, batch, Normalization.UNIT)),
                    new NDList(labelled.labels(manager, order, 0, batch)));
        }

        /** Returns the labelled indices of step {@code step} of epoch {@code epoch}. */
        int[] indices(int epoch, int step) {
            int n = labelled.size();
            int[] order = new int[batch];
            long start = (long) step * batch;
            for (int i = 0; i < batch; i++) {
                long position = start + i;
                order[i] = permutation(epoch, (int) (position / n))[(int) (position % n)];
            }
            return order;
        }

        private int[] permutation(int e, int k) {
            if (e != epoch) {
                permutations.clear();
                epoch = e;
            }
            while (permutations.size() <= k) {
                long mixed =
                        seed * 0x9E3779B97F4A7C15L
                                + e * 0xC2B2AE3D27D4EB4FL
                                + permutations.size() * 0x165667B19E3779F9L;
                permutations.add(labelled.permutation(new Random(mixed)));
            }
            return permutations.get(k);
        }
    }
}
