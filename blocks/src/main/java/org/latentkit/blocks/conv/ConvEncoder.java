package org.latentkit.blocks.conv;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/**
 * Seed 003's convolutional encoder: two strided convolutions, a wide dense layer and a linear code.
 *
 * <pre>
 * x (B, 1, 28, 28)
 *   → conv 5×5, c1 filters, stride 2, pad 2 → lrelu   (B, c1, 14, 14)
 *   → conv 5×5, c2 filters, stride 2, pad 2 → lrelu   (B, c2, 7, 7)
 *   → flatten                                          (B, 49·c2)
 *   → dense h → lrelu                                  (B, h)
 *   → dense d (no activation)                          (B, d)
 * </pre>
 *
 * <p>lrelu is the leaky relu {@code max(x, αx)} with α = 0.2 by default. The defaults are the
 * seed's {@code c1 = 32, c2 = 64, h = 1024, d = 20}. The seed's TensorFlow code does not say
 * whether it downsampled with strides or pooling; strides halve the cost and give the 7×7 map its
 * decoder mirrors.
 */
public final class ConvEncoder extends SequentialBody {

    private final int latent;

    private ConvEncoder(Builder b) {
        super(body(b));
        this.latent = b.codeLayer ? b.latent : b.hidden;
    }

    private static SequentialBlock body(Builder b) {
        SequentialBlock s =
                new SequentialBlock()
                        .add(conv(b.channels1))
                        .add(Activation.leakyReluBlock(b.slope))
                        .add(conv(b.channels2))
                        .add(Activation.leakyReluBlock(b.slope))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(b.hidden).build())
                        .add(Activation.leakyReluBlock(b.slope));
        if (b.codeLayer) {
            s.add(Linear.builder().setUnits(b.latent).build());
        }
        return s;
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(5, 5))
                .optStride(new Shape(2, 2))
                .optPadding(new Shape(2, 2))
                .build();
    }

    /**
     * Starts a builder with the seed's defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the output size: d, or h without the code layer.
     *
     * @return d or h
     */
    public int latent() {
        return latent;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), latent)};
    }

    /**
     * Builds a {@link ConvEncoder}: {@code setX} for required values, {@code optX} for the rest.
     */
    public static final class Builder extends ConvBodyBuilder<Builder> {
        private int latent = 20;
        private boolean codeLayer = true;

        private Builder() {}

        /**
         * Keeps or drops the final linear code layer (default kept). Without it the encoder ends at
         * the h-unit leaky relu features: the body a VAE puts its μ and log σ² heads on.
         *
         * @param keep whether to end with the d-unit code layer
         * @return this builder
         */
        public Builder optCodeLayer(boolean keep) {
            this.codeLayer = keep;
            return this;
        }

        /**
         * Sets the code size d (default 20).
         *
         * @param d code units
         * @return this builder
         */
        public Builder optLatent(int d) {
            this.latent = d;
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
         * @return the encoder
         */
        public ConvEncoder build() {
            ConvShapes.positive("latent", latent);
            validateBody();
            return new ConvEncoder(this);
        }
    }
}
