package org.latentkit.blocks.conv;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Seed 003's convolutional decoder, the mirror of {@link ConvEncoder}.
 *
 * <pre>
 * z (B, d)
 *   → dense h → lrelu                                       (B, h)
 *   → dense 49·c2 → lrelu, reshape                          (B, c2, 7, 7)
 *   → transposed conv 4×4, c1 filters, stride 2, pad 1 → lrelu  (B, c1, 14, 14)
 *   → transposed conv 4×4, 1 filter, stride 2, pad 1 → sigmoid  (B, 1, 28, 28)
 * </pre>
 *
 * <p>A transposed convolution with kernel k, stride s and padding p maps size n to {@code (n − 1)s
 * − 2p + k}: 7 → 6·2 − 2 + 4 = 14 → 13·2 − 2 + 4 = 28. The defaults are the seed's {@code h = 1024,
 * c2 = 64 (3136 = 7·7·64), c1 = 32}, leaky relu slope 0.2. The transposed convolutions are {@link
 * UpConv2d}: DJL's {@code Conv2dTranspose} has no PyTorch implementation. Outputs are pixel
 * probabilities in (0, 1), for a BCE loss on pixels in [0, 1].
 */
public final class ConvDecoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock body;

    private ConvDecoder(Builder b) {
        super(VERSION);
        int c2 = b.channels2;
        this.body =
                addChildBlock(
                        "body",
                        new SequentialBlock()
                                .add(Linear.builder().setUnits(b.hidden).build())
                                .add(Activation.leakyReluBlock(b.slope))
                                .add(Linear.builder().setUnits(49L * c2).build())
                                .add(Activation.leakyReluBlock(b.slope))
                                .add(
                                        new LambdaBlock(
                                                x -> new NDList(x.head().reshape(-1, c2, 7, 7)),
                                                "to_map"))
                                .add(deconv(b.channels1))
                                .add(Activation.leakyReluBlock(b.slope))
                                .add(deconv(1)));
        if (b.sigmoid) {
            body.add(Activation.sigmoidBlock());
        }
    }

    private static UpConv2d deconv(int filters) {
        return new UpConv2d(filters);
    }

    /**
     * Starts a builder with the seed's defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return body.forward(store, new NDList(inputs.head()), training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, 28, 28)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes[0]);
    }

    /** Builds a {@link ConvDecoder}: every value is optional and defaults to the seed's. */
    public static final class Builder {
        private int channels1 = 32;
        private int channels2 = 64;
        private int hidden = 1024;
        private float slope = 0.2f;
        private boolean sigmoid = true;

        private Builder() {}

        /**
         * Ends with a sigmoid (default) or returns logits, for a VAE that applies its own sigmoid.
         *
         * @param on whether to apply the sigmoid
         * @return this builder
         */
        public Builder optSigmoid(boolean on) {
            this.sigmoid = on;
            return this;
        }

        /**
         * Sets the filters of the 7×7 map and of the 14×14 map (default 64, 32: the encoder's
         * channels in reverse).
         *
         * @param first the encoder's first convolution's filters (the 14×14 map here)
         * @param second the encoder's second convolution's filters (the 7×7 map here)
         * @return this builder
         */
        public Builder optChannels(int first, int second) {
            this.channels1 = first;
            this.channels2 = second;
            return this;
        }

        /**
         * Sets the width of the first dense layer (default 1024).
         *
         * @param units hidden units
         * @return this builder
         */
        public Builder optHidden(int units) {
            this.hidden = units;
            return this;
        }

        /**
         * Sets the leaky relu's negative slope α (default 0.2).
         *
         * @param alpha slope for negative inputs, in [0, 1)
         * @return this builder
         */
        public Builder optNegativeSlope(float alpha) {
            this.slope = alpha;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the decoder
         */
        public ConvDecoder build() {
            ConvShapes.positive("channels", channels1);
            ConvShapes.positive("channels", channels2);
            ConvShapes.positive("hidden", hidden);
            ConvShapes.slope(slope);
            return new ConvDecoder(this);
        }
    }
}
