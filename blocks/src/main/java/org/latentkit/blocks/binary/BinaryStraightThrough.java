package org.latentkit.blocks.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.latentkit.core.InvalidInputException;

/**
 * A binary (Heaviside) unit trained with the straight-through estimator (Bengio, Léonard and
 * Courville, 2013): usable after any layer, it has no parameters.
 *
 * <p>Forward, with threshold {@code t}: {@code y = H(x - t)}, that is {@code y = 0} for {@code x <
 * t} and {@code y = 1} for {@code x ≥ t}. An input exactly equal to the threshold maps to 1; with
 * the default {@code t = 0} an input of exactly 0 maps to <b>1</b> (the original seed 001 code used
 * {@code x > 0}, which maps 0 to 0: pass a small positive threshold to get that).
 *
 * <p>Backward: the pseudo-derivative {@code ∂y/∂x = 1} (identity, {@link Gradient#IDENTITY}), or
 * {@code ∂y/∂x = 1[|x| ≤ 1]} ({@link Gradient#CLIPPED}, the "hard-tanh" straight-through of Hubara
 * et al. 2016). It is computed as {@code y = hard + (p − stopGradient(p))} with {@code p = x} (or
 * {@code p = x · 1[|x| ≤ 1]} when clipped), which has the same gradient as the textbook {@code x +
 * stopGradient(hard − x)} but whose forward value is exactly 0 or 1, without float rounding.
 *
 * <p>Shapes: input {@code (*)}, output the same shape, values in {0, 1}.
 *
 * @see <a href="https://arxiv.org/abs/1308.3432">Bengio et al., Estimating or propagating gradients
 *     through stochastic neurons for conditional computation (2013)</a>
 */
public final class BinaryStraightThrough extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Which pseudo-derivative the backward pass uses. */
    public enum Gradient {
        /** {@code ∂y/∂x = 1} everywhere. */
        IDENTITY("identity"),
        /** {@code ∂y/∂x = 1} where {@code |x| ≤ 1}, 0 elsewhere. */
        CLIPPED("clipped");

        private final String id;

        Gradient(String id) {
            this.id = id;
        }

        /**
         * Returns the command-line name.
         *
         * @return {@code identity} or {@code clipped}
         */
        public String id() {
            return id;
        }

        /**
         * Parses a gradient name.
         *
         * @param text {@code identity} or {@code clipped}
         * @return the gradient kind
         */
        public static Gradient parse(String text) {
            for (Gradient g : values()) {
                if (g.id.equalsIgnoreCase(text)) {
                    return g;
                }
            }
            throw new InvalidInputException(
                    "ste-gradient: unknown gradient '" + text + "' (valid: identity, clipped)");
        }
    }

    private final float threshold;
    private final Gradient gradient;

    private BinaryStraightThrough(Builder b) {
        super(VERSION);
        this.threshold = b.threshold;
        this.gradient = b.gradient;
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
     * Returns the threshold.
     *
     * @return {@code t}: inputs at or above it map to 1
     */
    public float threshold() {
        return threshold;
    }

    /**
     * Returns the backward rule.
     *
     * @return the gradient kind
     */
    public Gradient gradient() {
        return gradient;
    }

    /**
     * Applies the unit to an array (what {@code forward} does).
     *
     * @param x any shape
     * @return 0/1 values of the same shape and type, with the straight-through gradient
     */
    public NDArray apply(NDArray x) {
        NDArray hard = x.gte(threshold).toType(x.getDataType(), false);
        NDArray pass = x;
        if (gradient == Gradient.CLIPPED) {
            NDArray inside = x.abs().lte(1f).toType(x.getDataType(), false);
            pass = x.mul(inside.stopGradient());
        }
        return hard.add(pass.sub(pass.stopGradient()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "BinaryStraightThrough(threshold=" + threshold + ", gradient=" + gradient.id() + ")";
    }

    /** Builds a {@link BinaryStraightThrough}. */
    public static final class Builder {
        private float threshold;
        private Gradient gradient = Gradient.IDENTITY;

        private Builder() {}

        /**
         * Sets the threshold (default 0): inputs at or above it map to 1.
         *
         * @param threshold a finite value
         * @return this builder
         */
        public Builder optThreshold(float threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets the backward rule (default {@link Gradient#IDENTITY}).
         *
         * @param gradient the gradient kind
         * @return this builder
         */
        public Builder optGradient(Gradient gradient) {
            this.gradient = gradient;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the block
         */
        public BinaryStraightThrough build() {
            if (!Float.isFinite(threshold)) {
                throw new InvalidInputException(
                        "threshold: must be a finite number, got " + threshold);
            }
            if (gradient == null) {
                throw new InvalidInputException("ste-gradient: is required");
            }
            return new BinaryStraightThrough(this);
        }
    }
}
