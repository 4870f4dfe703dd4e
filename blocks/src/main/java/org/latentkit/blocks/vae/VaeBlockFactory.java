package org.latentkit.blocks.vae;

import ai.djl.nn.Block;
import java.util.Set;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.DescribedBlockFactory;

/**
 * Rebuilds the dense VAEs: {@link VaeExpert} ({@code vae}, outputs {@code [reconstruction, μ, log
 * σ²]}) and {@link MixtureOfVaeExperts} ({@code vae-mixture}, outputs {@code [(K, N, D)
 * reconstructions, (K, N, z) μ, (K, N, z) log σ², (N, K) manager probabilities]}).
 */
public final class VaeBlockFactory extends DescribedBlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by name). */
    public VaeBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Set<String> architectures() {
        return Set.of(VaeExpert.ARCHITECTURE, MixtureOfVaeExperts.ARCHITECTURE);
    }

    /** {@inheritDoc} */
    @Override
    protected Block build(BlockDescriptor d) {
        return VaeExpert.ARCHITECTURE.equals(d.architecture())
                ? VaeExpert.fromDescriptor(d)
                : MixtureOfVaeExperts.fromDescriptor(d);
    }
}
