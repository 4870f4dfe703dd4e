package org.latentkit.trainers.buckets;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.metrics.BinaryCodes;
import org.latentkit.blocks.binary.BucketEncoderFactory;
import org.latentkit.blocks.binary.TwoViewEncoder;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BinaryCodeLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.FitConfig;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;

/**
 * Trains seed 000's bucket classifier: an MLP with {@code bits} tanh outputs, trained with {@link
 * BinaryCodeLoss} and no labels, whose thresholded outputs are bucket indices; the buckets are
 * labelled by majority vote on the training set only afterwards, and the test set is scored.
 *
 * <p>Training feeds the input as a dummy label ({@link Feed.Target#INPUT}: the loss ignores
 * labels), uses Adam on one device and drops the partial last batch (the loss is a batch
 * statistic). The same network at its random initialisation is scored first, as the baseline.
 *
 * <pre>{@code
 * BucketTrainer.Result r = new BucketTrainer(EngineContext.of("PyTorch", "cpu"))
 *         .fit(Split.trainTest(data), BucketTrainer.Options.defaults(), TrainingListener.NONE);
 * System.out.println(r.trained().bucketAccuracy());
 * }</pre>
 */
public final class BucketTrainer {

    /**
     * Hyperparameters of a bucket run.
     *
     * @param bits tanh outputs, hence {@code 2^bits} buckets; 1..16
     * @param hidden hidden layer sizes of the MLP
     * @param activation hidden activation
     * @param weights the loss weights
     * @param diagonal whether the covariance term penalises variances
     * @param learningRate Adam's learning rate
     * @param epochs training epochs (no early stopping: there are no labels to stop on)
     * @param batchSize samples per step; the loss needs real batches, so at least 2
     * @param seed seeds initialisation and shuffling
     * @param maxBatches steps per epoch cap, 0 for none
     * @param shift 0 for the original single view; otherwise the largest translation in pixels of a
     *     second view of each batch ({@link TwoViewEncoder}), whose codes the loss's pair term
     *     pulls towards the originals' (not in the original; needs a positive {@code pair} weight)
     * @param neighbours 0 for none; otherwise pair each training image with one of its this many
     *     nearest pixel-space neighbours ({@link NeighbourPairs}) as the second view (not in the
     *     original; needs a positive {@code pair} weight, excludes {@code shift})
     */
    public record Options(
            int bits,
            int[] hidden,
            ActivationKind activation,
            BinaryCodeLoss.Weights weights,
            BinaryCodeLoss.Diagonal diagonal,
            float learningRate,
            int epochs,
            int batchSize,
            long seed,
            int maxBatches,
            int shift,
            int neighbours) {

        /** The most bits supported (65,536 buckets). */
        public static final int MAX_BITS = 16;

        /** Validates the components and names the bad value. */
        public Options {
            if (bits < 1 || bits > MAX_BITS) {
                throw new InvalidInputException(
                        "bits: must be between 1 and " + MAX_BITS + ", got " + bits);
            }
            hidden = hidden == null ? null : hidden.clone();
            if (hidden == null || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
                throw new InvalidInputException(
                        "hidden: layer sizes must be positive, got " + Arrays.toString(hidden));
            }
            if (activation == null || weights == null || diagonal == null) {
                throw new InvalidInputException(
                        "bucket options: activation, weights and diagonal are required");
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "lr: must be a positive number, got " + learningRate);
            }
            if (batchSize < 2) {
                throw new InvalidInputException(
                        "batch-size: the loss is a batch statistic and needs at "
                                + "least 2 samples, got "
                                + batchSize);
            }
            new TrainingLoop.Options(
                    epochs, batchSize, seed, maxBatches, TrainingLoop.LastBatch.DROP);
            if (shift < 0 || shift > 8) {
                throw new InvalidInputException(
                        "shift: must be between 0 and 8 pixels, got " + shift);
            }
            if (neighbours < 0) {
                throw new InvalidInputException("neighbours: must be 0 or more, got " + neighbours);
            }
            if (shift > 0 && neighbours > 0) {
                throw new InvalidInputException(
                        "shift and neighbours: choose one second view, got both");
            }
            if ((shift > 0 || neighbours > 0) != (weights.pair() > 0)) {
                throw new InvalidInputException(
                        "pair weight: a second view (shift "
                                + shift
                                + ", neighbours "
                                + neighbours
                                + ") and the pair weight ("
                                + weights.pair()
                                + ") go together: set both or neither");
            }
        }

