package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import org.latentkit.core.nd.Scalars;

/**
 * The Bernoulli log-likelihood shared by the reconstruction losses, written with the fewest passes
 * over the values.
 *
 * <p>Per value, with {@code c = clip(p, 1e-7, 1 − 1e-7)}:
 *
 * <pre>
 * ℓ = x log c + (1 − x) log(1 − c)        (the binary cross-entropy is −ℓ)
 * </pre>
 *
 * <p>Two choices keep the values of the textbook form {@code −[x log c + (−x + 1) log(−c + 1)]} bit
 * for bit while doing less work:
 *
 * <ul>
 *   <li>{@code 1 − v} is one subtraction from a 0-d one, not a negation then an addition: the same
 *       real number, rounded once, in one kernel instead of two.
 *   <li>Callers reduce ℓ first and negate the reduced result. Negation is exact and rounding is
 *       symmetric, so {@code −Σ ℓ} equals {@code Σ(−ℓ)} exactly, and the graph loses a negation
 *       over every value in the forward pass and another in the backward pass.
 * </ul>
 */
final class Bernoulli {

    /** How far probabilities are kept from 0 and 1, so that both logarithms stay finite. */
    static final float EPS = 1e-7f;

    private Bernoulli() {}

    /**
     * Returns {@code ℓ} per value.
     *
     * @param x targets in [0, 1]; any shape that broadcasts against {@code p}
     * @param p probabilities
     * @return the broadcast shape of {@code x} and {@code p}
     */
    static NDArray logLikelihood(NDArray x, NDArray p) {
        NDArray c = p.clip(EPS, 1f - EPS);
        try (NDArray one = Scalars.scalar(c, 1f)) {
            return x.mul(c.log()).add(one.sub(x).mul(one.sub(c).log()));
        }
    }
}
