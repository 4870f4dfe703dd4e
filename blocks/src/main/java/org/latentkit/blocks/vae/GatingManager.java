package org.latentkit.blocks.vae;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.Mlp;
import org.latentkit.core.InvalidInputException;

/**
 * The manager of a mixture of experts: an MLP whose {@code K} outputs pass through a softmax,
 * {@code p(k | x) = exp(a_k) / Σ_j exp(a_j)}, the soft assignment of an input to the experts.
 *
 * <p>Seed 002's manager is {@code GatingManager.builder().setExperts(10).optLayers(128)
 * .optActivation(ActivationKind.SIGMOID).build()}: 784 → 128 sigmoid → 10 softmax.
 *
 * <p>Shapes: input {@code (N, *)}, output {@code (N, K)} with rows summing to 1.
 */
public final class GatingManager extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int experts;
    private final int[] layers;
    private final ActivationKind activation;
    private final SequentialBlock mlp;

    private GatingManager(Builder b) {
        super(VERSION);
        this.experts = b.experts;
        this.layers = b.layers;
        this.activation = b.activation;
        this.mlp =
                addChildBlock(
                        "mlp",
                        Mlp.builder()
                                .setHidden(layers)
                                .setOutputs(experts)
                                .optActivation(activation)
                                .build());
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
     * Returns the number of experts.
     *
     * @return {@code K}
     */
    public int experts() {
        return experts;
    }

    int[] layers() {
        return layers.clone();
    }

    ActivationKind activation() {
        return activation;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(mlp.forward(store, inputs, training).singletonOrThrow().softmax(-1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), experts)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        mlp.initialize(manager, dataType, inputShapes);
    }

    /** Builds a {@link GatingManager}. */
    public static final class Builder {
        private int experts = -1;
        private int[] layers = {128};
        private ActivationKind activation = ActivationKind.SIGMOID;

        private Builder() {}

        /**
         * Sets the number of experts (required).
         *
         * @param k at least 2
         * @return this builder
         */
        public Builder setExperts(int k) {
            this.experts = k;
            return this;
        }

        /**
         * Sets the hidden layer sizes (default 128, as seed 002).
         *
         * @param sizes units per hidden layer
         * @return this builder
         */
        public Builder optLayers(int... sizes) {
            this.layers = sizes.clone();
            return this;
        }

        /**
         * Sets the hidden activation (default sigmoid, as seed 002).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optActivation(ActivationKind kind) {
            this.activation = kind;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the block
         */
        public GatingManager build() {
            if (experts < 2) {
                throw new InvalidInputException(
                        "experts: a mixture needs at least 2, got " + experts);
            }
            layers = Stacked.validate(layers, "manager layers");
            if (activation == null) {
                throw new InvalidInputException("manager activation: is required");
            }
            return new GatingManager(this);
        }
    }
}
