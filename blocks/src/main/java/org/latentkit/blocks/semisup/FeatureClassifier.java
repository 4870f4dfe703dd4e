package org.latentkit.blocks.semisup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.latentkit.blocks.mlp.Mlp;
import org.latentkit.core.InvalidInputException;

/**
 * A classifier head on a feature block: {@code logits = head(features(x))}.
 *
 * <pre>
 * x (B, 1, 28, 28) → features → f (B, d) → dense h → relu → dense k → logits (B, k)
 * </pre>
 *
 * <p>Seed 003's head is {@code 20 → 100 → 10} on the code of a pretrained autoencoder; with
 * flattened pixels as the features it is the seed's {@code 784 → 100 → 10} FC classifier, the
 * pixels-only baseline. With {@link Encoder#FROZEN} the features are computed in inference mode,
 * cut from the gradient and their parameters frozen, so only the head learns; with {@link
 * Encoder#FINE_TUNED} the feature block learns too.
 *
 * <p>Optionally the features are standardised with fixed statistics before the head, {@code f ← (f
 * − μ) / σ} per dimension, with μ and σ measured once on unlabelled images: an autoencoder's code
 * can have a scale far from 1, which makes the head's first logits large and its training slow.
 *
 * <p>A feature block that is already initialised (for example, one whose parameters were loaded
 * from a pretrained autoencoder) keeps its parameters when this block is initialised.
 */
public final class FeatureClassifier extends AbstractBlock {

    /** Whether the feature block learns from the labels. */
    public enum Encoder {
        /** Only the head learns. */
        FROZEN,
        /** The feature block and the head learn together. */
        FINE_TUNED
    }

    private static final byte VERSION = 1;

    private final Block features;
    private final Block head;
    private final Encoder encoder;
    private final float[] mean;
    private final float[] scale;

    private FeatureClassifier(Builder b) {
        super(VERSION);
        this.encoder = b.encoder;
        this.mean = b.mean;
        this.scale = b.scale;
        this.features = addChildBlock("features", b.features);
        this.head =
                addChildBlock(
                        "head", Mlp.builder().setHidden(b.hidden).setOutputs(b.classes).build());
        if (encoder == Encoder.FROZEN) {
            features.freezeParameters(true);
        }
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the feature block.
     *
     * @return the features
     */
    public Block features() {
        return features;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        boolean learn = encoder == Encoder.FINE_TUNED;
        NDArray f = features.forward(store, new NDList(inputs.head()), training && learn).head();
        if (!learn) {
            f = f.stopGradient();
        }
        if (mean != null) {
            f = f.sub(f.getManager().create(mean)).div(f.getManager().create(scale));
        }
        return head.forward(store, new NDList(f), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(features.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!features.isInitialized()) {
            features.initialize(manager, dataType, inputShapes);
        }
        head.initialize(manager, dataType, features.getOutputShapes(inputShapes));
        if (encoder == Encoder.FROZEN) {
            features.freezeParameters(true);
        }
    }

    /** Builds a {@link FeatureClassifier}. */
    public static final class Builder {
        private Block features;
        private int hidden = 100;
        private int classes = 10;
        private Encoder encoder = Encoder.FROZEN;
        private float[] mean;
        private float[] scale;

        private Builder() {}

        /**
         * Standardises each feature with fixed statistics before the head (default: none).
         *
         * @param mu per-dimension means, length d
         * @param sigma per-dimension standard deviations, length d, positive
         * @return this builder
         */
        public Builder optStandardization(float[] mu, float[] sigma) {
            this.mean = mu.clone();
            this.scale = sigma.clone();
            return this;
        }

        /**
         * Sets the feature block, mapping {@code (B, 1, 28, 28)} to {@code (B, d)}.
         *
         * @param block the features
         * @return this builder
         */
        public Builder setFeatures(Block block) {
            this.features = block;
            return this;
        }

        /**
         * Sets the head's hidden width (default 100, the seed's).
         *
         * @param units hidden units
         * @return this builder
         */
        public Builder optHidden(int units) {
            this.hidden = units;
            return this;
        }

        /**
         * Sets the number of classes (default 10).
         *
         * @param k classes
         * @return this builder
         */
        public Builder optClasses(int k) {
            this.classes = k;
            return this;
        }

        /**
         * Sets whether the feature block learns (default {@link Encoder#FROZEN}).
         *
         * @param mode frozen or fine-tuned
         * @return this builder
         */
        public Builder optEncoder(Encoder mode) {
            this.encoder = mode;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the block
         */
        public FeatureClassifier build() {
            if (features == null) {
                throw new InvalidInputException("features: a feature block is required");
            }
            if (hidden <= 0 || classes <= 0) {
                throw new InvalidInputException(
                        "classifier head: hidden units and classes must be positive, got "
                                + hidden
                                + " and "
                                + classes);
            }
            if (encoder == null) {
                throw new InvalidInputException("encoder mode: frozen or fine-tuned is required");
            }
            if (mean != null && (mean.length != scale.length || !allPositive(scale))) {
                throw new InvalidInputException(
                        "standardization: means and positive deviations of equal length are required");
            }
            return new FeatureClassifier(this);
        }

        private static boolean allPositive(float[] v) {
            for (float x : v) {
                if (!(x > 0)) {
                    return false;
                }
            }
            return true;
        }
    }
}
