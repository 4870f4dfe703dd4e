package org.latentkit.core.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a scalar whose memory the engine owns, safe inside an autograd graph.
 *
 * <p><b>Why this exists.</b> On PyTorch, DJL 0.35.1's {@code x.mul(0.5f)} (and {@code div}, {@code
 * pow}, {@code maximum}, {@code minimum} with a {@link Number}) creates the scalar with {@code
 * manager.create(n)}: a 0-d tensor that wraps a Java direct buffer ({@code torch::from_blob}),
 * which only the Java {@code NDArray} object keeps alive. DJL closes that object as soon as the
 * product is computed. When {@code x} requires a gradient, autograd has saved the scalar tensor for
 * the backward pass ({@code ∂(x·s)/∂x = s}); from then on nothing on the Java side references the
 * buffer, so the garbage collector may free it, and the allocator may hand the same bytes to the
 * next small buffer, before {@code backward} reads them. The gradient is then computed with another
 * scalar's value. It happens only when a collection falls between a forward and its backward, so
 * short runs stay identical and long ones drift or blow up at a step that varies from run to run
 * (latentkit issue 18: a VAE whose gradient through {@code logvar · 0.5} read garbage).
 *
 * <p>Here the scalar is made by {@code manager.full(shape (), v)}, a tensor allocated and
 * reference-counted by the engine, so autograd keeps it alive for as long as it needs it. The
 * result is the same value and the same gradient as the {@code Number} overloads. {@code add} and
 * {@code sub} with a number are safe as they are (their backward needs no operand) and need no
 * wrapper; code outside an autograd graph (optimiser updates, evaluation) may use the {@code
 * Number} overloads too. An architecture test forbids the unsafe overloads in latentkit's main
 * code.
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a 0-d array holding {@code v}, in {@code like}'s manager, device and data type.
     *
     * @param like the array whose manager, device and type the scalar takes
     * @param v the value
     * @return a new 0-d array the caller closes (or leaves to its manager)
     */
    public static NDArray scalar(NDArray like, float v) {
        return like.getManager().full(new Shape(), v, like.getDataType(), like.getDevice());
    }

    /**
     * Returns {@code x · v}, element-wise.
     *
     * @param x any shape
     * @param v the factor
     * @return {@code x}'s shape
     */
    public static NDArray mul(NDArray x, float v) {
        try (NDArray s = scalar(x, v)) {
            return x.mul(s);
        }
    }

    /**
     * Returns {@code x / v}, element-wise.
     *
     * @param x any shape
     * @param v the divisor
     * @return {@code x}'s shape
     */
    public static NDArray div(NDArray x, float v) {
        try (NDArray s = scalar(x, v)) {
            return x.div(s);
        }
    }

    /**
     * Returns {@code x ^ v}, element-wise.
     *
     * @param x any shape
     * @param v the exponent
     * @return {@code x}'s shape
     */
    public static NDArray pow(NDArray x, float v) {
        try (NDArray s = scalar(x, v)) {
            return x.pow(s);
        }
    }

    /**
     * Returns {@code max(x, v)}, element-wise.
     *
     * @param x any shape
     * @param v the floor
     * @return {@code x}'s shape
     */
    public static NDArray maximum(NDArray x, float v) {
        try (NDArray s = scalar(x, v)) {
            return x.maximum(s);
        }
    }

    /**
     * Returns {@code min(x, v)}, element-wise.
     *
     * @param x any shape
     * @param v the ceiling
     * @return {@code x}'s shape
     */
    public static NDArray minimum(NDArray x, float v) {
        try (NDArray s = scalar(x, v)) {
            return x.minimum(s);
        }
    }
}
