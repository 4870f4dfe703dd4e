package org.latentkit.blocks.conv;

import ai.djl.nn.Block;
import java.util.Set;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.DescribedBlockFactory;

/**
 * Rebuilds the convolutional models: {@link ConvAutoencoder} ({@code conv-autoencoder}, outputs
 * {@code [reconstruction, code]}) and {@link ConvVae} ({@code conv-vae}, outputs {@code
 * [reconstruction, μ, log σ²]}), both from {@code (N, 1, 28, 28)} images.
 */
public final class ConvBlockFactory extends DescribedBlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by name). */
    public ConvBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Set<String> architectures() {
        return Set.of(ConvAutoencoder.ARCHITECTURE, ConvVae.ARCHITECTURE);
    }

    /** {@inheritDoc} */
    @Override
    protected Block build(BlockDescriptor d) {
        return ConvAutoencoder.ARCHITECTURE.equals(d.architecture())
                ? ConvAutoencoder.fromDescriptor(d)
                : ConvVae.fromDescriptor(d);
    }
}
