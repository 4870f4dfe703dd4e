package org.latentkit.trainers.semisup;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.conv.ConvAutoencoder;
import org.latentkit.blocks.conv.ConvVae;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.semisup.FeatureClassifier;
import org.latentkit.blocks.semisup.FeatureClassifierFactory;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.ReconstructionLoss;
import org.latentkit.trainers.loop.EarlyStopping;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.FitConfig;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;
import org.latentkit.trainers.loop.TrainingOptionsBuilder;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;

/**
 * Seed 003's semi-supervised pipeline:
 *
 * <ol>
 *   <li>pretrain an autoencoder on the unlabelled training images ({@link ReconstructionTrainer},
 *       BCE summed over pixels);
 *   <li>embed: the encoder maps each image to its d-dimensional code;
 *   <li>train a {@code d → 100 → 10} classifier ({@link FeatureClassifier}, Adam, batch 32, early
 *       stopping on validation accuracy) on N labelled images;
 *   <li>test it, next to the pixels-only baseline: the seed's {@code 784 → 100 → 10} FC classifier
 *       trained the same way on the same N labelled images.
 * </ol>
 *
 * <pre>{@code
 * import org.latentkit.api.data.DatasetName;
 *
 * SemiSupervised s = new SemiSupervised(ctx);
 * SemiSupervised.Data data = SemiSupervised.Data.of(DataLocator.load(DatasetName.MNIST, null), 1000);
 * SemiSupervised.Pretrained ae = s.pretrain(Features.CONV_AE, 20, data, pretrainOptions, listener, null);
 * SemiSupervised.Comparison c = s.compare(ae, data, 2000, LabelChoice.FIRST, HeadOptions.defaults(), listener);
 * }</pre>
 *
 * <p>The encoder is copied into each classifier, so fine-tuning one classifier never changes the
 * pretrained parameters another starts from.
 */
public final class SemiSupervised {

    /** Where the classifier's features come from. */
    public enum Features implements Choice {
        /** Flattened pixels: the baseline, no pretraining. */
        PIXELS("pixels"),
        /** The code of a dense autoencoder 784-512-20 (seed 003's text). */
        DENSE_AE("dense-ae"),
        /** The code of seed 003's conv autoencoder ({@link ConvAutoencoder}). */
        CONV_AE("conv-ae"),
        /** The posterior mean μ of seed 003's conv VAE ({@link ConvVae}), trained on the ELBO. */
        CONV_VAE("conv-vae");

        private final String id;

        Features(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a feature name.
         *
         * @param text for example {@code conv-ae}
         * @return the features
         */
        public static Features parse(String text) {
            return Choice.parse(values(), "features", "feature kind", text);
        }
    }

    /** How the unlabelled images are used. */
    public enum Method implements Choice {
        /** Seed 003's pipeline: pretrain an autoencoder, then a classifier on its features. */
        AUTOENCODER("autoencoder"),
        /** {@link FixMatch}: pseudo-labels of weak views enforced on strong views. */
        FIXMATCH("fixmatch");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a method name.
         *
         * @param text {@code autoencoder} or {@code fixmatch}
         * @return the method
         */
        public static Method parse(String text) {
            return Choice.parse(values(), "method", "method", text);
        }
    }

    /** Which training images carry the N labels. */
    public enum LabelChoice implements Choice {
        /** The first N training images, as the seed did (not class-balanced). */
        FIRST("first"),
        /** A class-stratified random subset of N (balanced, drawn from the seed). */
        STRATIFIED("stratified");

        private final String id;

        LabelChoice(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a label choice.
         *
         * @param text {@code first} or {@code stratified}
         * @return the choice
         */
        public static LabelChoice parse(String text) {
            return Choice.parse(values(), "label-choice", "label choice", text);
        }
    }

