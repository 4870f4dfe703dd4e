package org.latentkit.blocks.conv;

/**
 * The settings {@link ConvEncoder} and {@link ConvDecoder} share, with the seed's defaults: the
 * filters of the two convolutions, the width of the dense layer next to the code and the leaky
 * relu's negative slope. A self-typed builder, as DJL's own convolution builders.
 *
 * @param <T> the concrete builder
 */
abstract class ConvBodyBuilder<T extends ConvBodyBuilder<T>> {
    int channels1 = 32;
    int channels2 = 64;
    int hidden = 1024;
    float slope = 0.2f;

    ConvBodyBuilder() {}

    /**
     * Sets the filters of the two convolutions in encoder order (default 32, 64). The decoder uses
     * them in reverse: {@code second} filters on its 7×7 map, {@code first} on its 14×14 map.
     *
     * @param first filters of the encoder's first convolution (the decoder's 14×14 map)
     * @param second filters of the encoder's second convolution (the decoder's 7×7 map)
     * @return this builder
     */
    public T optChannels(int first, int second) {
        this.channels1 = first;
        this.channels2 = second;
        return self();
    }

    /**
     * Sets the width of the dense hidden layer next to the code (default 1024).
     *
     * @param units hidden units
     * @return this builder
     */
    public T optHidden(int units) {
        this.hidden = units;
        return self();
    }

    /**
     * Sets the leaky relu's negative slope α (default 0.2).
     *
     * @param alpha slope for negative inputs, in [0, 1)
     * @return this builder
     */
    public T optNegativeSlope(float alpha) {
        this.slope = alpha;
        return self();
    }

    /** Checks the shared settings: positive filters and width, a slope in [0, 1). */
    void validateBody() {
        ConvShapes.positive("channels", channels1);
        ConvShapes.positive("channels", channels2);
        ConvShapes.positive("hidden", hidden);
        ConvShapes.slope(slope);
    }

    /**
     * Returns this builder as its concrete type.
     *
     * @return this
     */
    abstract T self();
}
