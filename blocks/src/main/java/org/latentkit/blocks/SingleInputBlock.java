package org.latentkit.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A DJL block that reads one input array, {@code x = inputs.head()}: the autoencoders and VAEs,
 * whose forward pass maps {@code x (N, *)} to their outputs. Subclasses implement {@link
 * #forwardInput}; the saved layout is {@link AbstractBlock}'s, unchanged.
 */
public abstract class SingleInputBlock extends AbstractBlock {

    /**
     * Creates the block.
     *
     * @param version the version written with its parameters
     */
    protected SingleInputBlock(byte version) {
        super(version);
    }

    /** {@inheritDoc} Passes the first input to {@link #forwardInput}. */
    @Override
    protected final NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return forwardInput(store, inputs.head(), training);
    }

    /**
     * Runs the block on its input.
     *
     * @param store the parameter store
     * @param x the first input, {@code (N, *)}
     * @param training whether in training mode
     * @return the outputs
     */
    protected abstract NDList forwardInput(ParameterStore store, NDArray x, boolean training);
}