    /**
     * Hyperparameters of the classifier on the labelled images (Adam, softmax cross-entropy
     * averaged over the batch, pixels in [0, 1]).
     *
     * @param learningRate Adam's learning rate (seed: 1e-3)
     * @param epochs maximum epochs
     * @param batchSize samples per step (seed: 32); capped at the number of labels
     * @param patience epochs without validation improvement before stopping (seed: 3); 0 never
     *     stops
     * @param encoder whether the pretrained encoder learns too
     * @param standardize whether a pretrained code is standardised (fixed per-dimension mean and
     *     deviation over the unlabelled images) before the head; pixels never are
     * @param seed seeds initialisation, shuffling and a stratified label choice
     * @param maxBatches steps per epoch cap, 0 for none
     */
    public record HeadOptions(
            float learningRate,
            int epochs,
            int batchSize,
            int patience,
            FeatureClassifier.Encoder encoder,
            boolean standardize,
            long seed,
            int maxBatches) {

        /** Validates the components and names the bad value. */
        public HeadOptions {
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "lr: must be a positive number, got " + learningRate);
            }
            if (patience < 0) {
                throw new InvalidInputException("patience: must be 0 or more, got " + patience);
            }
            if (encoder == null) {
                throw new InvalidInputException("encoder: frozen or fine-tuned is required");
            }
            new TrainingLoop.Options(
                    epochs, batchSize, seed, maxBatches, TrainingLoop.LastBatch.KEEP);
        }

        /**
         * The seed's classifier: Adam 1e-3, up to 100 epochs, batch 32, patience 3, frozen encoder,
         * standardised code, seed 42, no batch cap. The values are the {@link Builder}'s initial
         * ones.
         *
         * @return the options
         */
        public static HeadOptions defaults() {
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
                    .optLearningRate(learningRate)
                    .optEpochs(epochs)
                    .optBatchSize(batchSize)
                    .optPatience(patience)
                    .optEncoder(encoder)
                    .optStandardize(standardize)
                    .optSeed(seed)
                    .optMaxBatches(maxBatches);
        }

        /**
         * Returns a copy with another batch cap.
         *
         * @param n steps per epoch cap, 0 for none
         * @return the copy
         */
        public HeadOptions withMaxBatches(int n) {
            return toBuilder().optMaxBatches(n).build();
        }

        /**
         * Builds {@link HeadOptions}: the one place their defaults are stated (Adam's lr 1e-3, up
         * to 100 epochs, batch 32, capped at the number of labels; the shared settings are {@link
         * TrainingOptionsBuilder}'s).
         */
        public static final class Builder extends TrainingOptionsBuilder<Builder> {
            private int patience = 3;
            private FeatureClassifier.Encoder encoder = FeatureClassifier.Encoder.FROZEN;
            private boolean standardize = true;

            private Builder() {
                super(1e-3f, 100, 32);
            }

            /** {@inheritDoc} */
            @Override
            protected Builder self() {
                return this;
            }

            /**
             * Sets the epochs without validation improvement before the head stops (default 3; 0
             * never stops).
             *
             * @param value 0 or more
             * @return this builder
             */
            public Builder optPatience(int value) {
                this.patience = value;
                return this;
            }

            /**
             * Sets whether the pretrained encoder learns too (default frozen).
             *
             * @param value frozen or fine-tuned
             * @return this builder
             */
            public Builder optEncoder(FeatureClassifier.Encoder value) {
                this.encoder = value;
                return this;
            }

            /**
             * Sets whether a pretrained code is standardised before the head (default true).
             *
             * @param value true to standardise
             * @return this builder
             */
            public Builder optStandardize(boolean value) {
                this.standardize = value;
                return this;
            }

            /**
             * Validates the settings and builds the options.
             *
             * @return the options
             * @throws InvalidInputException naming the first missing or bad option
             */
            public HeadOptions build() {
                return new HeadOptions(
                        learningRate,
                        epochs,
                        batchSize,
                        patience,
                        encoder,
                        standardize,
                        seed,
                        maxBatches);
            }
        }
    }

    /**
     * The images of one experiment.
     *
     * @param unlabelled what the autoencoder trains on, and where the N labels are taken from
     * @param validation labelled images for early stopping (of both the pretraining and the
     *     classifier)
     * @param test held out until the end
     */
    public record Data(DigitSet unlabelled, DigitSet validation, DigitSet test) {

