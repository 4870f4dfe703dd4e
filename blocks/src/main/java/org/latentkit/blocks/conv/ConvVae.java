package org.latentkit.blocks.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Map;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.SingleInputBlock;
import org.latentkit.blocks.vae.VaeExpert;

/**
 * Seed 003's conv VAE: a {@link VaeExpert} whose encoder body is the {@link ConvEncoder} without
 * its code layer (conv32 → conv64 → FC1024, leaky relu) and whose decoder body is the {@link
 * ConvDecoder} without its sigmoid (the VAE applies it). Outputs {@code [x̂, μ, log σ²]}; the seed
 * embedded with μ ({@link #meanEncoder}).
 */
public final class ConvVae {

    /** The descriptor's architecture name. */
    public static final String ARCHITECTURE = "conv-vae";

    private ConvVae() {}

    /**
     * Creates the VAE.
     *
     * @param latent the code size (the seed: 20)
     * @return the uninitialised block
     */
    public static VaeExpert create(int latent) {
        ConvShapes.positive("latent", latent);
        return VaeExpert.builder()
                .setLatent(latent)
                .optEncoder(ConvEncoder.builder().optCodeLayer(false).build())
                .optDecoder(ConvDecoder.builder().optSigmoid(false).build())
                .build();
    }

    /**
     * Describes a conv VAE for saving ({@link ConvBlockFactory} rebuilds it).
     *
     * @param latent the code size
     * @return the descriptor
     */
    public static BlockDescriptor descriptor(int latent) {
        return BlockDescriptor.of(
                ARCHITECTURE,
                Map.of("latent", Integer.toString(latent)),
                new long[] {1, 1, 28, 28},
                ConvBlockFactory.class);
    }

    /**
     * Rebuilds the uninitialised block from its descriptor.
     *
     * @param d the descriptor
     * @return the block
     */
    public static VaeExpert fromDescriptor(BlockDescriptor d) {
        return create(d.intOption("latent"));
    }

    /**
     * Returns a block computing the posterior mean μ with the VAE's own encoder body and μ head
     * (shared parameters, decoder and log-variance head left out).
     *
     * @param vae the VAE
     * @return a block from {@code (B, 1, 28, 28)} to {@code (B, latent)}
     */
    public static Block meanEncoder(VaeExpert vae) {
        Block body = null;
        Block mu = null;
        for (Pair<String, Block> c : vae.getChildren()) {
            if (c.getKey().endsWith("encoder")) {
                body = c.getValue();
            } else if (c.getKey().endsWith("mu")) {
                mu = c.getValue();
            }
        }
        if (body == null || mu == null) {
            throw new IllegalStateException("VaeExpert has no encoder or mu child");
        }
        return new MeanEncoder(body, mu, vae.latent());
    }

    /** μ(x) = head(flatten(body(x))). */
    private static final class MeanEncoder extends SingleInputBlock {
        private final Block body;
        private final Block mu;
        private final int latent;

        MeanEncoder(Block body, Block mu, int latent) {
            super((byte) 1);
            this.body = addChildBlock("encoder", body);
            this.mu = addChildBlock("mu", mu);
            this.latent = latent;
        }

        /** {@inheritDoc} */
        @Override
        protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
            NDArray h = body.forward(store, new NDList(x), training).singletonOrThrow();
            h = h.reshape(h.getShape().get(0), -1);
            return mu.forward(store, new NDList(h), training);
        }

        /** {@inheritDoc} */
        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), latent)};
        }

        /** {@inheritDoc} */
        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            body.initialize(manager, dataType, inputShapes);
            Shape f = body.getOutputShapes(inputShapes)[0];
            mu.initialize(manager, dataType, new Shape(f.get(0), f.size() / f.get(0)));
        }
    }
}
