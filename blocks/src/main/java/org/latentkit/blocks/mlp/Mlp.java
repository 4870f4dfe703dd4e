package org.latentkit.blocks.mlp;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import org.latentkit.core.InvalidInputException;

/**
 * A multi-layer perceptron: optional flatten, then {@code Linear → activation} per hidden layer,
 * then a {@code Linear} output layer with its own activation.
 *
 * <p>Shapes: input {@code (N, *)} (flattened to {@code (N, D)} when {@link Builder#optFlatten} is
 * set, the default), output {@code (N, outputs)}. For hidden sizes {@code h1..hk} and input size D
 * the parameter count is {@code Σ (fan_in + 1) * fan_out} over the layers {@code
 * D→h1→…→hk→outputs}.
 *
 * <p>Seed 003's FC classifier is {@code Mlp.builder().setHidden(100).setOutputs(10).build()}: 784 →
 * 100 relu → 10, 79,510 parameters.
 */
public final class Mlp {

    private Mlp() {}

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Mlp} as a {@link SequentialBlock}. */
    public static final class Builder {
        private int[] hidden;
        private int outputs = -1;
        private ActivationKind activation = ActivationKind.RELU;
        private ActivationKind outputActivation = ActivationKind.IDENTITY;
        private boolean flatten = true;

        private Builder() {}

        /**
         * Sets the hidden layer sizes (required; may be empty for a linear model).
         *
         * @param sizes units per hidden layer, each at least 1
         * @return this builder
         */
        public Builder setHidden(int... sizes) {
            this.hidden = sizes.clone();
            return this;
        }

        /**
         * Sets the number of output units (required).
         *
         * @param units at least 1
         * @return this builder
         */
        public Builder setOutputs(int units) {
            this.outputs = units;
            return this;
        }

        /**
         * Sets the hidden activation (default relu).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optActivation(ActivationKind kind) {
            this.activation = kind;
            return this;
        }

        /**
         * Sets the output activation (default identity, i.e. logits).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optOutputActivation(ActivationKind kind) {
            this.outputActivation = kind;
            return this;
        }

        /**
         * Sets whether the input is flattened to {@code (N, D)} first (default true).
         *
         * @param flatten whether to flatten
         * @return this builder
         */
        public Builder optFlatten(boolean flatten) {
            this.flatten = flatten;
            return this;
        }

        /**
         * Validates the settings and builds the block.
         *
         * @return the MLP
         */
        public SequentialBlock build() {
            if (hidden == null) {
                throw new InvalidInputException("hidden: layer sizes are required");
            }
            if (outputs <= 0) {
                throw new InvalidInputException(
                        "outputs: must be a positive number, got " + outputs);
            }
            if (Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
                throw new InvalidInputException(
                        "hidden: every layer size must be positive, got "
                                + Arrays.toString(hidden));
            }
            SequentialBlock block = new SequentialBlock();
            if (flatten) {
                block.add(Blocks.batchFlattenBlock());
            }
            for (int h : hidden) {
                block.add(Linear.builder().setUnits(h).build()).add(activation.block());
            }
            block.add(Linear.builder().setUnits(outputs).build());
            if (outputActivation != ActivationKind.IDENTITY) {
                block.add(outputActivation.block());
            }
            return block;
        }
    }
}