        /**
         * Holds out the last {@code validation} training images (the seed used 1,000) and keeps the
         * rest as the unlabelled pool.
         *
         * @param data the canonical train and test sets
         * @param validation how many images validate
         * @return the data
         */
        public static Data of(DataLocator.TrainTest data, int validation) {
            Split s = Split.withValidation(data, validation);
            return new Data(s.train(), s.validation(), s.test());
        }

        /**
         * Returns the N labelled images.
         *
         * @param n how many labels
         * @param choice the first N or a stratified subset
         * @param seed picks a stratified subset
         * @return the labelled images
         */
        public DigitSet labelled(int n, LabelChoice choice, long seed) {
            if (n <= 0 || n > unlabelled.size()) {
                throw new InvalidInputException(
                        "labels: must be between 1 and " + unlabelled.size() + ", got " + n);
            }
            return choice == LabelChoice.FIRST
                    ? unlabelled.range(0, n)
                    : unlabelled.stratifiedSubset(n, seed);
        }
    }

    /**
     * A pretrained feature extractor, kept as its descriptor and parameter bytes so that every
     * classifier gets a fresh copy.
     *
     * @param features the kind
     * @param descriptor how to rebuild the autoencoder, {@code null} for pixels
     * @param parameters the autoencoder's parameters as DJL writes them, empty for pixels
     * @param fit the pretraining history, {@code null} when loaded or for pixels
     */
    public record Pretrained(
            Features features,
            BlockDescriptor descriptor,
            byte[] parameters,
            TrainingLoop.Result fit) {

        /**
         * Returns the pixels "extractor": flattening, nothing to pretrain.
         *
         * @return the pixels features
         */
        public static Pretrained pixels() {
            return new Pretrained(Features.PIXELS, null, new byte[0], null);
        }

        /**
         * Checks that a directory holds a saved encoder and names its kind, from the descriptor
         * alone (no engine, no weights read).
         *
         * @param dir the model directory
         * @return the features its encoder gives
         * @throws InvalidInputException if {@code dir} is not a saved {@code conv-autoencoder},
         *     {@code conv-vae} or {@code dense-autoencoder}
         */
        public static Features features(Path dir) {
            String architecture = ModelStore.describe(dir).block().architecture();
            return switch (architecture) {
                case ConvAutoencoder.ARCHITECTURE -> Features.CONV_AE;
                case DenseAutoencoder.ARCHITECTURE -> Features.DENSE_AE;
                case ConvVae.ARCHITECTURE -> Features.CONV_VAE;
                default ->
                        throw new InvalidInputException(
                                "model "
                                        + dir
                                        + ": a "
                                        + architecture
                                        + " has no encoder to embed with (need conv-autoencoder"
                                        + ", conv-vae or dense-autoencoder)");
            };
        }

        /**
         * Reads a saved autoencoder ({@code conv-autoencoder} or {@code dense-autoencoder}).
         *
         * @param dir the model directory
         * @param context engine and device
         * @return the extractor
         */
        public static Pretrained load(Path dir, EngineContext context) {
            Features kind = features(dir);
            try (ModelStore.Loaded loaded = ModelStore.load(dir, context)) {
                BlockDescriptor d = loaded.descriptor().block();
                return new Pretrained(kind, d, parameterBytes(loaded.model().getBlock()), null);
            }
        }

        /**
         * Builds a fresh feature block holding the pretrained parameters.
         *
         * @param manager owns the parameters
         * @return a block mapping {@code (B, 1, 28, 28)} to {@code (B, d)}
         */
        public Block featureBlock(NDManager manager) {
            if (features == Features.PIXELS) {
                return Blocks.batchFlattenBlock();
            }
            Block ae = descriptor.build();
            try {
                ae.loadParameters(
                        manager, new DataInputStream(new ByteArrayInputStream(parameters)));
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException("could not copy the pretrained parameters", e);
            }
            return FeatureClassifierFactory.encoderOf(ae);
        }
    }