        /**
         * The original's settings: 7 bits, 2×64 leaky-relu, weights cov=0.9, center=1, mag=0.15
         * (diagonal excluded), Adam at 1e-3, batch 128, 10 epochs, seed 42.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(
                    7,
                    new int[] {64, 64},
                    ActivationKind.LEAKY_RELU,
                    BinaryCodeLoss.Weights.ORIGINAL_BEST,
                    BinaryCodeLoss.Diagonal.EXCLUDE,
                    1e-3f,
                    10,
                    128,
                    42,
                    0,
                    0,
                    0);
        }

        /**
         * Returns a copy with other bits and weights (for the sweep).
         *
         * @param newBits bits
         * @param newWeights weights
         * @return the options
         */
        public Options with(int newBits, BinaryCodeLoss.Weights newWeights) {
            return new Options(
                    newBits,
                    hidden,
                    activation,
                    newWeights,
                    diagonal,
                    learningRate,
                    epochs,
                    batchSize,
                    seed,
                    maxBatches,
                    shift,
                    neighbours);
        }

        /**
         * Returns a copy with another seed.
         *
         * @param newSeed the seed
         * @return the options
         */
        public Options withSeed(long newSeed) {
            return new Options(
                    bits,
                    hidden,
                    activation,
                    weights,
                    diagonal,
                    learningRate,
                    epochs,
                    batchSize,
                    newSeed,
                    maxBatches,
                    shift,
                    neighbours);
        }

