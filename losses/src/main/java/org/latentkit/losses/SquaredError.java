package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import org.latentkit.core.nd.Scalars;

/**
 * Sums of squared residuals, {@code s = Σ d²}, with a backward pass that reads the residuals once.
 *
 * <p>The product {@code d·d} has one operand twice, so its backward pass computes {@code g·d} for
 * each operand and then adds the two: three passes over an array of {@code d}'s size. Here the sum
 * is taken of {@code d·sg(d)} ({@code sg} is stop-gradient), whose backward pass is {@code g·d}
 * alone, and the result is
 *
 * <pre>
 * s = 2·h − sg(h),        h = Σ d·sg(d)
 * </pre>
 *
 * <p>whose value is {@code h} and whose gradient is {@code 2·∂h = 2·d·g}. Both are {@code d·d}'s
 * bit for bit: doubling is exact, so {@code (2g)·d} rounds to the same float as {@code g·d + g·d};
 * and {@code 2h − h} is exactly {@code h} (Sterbenz's lemma). The extra operations act on the sums,
 * not on the residuals. One difference: where the sum overflows to infinity, the value is NaN
 * instead of infinity (both are non-finite losses).
 */
final class SquaredError {

    private SquaredError() {}

    /**
     * Returns {@code Σ d²} over the given axes, or over all values when none are given.
     *
     * @param d the residuals, any shape
     * @param axes the axes to sum over; none for a 0-d sum of everything
     * @return {@code d}'s shape without {@code axes}
     */
    static NDArray sum(NDArray d, int... axes) {
        NDArray product = d.mul(d.stopGradient());
        NDArray h = axes.length == 0 ? product.sum() : product.sum(axes);
        return Scalars.mul(h, 2f).sub(h.stopGradient());
    }
}