    /**
     * One classifier's result.
     *
     * @param labels how many labelled images it trained on
     * @param testAccuracy accuracy of the restored best epoch on the test set
     * @param validationAccuracy its validation accuracy
     * @param epochsRun epochs run
     * @param trainSeconds seconds in training steps
     */
    public record Result(
            int labels,
            double testAccuracy,
            double validationAccuracy,
            int epochsRun,
            double trainSeconds) {}

    /**
     * The features' classifier next to the pixels baseline at the same labels.
     *
     * @param labels N
     * @param features the classifier on the pretrained features
     * @param pixels the same classifier on pixels
     */
    public record Comparison(int labels, Result features, Result pixels) {}

    private final EngineContext context;

    /**
     * Creates the pipeline on an engine and device.
     *
     * @param context the engine and device
     */
    public SemiSupervised(EngineContext context) {
        this.context = context;
    }

    /**
     * Returns a fresh, uninitialised autoencoder of a kind, with its descriptor.
     *
     * @param kind dense-ae, conv-ae or conv-vae
     * @param latent the code size (seed: 20)
     * @return the block and its descriptor
     */
    public static Pair<Block, BlockDescriptor> autoencoder(Features kind, int latent) {
        return switch (kind) {
            case CONV_AE -> {
                ConvAutoencoder ae = ConvAutoencoder.create(latent);
                yield new Pair<>(ae, ae.descriptor());
            }
            case DENSE_AE -> {
                DenseAutoencoder ae =
                        DenseAutoencoder.builder()
                                .setLayers(512, latent)
                                .optCodeActivation(ActivationKind.IDENTITY)
                                .build();
                yield new Pair<>(ae, ae.descriptor());
            }
            case CONV_VAE -> new Pair<>(ConvVae.create(latent), ConvVae.descriptor(latent));
            case PIXELS -> throw new InvalidInputException("features: pixels need no pretraining");
        };
    }

    /**
     * Step 1: pretrains an autoencoder on the unlabelled images, with early stopping on the
     * validation images' loss: BCE summed over pixels, averaged over images, or for the conv VAE
     * the negative ELBO (Bernoulli likelihood, β = 1).
     *
     * @param kind the autoencoder; {@link Features#PIXELS} returns {@link Pretrained#pixels()}
     * @param latent the code size (seed: 20)
     * @param data the images
     * @param options the reconstruction run's hyperparameters
     * @param listener progress observer
     * @param saveTo where to save the autoencoder (ModelStore format), or {@code null}
     * @return the pretrained extractor
     */
    public Pretrained pretrain(
            Features kind,
            int latent,
            Data data,
            ReconstructionTrainer.Options options,
            TrainingListener listener,
            Path saveTo) {
        if (kind == Features.PIXELS) {
            return Pretrained.pixels();
        }
        return pretrain(kind, autoencoder(kind, latent), data, options, listener, saveTo);
    }

