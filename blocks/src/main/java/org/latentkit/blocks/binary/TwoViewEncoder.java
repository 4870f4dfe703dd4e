package org.latentkit.blocks.binary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;
import org.latentkit.core.InvalidInputException;

/**
 * Wraps an encoder so that, in training, it also encodes a second view of each image: a randomly
 * shifted copy ({@link SecondView#SHIFTED}) or a partner image stacked below it in the input
 * ({@link SecondView#STACKED}, for example a nearest neighbour). The two views let a loss ask for
 * codes that agree across them (a label-free signal that two images belong together).
 *
 * <p>In stacked mode the training input is {@code (N, 1, 2H, W)}: rows {@code 0..H-1} are the
 * image, rows {@code H..2H-1} its partner; the inference input is {@code (N, 1, H, W)} as usual.
 *
 * <p>Shapes: input {@code (N, 1, H, W)}. In training the output is two arrays, {@link #VIEW} and
 * {@link #SECOND_VIEW}, each the encoder's output for {@code N} images; the shifted images are the
 * originals translated by an offset {@code (dy, dx)} drawn uniformly from {@code [−s, s]²} per
 * group of samples ({@link Builder#optGroups}; the batch is cut into that many consecutive groups),
 * with zeros shifted in. In inference the output is the encoder's output alone, one array.
 * Parameters are the encoder's.
 */
public final class TwoViewEncoder extends AbstractBlock {

    /** Index of the original images' encoding in the training output. */
    public static final int VIEW = 0;

    /** Index of the second view's encoding in the training output. */
    public static final int SECOND_VIEW = 1;

    private static final byte VERSION = 1;

    /** Where the second view comes from. */
    public enum SecondView {
        /** The image translated by a random offset. */
        SHIFTED,
        /** A partner image stacked below the image in the training input. */
        STACKED
    }

    private final Block encoder;
    private final int maxShift;
    private final int groups;
    private final Random random;
    private final SecondView secondView;

    private TwoViewEncoder(Builder b) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", b.encoder);
        this.maxShift = b.maxShift;
        this.groups = b.groups;
        this.random = new Random(b.seed);
        this.secondView = b.secondView;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training) {
            return encoder.forward(ps, inputs, false, params);
        }
        long n = x.getShape().get(0);
        if (secondView == SecondView.STACKED) {
            long h = x.getShape().get(2) / 2;
            NDArray pairs = x.get(":, :, 0:" + h).concat(x.get(":, :, " + h + ":"), 0);
            NDArray both = encoder.forward(ps, new NDList(pairs), true, params).singletonOrThrow();
            return new NDList(both.get("0:" + n), both.get(n + ":"));
        }
        NDList parts = new NDList();
        long per = (n + groups - 1) / groups;
        for (long from = 0; from < n; from += per) {
            long to = Math.min(n, from + per);
            NDArray part = x.get(from + ":" + to);
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            parts.add(shift(shift(part, 2, dy), 3, dx));
        }
        NDArray shifted = NDArrays.concat(parts, 0);
        NDArray both =
                encoder.forward(ps, new NDList(x.concat(shifted, 0)), true, params)
                        .singletonOrThrow();
        return new NDList(both.get("0:" + n), both.get(n + ":"));
    }

    /** Translates along {@code axis} by {@code by} pixels, filling with zeros. */
    static NDArray shift(NDArray x, int axis, int by) {
        if (by == 0) {
            return x;
        }
        long size = x.getShape().get(axis);
        long[] zshape = x.getShape().getShape().clone();
        zshape[axis] = Math.abs(by);
        NDManager m = x.getManager();
        NDArray zeros = m.zeros(new Shape(zshape), x.getDataType());
        String keep = by > 0 ? "0:" + (size - by) : (-by) + ":";
        String index = axis == 2 ? ":, :, " + keep : ":, :, :, " + keep;
        NDArray kept = x.get(index);
        return by > 0 ? zeros.concat(kept, axis) : kept.concat(zeros, axis);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return encoder.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
    }

    /** Builds a {@link TwoViewEncoder}. */
    public static final class Builder {
        private Block encoder;
        private int maxShift = 2;
        private int groups = 8;
        private long seed = 42;
        private SecondView secondView = SecondView.SHIFTED;

        private Builder() {}

        /**
         * Sets where the second view comes from (default {@link SecondView#SHIFTED}).
         *
         * @param kind the source
         * @return this builder
         */
        public Builder optSecondView(SecondView kind) {
            this.secondView = kind;
            return this;
        }

        /**
         * Sets the encoder (required), input {@code (N, 1, H, W)}.
         *
         * @param block the encoder
         * @return this builder
         */
        public Builder setEncoder(Block block) {
            this.encoder = block;
            return this;
        }

        /**
         * Sets the largest shift in pixels along each axis (default 2).
         *
         * @param pixels 1 or more
         * @return this builder
         */
        public Builder optMaxShift(int pixels) {
            this.maxShift = pixels;
            return this;
        }

        /**
         * Sets how many groups of a batch share one offset (default 8).
         *
         * @param count 1 or more
         * @return this builder
         */
        public Builder optGroups(int count) {
            this.groups = count;
            return this;
        }

        /**
         * Seeds the offsets (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and builds the block.
         *
         * @return the block
         */
        public TwoViewEncoder build() {
            if (encoder == null) {
                throw new InvalidInputException("two-view encoder: an encoder is required");
            }
            if (maxShift < 1 || groups < 1) {
                throw new InvalidInputException(
                        "two-view encoder: shift and groups must be at least 1, got "
                                + maxShift
                                + " and "
                                + groups);
            }
            return new TwoViewEncoder(this);
        }
    }
}