        /**
         * Returns the hidden sizes.
         *
         * @return a copy
         */
        @Override
        public int[] hidden() {
            return hidden.clone();
        }
    }

    /**
     * What a bucket run measured.
     *
     * @param baseline the network at its random initialisation
     * @param trained the network after training
     * @param fit the per-epoch loss history
     * @param baselineTestBuckets the test set's buckets at initialisation
     * @param testBuckets the test set's buckets after training
     * @param trainBuckets the training set's buckets after training
     * @param testCodes the test set's bits after training
     */
    public record Result(
            BucketEvaluation baseline,
            BucketEvaluation trained,
            TrainingLoop.Result fit,
            int[] baselineTestBuckets,
            int[] testBuckets,
            int[] trainBuckets,
            BinaryCodes testCodes) {}

    /** Pixels in [0, 1], as the original's x/255. */
    public static final Normalization NORMALIZATION = Normalization.UNIT;

    private final EngineContext context;

    /**
     * Creates a trainer on an engine and device.
     *
     * @param context the engine and device
     */
    public BucketTrainer(EngineContext context) {
        this.context = context;
    }

    /**
     * Builds the network: the MLP of {@code blocks}, with a tanh output of {@code bits} units.
     *
     * <p>With a shift, the MLP is wrapped in a {@link TwoViewEncoder} that also encodes shifted
     * copies in training.
     *
     * @param options the settings
     * @return an uninitialised block, input {@code (N, 1, 28, 28)}, output {@code (N, bits)} (in
     *     inference)
     */
    public static Block network(Options options) {
        return network(encoder(options), options);
    }

    /**
     * Builds the encoder alone, the block a saved bucket model holds.
     *
     * @param options the settings
     * @return an uninitialised MLP, {@code (N, 1, 28, 28)} to {@code (N, bits)} tanh outputs
     */
    public static Block encoder(Options options) {
        return BucketEncoderFactory.create(options.hidden(), options.bits(), options.activation());
    }

    private static Block network(Block mlp, Options options) {
        if (options.neighbours() > 0) {
            return TwoViewEncoder.builder()
                    .setEncoder(mlp)
                    .optSecondView(TwoViewEncoder.SecondView.STACKED)
                    .build();
        }
        if (options.shift() == 0) {
            return mlp;
        }
        return TwoViewEncoder.builder()
                .setEncoder(mlp)
                .optMaxShift(options.shift())
                .optSeed(options.seed())
                .build();
    }

    /**
     * Scores the random initialisation, trains without labels, and scores again.
     *
     * @param split train and test sets (a validation set, if any, is not used)
     * @param options hyperparameters
     * @param listener progress observer
     * @return the baseline and trained metrics
     */
    public Result fit(Split split, Options options, TrainingListener listener) {
        return fit(split, options, FitHooks.of(listener), null);
    }

    /**
     * Trains the encoder without labels, with a run's control and DJL's listeners, then labels the
     * buckets and tests them.
     *
     * @param split train and test sets (labels used only to name the buckets and score them)
     * @param options hyperparameters
     * @param hooks progress, checkpoints, DJL listeners and evaluators
     * @return the baseline and trained evaluations
     */
    public Result fit(Split split, Options options, FitHooks hooks) {
        return fit(split, options, hooks, null);
    }

    /**
     * Trains as {@link #fit(Split, Options, FitHooks)}, and saves the trained encoder ({@code
     * bucket-encoder}, {@link BucketEncoderFactory}) with {@link ModelStore}.
     *
     * @param split train and test sets
     * @param options hyperparameters
     * @param hooks progress, checkpoints, DJL listeners and evaluators
     * @param saveTo the model directory, or {@code null} not to save
     * @return the baseline and trained metrics
     */
    public Result fit(Split split, Options options, FitHooks hooks, Path saveTo) {
        context.seed(options.seed());
        Block encoder = encoder(options);
        BinaryCodeLoss loss =
                BinaryCodeLoss.builder()
                        .optWeights(options.weights())
                        .optDiagonal(options.diagonal())
                        .build();
        try (Model model = context.newModel(network(encoder, options))) {
            try (Trainer trainer =
                    context.newTrainer(
                            model,
                            loss,
                            OptimizerKind.ADAM.create(options.learningRate(), 0f),
                            hooks,
                            new Shape(options.batchSize(), 1, 28, 28))) {
                BinaryCodes baselineTrain = codes(model, split.train(), options.bits());
                BinaryCodes baselineTest = codes(model, split.test(), options.bits());
                BucketEvaluation baseline =
                        BucketEvaluation.of(
                                baselineTrain,
                                split.train().labels(),
                                baselineTest,
                                split.test().labels());
                DigitSet trainSet = split.train();
                if (options.neighbours() > 0) {
                    int[][] nn =
                            NeighbourPairs.nearest(
                                    trainSet, options.neighbours(), model.getNDManager());
                    trainSet = NeighbourPairs.stacked(trainSet, nn, 1, options.seed());
                }
                Feed feed = new Feed(trainSet, NORMALIZATION, Feed.Target.INPUT);
                TrainingLoop.Result fit =
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
                                        .optHooks(hooks)
                                        .build());
                BinaryCodes train = codes(model, split.train(), options.bits());
                BinaryCodes test = codes(model, split.test(), options.bits());
                if (saveTo != null) {
                    save(encoder, options, saveTo);
                }
                BucketEvaluation trained =
                        BucketEvaluation.of(
                                train, split.train().labels(), test, split.test().labels());
                return new Result(
                        baseline,
                        trained,
                        fit,
                        baselineTest.buckets(),
                        test.buckets(),
                        train.buckets(),
                        test);
            }
        }
    }

    private void save(Block encoder, Options options, Path dir) {
        try (Model m = context.newModel(encoder)) {
            ModelStore.save(
                    m,
                    BucketEncoderFactory.descriptor(
                            options.hidden(), options.bits(), options.activation()),
                    Map.of(
                            "task",
                            "buckets",
                            "normalization",
                            NORMALIZATION.id(),
                            "bits",
                            Integer.toString(options.bits())),
                    dir);
        }
    }

    /**
     * Runs a model over a set and thresholds its outputs.
     *
     * @param model a model whose block outputs {@code (N, bits)}
     * @param set the images
     * @param bits outputs per image
     * @return the codes
     */
    public static BinaryCodes codes(Model model, DigitSet set, int bits) {
        float[] out = new float[set.size() * bits];
        Inference.forEachBatch(
                model,
                set,
                NORMALIZATION,
                (from, outputs) -> {
                    float[] batch = outputs.singletonOrThrow().toFloatArray();
                    System.arraycopy(batch, 0, out, from * bits, batch.length);
                });
        return BinaryCodes.threshold(out, bits);
    }
}
