package org.latentkit.blocks.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import org.latentkit.blocks.SingleInputBlock;

/**
 * A transposed convolution with a 4×4 kernel, stride 2 and padding 1 that doubles the spatial size:
 * {@code (B, C, H, W) → (B, F, 2H, 2W)}.
 *
 * <p>DJL's {@code Conv2dTranspose} is not implemented by its PyTorch engine ({@code
 * PtNDArrayEx.deconvolution} throws), so this block writes the transposed convolution the way it is
 * defined: insert a zero before every input row and column, then run an ordinary 4×4 convolution
 * with padding 2 and drop the first output row and column. A transposed convolution with kernel k,
 * stride s, padding p equals a stride-1 convolution of the s-dilated input padded by {@code k − 1 −
 * p} with the flipped kernel; here the dilated input {@code x₀ 0 x₁ 0 … x_{H−1}} (length 2H − 1)
 * padded by 2 on each side is one leading zero more than the zero-interleaved {@code 0 x₀ 0 x₁ … 0
 * x_{H−1}} (length 2H) padded by 2, hence the cropped first row. The kernel is learned, so its flip
 * is only a reparametrisation: the functions are exactly those of {@code Conv2dTranspose(k=4, s=2,
 * p=1)} and it runs on every engine.
 */
public final class UpConv2d extends SingleInputBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final Conv2d conv;

    /**
     * Creates the block.
     *
     * @param filters output channels F
     */
    public UpConv2d(int filters) {
        super(VERSION);
        ConvShapes.positive("filters", filters);
        this.filters = filters;
        this.conv =
                addChildBlock(
                        "conv",
                        Conv2d.builder()
                                .setFilters(filters)
                                .setKernelShape(new Shape(4, 4))
                                .optPadding(new Shape(2, 2))
                                .build());
    }

    /**
     * Interleaves zeros: {@code (B, C, H, W) → (B, C, 2H, 2W)} with the input at odd rows and
     * columns.
     *
     * @param x the input
     * @return the zero-interleaved input
     */
    static NDArray interleaveZeros(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray rows = NDArrays.stack(new NDList(x.zerosLike(), x), 3).reshape(b, c, 2 * h, w);
        return NDArrays.stack(new NDList(rows.zerosLike(), rows), 4).reshape(b, c, 2 * h, 2 * w);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
        NDArray up = interleaveZeros(x);
        NDArray y = conv.forward(store, new NDList(up), training).head();
        return new NDList(y.get(new NDIndex(":, :, 1:, 1:")));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        conv.initialize(
                manager, dataType, new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3)));
    }
}
