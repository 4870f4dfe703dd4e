package org.latentkit.blocks.conv;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

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
public final class ConvDecoder extends SequentialBody {

    private ConvDecoder(Builder b) {
        super(body(b));
    }

    private static SequentialBlock body(Builder b) {
        int c2 = b.channels2;
        SequentialBlock s =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(b.hidden).build())
                        .add(Activation.leakyReluBlock(b.slope))
                        .add(Linear.builder().setUnits(49L * c2).build())
                        .add(Activation.leakyReluBlock(b.slope))
                        .add(
                                new LambdaBlock(
                                        x -> new NDList(x.head().reshape(-1, c2, 7, 7)), "to_map"))
                        .add(deconv(b.channels1))
                        .add(Activation.leakyReluBlock(b.slope))
                        .add(deconv(1));
        if (b.sigmoid) {
            s.add(Activation.sigmoidBlock());
        }
        return s;
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
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, 28, 28)};
    }

    /** Builds a {@link ConvDecoder}: every value is optional and defaults to the seed's. */
    public static final class Builder extends ConvBodyBuilder<Builder> {
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

        /** {@inheritDoc} */
        @Override
        Builder self() {
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the decoder
         */
        public ConvDecoder build() {
            validateBody();
            return new ConvDecoder(this);
        }
    }
}
