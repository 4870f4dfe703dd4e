package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** One-hot rows of class indices, shared by the losses that pick one class per row. */
final class OneHot {

    private OneHot() {}

    /**
     * Returns {@code h_bc = [k_b = c]}.
     *
     * @param classes {@code (B)} class indices as numbers, in the manager of the result
     * @param count {@code C}, the number of classes
     * @return {@code (B, C)} float32 zeros and ones
     */
    static NDArray of(NDArray classes, long count) {
        NDArray range = classes.getManager().arange(0f, (float) count, 1f, DataType.FLOAT32);
        return classes.toType(DataType.FLOAT32, false)
                .reshape(-1, 1)
                .eq(range.reshape(1, count))
                .toType(DataType.FLOAT32, false);
    }
}
