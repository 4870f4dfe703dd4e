package org.latentkit.blocks.mlp;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import org.latentkit.core.Choice;

/** The element-wise activations latentkit blocks can be built with, by name. */
public enum ActivationKind implements Choice {
    /** {@code max(0, x)}. */
    RELU("relu"),
    /**
     * {@code x} for {@code x > 0}, else {@code 0.2x} (the slope seed 003 used; Keras' default is
     * 0.3).
     */
    LEAKY_RELU("leaky-relu"),
    /** {@code tanh(x)}. */
    TANH("tanh"),
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID("sigmoid"),
    /** {@code x}: no activation. */
    IDENTITY("identity");

    /** The negative slope of {@link #LEAKY_RELU}. */
    public static final float LEAKY_SLOPE = 0.2f;

    private final String id;

    ActivationKind(String id) {
        this.id = id;
    }

    /**
     * Returns the command-line name.
     *
     * @return for example {@code leaky-relu}
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Returns a parameter-free block applying this activation.
     *
     * @return the block
     */
    public Block block() {
        return switch (this) {
            case RELU -> Activation.reluBlock();
            case LEAKY_RELU -> Activation.leakyReluBlock(LEAKY_SLOPE);
            case TANH -> Activation.tanhBlock();
            case SIGMOID -> Activation.sigmoidBlock();
            case IDENTITY -> Blocks.identityBlock();
        };
    }

    /**
     * Parses an activation name.
     *
     * @param text for example {@code relu}
     * @return the activation
     */
    public static ActivationKind parse(String text) {
        return Choice.parse(values(), "activation", "activation", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
