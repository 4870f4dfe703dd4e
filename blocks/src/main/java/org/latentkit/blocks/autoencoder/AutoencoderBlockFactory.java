package org.latentkit.blocks.autoencoder;

import ai.djl.nn.Block;
import java.util.Set;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.DescribedBlockFactory;

/**
 * Rebuilds the dense autoencoders: {@link DenseAutoencoder} ({@code dense-autoencoder}) and {@link
 * SparseBinaryAutoencoder} ({@code sparse-binary-autoencoder}), both from {@code (N, D)} or {@code
 * (N, 1, 28, 28)} images to {@code [reconstruction, code, ...]}.
 */
public final class AutoencoderBlockFactory extends DescribedBlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by name). */
    public AutoencoderBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Set<String> architectures() {
        return Set.of(DenseAutoencoder.ARCHITECTURE, SparseBinaryAutoencoder.ARCHITECTURE);
    }

    /** {@inheritDoc} */
    @Override
    protected Block build(BlockDescriptor d) {
        return DenseAutoencoder.ARCHITECTURE.equals(d.architecture())
                ? DenseAutoencoder.fromDescriptor(d)
                : SparseBinaryAutoencoder.fromDescriptor(d);
    }
}
