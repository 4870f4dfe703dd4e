package org.latentkit.blocks.vae;

import org.latentkit.blocks.mlp.ActivationKind;

/**
 * The settings every dense block of this package takes: the hidden layer sizes, in encoder order,
 * and their activation. The defaults are each block's own (its builder says which). A self-typed
 * builder, as DJL's own layer builders.
 *
 * @param <T> the concrete builder
 */
abstract class DenseBodyBuilder<T extends DenseBodyBuilder<T>> {
    int[] layers;
    ActivationKind activation;

    DenseBodyBuilder(int[] layers, ActivationKind activation) {
        this.layers = layers;
        this.activation = activation;
    }

    /**
     * Sets the hidden layer sizes, encoder order.
     *
     * @param sizes units per layer, for example {@code 512, 256}
     * @return this builder
     */
    public T optLayers(int... sizes) {
        this.layers = sizes.clone();
        return self();
    }

    /**
     * Sets the hidden activation.
     *
     * @param kind the activation
     * @return this builder
     */
    public T optActivation(ActivationKind kind) {
        this.activation = kind;
        return self();
    }

    /**
     * Returns this builder as its concrete type.
     *
     * @return this
     */
    abstract T self();
}
