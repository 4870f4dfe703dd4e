package org.latentkit.blocks.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.SingleInputBlock;

/**
 * Seed 003's convolutional autoencoder: a {@link ConvEncoder} to a d-dimensional code and a {@link
 * ConvDecoder} back to pixels.
 *
 * <p>Input {@code (B, 1, 28, 28)} pixels in [0, 1]; outputs {@code [reconstruction (B, 1, 28, 28)
 * in (0, 1), code (B, d)]}, the same order as {@link
 * org.latentkit.blocks.autoencoder.DenseAutoencoder}, so a reconstruction loss reads output 0. The
 * seed trains it with BCE summed over pixels.
 */
public final class ConvAutoencoder extends SingleInputBlock {

    /** The descriptor's architecture name. */
    public static final String ARCHITECTURE = "conv-autoencoder";

    /** Index of the reconstruction among the outputs. */
    public static final int RECONSTRUCTION = 0;

    /** Index of the code among the outputs. */
    public static final int CODE = 1;

    private static final byte VERSION = 1;

    private final int latent;
    private final ConvEncoder encoder;
    private final ConvDecoder decoder;

    private ConvAutoencoder(int latent) {
        super(VERSION);
        this.latent = latent;
        this.encoder = addChildBlock("encoder", ConvEncoder.builder().optLatent(latent).build());
        this.decoder = addChildBlock("decoder", ConvDecoder.builder().build());
    }

    /**
     * Creates the seed's autoencoder with a code of {@code latent} units (the seed used 20).
     *
     * @param latent the code size d
     * @return the uninitialised block
     */
    public static ConvAutoencoder create(int latent) {
        ConvShapes.positive("latent", latent);
        return new ConvAutoencoder(latent);
    }

    /**
     * Returns the encoder, whose parameters are this block's.
     *
     * @return the encoder
     */
    public ConvEncoder encoder() {
        return encoder;
    }

    /**
     * Returns the decoder, whose parameters are this block's.
     *
     * @return the decoder
     */
    public ConvDecoder decoder() {
        return decoder;
    }

    /**
     * Returns the code size d.
     *
     * @return d
     */
    public int latent() {
        return latent;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
        NDArray code = encoder.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray recon = decoder.forward(store, new NDList(code), training).singletonOrThrow();
        return new NDList(recon, code);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, 1, 28, 28), new Shape(b, latent)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), latent));
    }

    /**
     * Describes this block for saving ({@link ConvBlockFactory} rebuilds it).
     *
     * @return the descriptor
     */
    public BlockDescriptor descriptor() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("latent", Integer.toString(latent));
        return BlockDescriptor.of(
                ARCHITECTURE, o, new long[] {1, 1, 28, 28}, ConvBlockFactory.class);
    }

    /**
     * Rebuilds the uninitialised block from its descriptor.
     *
     * @param d the descriptor
     * @return the block
     */
    public static ConvAutoencoder fromDescriptor(BlockDescriptor d) {
        return create(d.intOption("latent"));
    }
}