    /**
     * Step 1 for an autoencoder of one's own shape, for example a deeper dense one: the same
     * training and early stopping as {@link #pretrain(Features, int, Data,
     * ReconstructionTrainer.Options, TrainingListener, Path)}.
     *
     * @param kind the autoencoder's kind (dense-ae, conv-ae or conv-vae), which fixes the loss
     * @param ae a fresh, uninitialised autoencoder of that kind, with its descriptor
     * @param data the images
     * @param options the reconstruction run's hyperparameters
     * @param listener progress observer
     * @param saveTo where to save the autoencoder (ModelStore format), or {@code null}
     * @return the pretrained extractor
     */
    public Pretrained pretrain(
            Features kind,
            Pair<Block, BlockDescriptor> ae,
            Data data,
            ReconstructionTrainer.Options options,
            TrainingListener listener,
            Path saveTo) {
        if (kind == Features.PIXELS) {
            throw new InvalidInputException("features: pixels need no pretraining");
        }
        Loss loss =
                kind == Features.CONV_VAE
                        ? ElboLoss.builder().build()
                        : ReconstructionLoss.builder()
                                .optKind(ReconstructionLoss.Kind.BCE)
                                .optReduction(ReconstructionLoss.Reduction.SUM)
                                .build();
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(context)
                        .fit(
                                ae.getKey(),
                                ae.getValue(),
                                loss,
                                new Split(data.unlabelled(), data.validation(), data.test()),
                                options,
                                listener)) {
            if (saveTo != null) {
                ModelStore.save(
                        t.model(),
                        t.descriptor(),
                        Map.of("task", "autoencode", "normalization", options.normalization().id()),
                        saveTo);
            }
            return new Pretrained(
                    kind, t.descriptor(), parameterBytes(t.model().getBlock()), t.fit());
        }
    }

    /**
     * Steps 2 and 3: trains a classifier on the features of the labelled images and tests it.
     *
     * @param features the extractor
     * @param labelled the N labelled images
     * @param data validation and test images
     * @param options the classifier's hyperparameters
     * @param listener progress observer
     * @return the result
     */
    public Result classify(
            Pretrained features,
            DigitSet labelled,
            Data data,
            HeadOptions options,
            TrainingListener listener) {
        return classify(features, labelled, data, options, listener, null);
    }

    /** The head's hidden units (seed 003: 100). */
    public static final int HEAD_HIDDEN = 100;

    /** The head's classes. */
    public static final int CLASSES = 10;

    /**
     * Trains and tests as {@link #classify(Pretrained, DigitSet, Data, HeadOptions,
     * TrainingListener)}, and saves the trained head ({@code feature-classifier}, {@link
     * FeatureClassifierFactory}) as a classifier that {@code eval} and {@code predict} load.
     *
     * @param features the extractor
     * @param labelled the N labelled images
     * @param data validation and test images
     * @param options the classifier's hyperparameters
     * @param listener progress observer
     * @param saveTo the model directory, or {@code null} not to save
     * @return the result
     */
    public Result classify(
            Pretrained features,
            DigitSet labelled,
            Data data,
            HeadOptions options,
            TrainingListener listener,
            Path saveTo) {
        context.seed(options.seed());
        try (NDManager weights = context.engine().newBaseManager(context.device())) {
            Block featureBlock = features.featureBlock(weights);
            FeatureClassifier.Builder builder =
                    FeatureClassifier.builder()
                            .setFeatures(featureBlock)
                            .optHidden(HEAD_HIDDEN)
                            .optClasses(CLASSES)
                            .optEncoder(options.encoder());
            float[][] stats = null;
            if (options.standardize() && features.features() != Features.PIXELS) {
                stats = featureStatistics(featureBlock, weights, data.unlabelled());
                builder.optStandardization(stats[0], stats[1]);
            }
            FeatureClassifier block = builder.build();
            int batch = Math.min(options.batchSize(), labelled.size());
            try (Model model = context.newModel(block)) {
                FitHooks hooks = FitHooks.of(listener);
                TrainingLoop.Result fit;
                try (Trainer trainer =
                        context.newTrainer(
                                model,
                                Loss.softmaxCrossEntropyLoss(),
                                OptimizerKind.ADAM.create(options.learningRate(), 0.9f),
                                hooks,
                                new Shape(batch, 1, 28, 28))) {
                    if (options.encoder() == FeatureClassifier.Encoder.FINE_TUNED) {
                        block.features().freezeParameters(false);
                    }
                    fit =
                            TrainingLoop.fit(
                                    trainer,
                                    FitConfig.builder()
                                            .setFeed(
                                                    new Feed(
                                                            labelled,
                                                            Normalization.UNIT,
                                                            Feed.Target.CLASS))
                                            .setOptions(
                                                    new TrainingLoop.Options(
                                                            options.epochs(),
                                                            batch,
                                                            options.seed(),
                                                            options.maxBatches(),
                                                            TrainingLoop.LastBatch.KEEP))
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
                if (saveTo != null) {
                    ModelStore.save(
                            model,
                            FeatureClassifierFactory.descriptor(
                                    features.descriptor(),
                                    HEAD_HIDDEN,
                                    CLASSES,
                                    stats == null ? null : stats[0],
                                    stats == null ? null : stats[1]),
                            Map.of(
                                    "task",
                                    "classify",
                                    "normalization",
                                    Normalization.UNIT.id(),
                                    "features",
                                    features.features().id(),
                                    "labels",
                                    Integer.toString(labelled.size())),
                            saveTo);
                }
                return new Result(
                        labelled.size(),
                        test,
                        fit.bestScore(),
                        fit.epochsRun(),
                        fit.trainSeconds());
            }
        }
    }

    /**
     * Step 4: the features' classifier and the pixels baseline on the same N labelled images.
     *
     * @param features the extractor
     * @param data the images
     * @param labels N
     * @param choice which images carry the labels
     * @param options the classifier's hyperparameters (the baseline uses the same)
     * @param listener progress observer
     * @return both results
     */
    public Comparison compare(
            Pretrained features,
            Data data,
            int labels,
            LabelChoice choice,
            HeadOptions options,
            TrainingListener listener) {
        return compare(features, data, labels, choice, options, listener, null);
    }

    /**
     * As {@link #compare(Pretrained, Data, int, LabelChoice, HeadOptions, TrainingListener)}, and
     * saves the features' head into {@code saveTo} (see {@link #classify(Pretrained, DigitSet,
     * Data, HeadOptions, TrainingListener, Path)}).
     *
     * @param features the extractor
     * @param data the images
     * @param labels N
     * @param choice which images carry the labels
     * @param options the classifier's hyperparameters
     * @param listener progress observer
     * @param saveTo the head's model directory, or {@code null}
     * @return both results
     */
    public Comparison compare(
            Pretrained features,
            Data data,
            int labels,
            LabelChoice choice,
            HeadOptions options,
            TrainingListener listener,
            Path saveTo) {
        DigitSet labelled = data.labelled(labels, choice, options.seed());
        Result f = classify(features, labelled, data, options, listener, saveTo);
        Result p =
                features.features() == Features.PIXELS
                        ? f
                        : classify(Pretrained.pixels(), labelled, data, options, listener);
        return new Comparison(labels, f, p);
    }

    /**
     * The labels curve: {@link #compare} at each N.
     *
     * @param features the extractor
     * @param data the images
     * @param labels the Ns, for example 100, 250, 600, 1000, 2000, 3000
     * @param choice which images carry the labels
     * @param options the classifier's hyperparameters
     * @param listener progress observer
     * @return one comparison per N, in order
     */
    public List<Comparison> curve(
            Pretrained features,
            Data data,
            int[] labels,
            LabelChoice choice,
            HeadOptions options,
            TrainingListener listener) {
        List<Comparison> out = new ArrayList<>();
        for (int n : labels) {
            out.add(compare(features, data, n, choice, options, listener));
        }
        return out;
    }

    /**
     * Returns the per-dimension mean and standard deviation of the features of (at most the first
     * 5,000) images, computed in inference mode.
     *
     * @param features an initialised feature block
     * @param manager where the temporary arrays live
     * @param set the images
     * @return {@code [mean, sd]}, sd floored at 1e-6
     */
    static float[][] featureStatistics(Block features, NDManager manager, DigitSet set) {
        int n = Math.min(set.size(), 5_000);
        ParameterStore store = new ParameterStore(manager, false);
        double[] sum = null;
        double[] sq = null;
        for (int from = 0; from < n; from += Inference.BATCH) {
            int to = Math.min(n, from + Inference.BATCH);
            try (NDManager batch = manager.newSubManager()) {
                NDArray f =
                        features.forward(
                                        store,
                                        new NDList(
                                                set.images(
                                                        batch, null, from, to, Normalization.UNIT)),
                                        false)
                                .head();
                int d = (int) f.getShape().get(1);
                float[] v = f.toFloatArray();
                if (sum == null) {
                    sum = new double[d];
                    sq = new double[d];
                }
                for (int i = 0; i < v.length; i++) {
                    sum[i % d] += v[i];
                    sq[i % d] += (double) v[i] * v[i];
                }
            }
        }
        float[] mean = new float[sum.length];
        float[] sd = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            double m = sum[j] / n;
            mean[j] = (float) m;
            sd[j] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[j] / n - m * m)));
        }
        return new float[][] {mean, sd};
    }

    static byte[] parameterBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the pretrained parameters", e);
        }
        return bytes.toByteArray();
    }
}
