package org.latentkit.trainers.tsne;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.latentkit.core.InvalidInputException;

/**
 * Exact t-SNE (L. van der Maaten and G. Hinton, "Visualizing Data using t-SNE", JMLR 9, 2008), on
 * NDArray operations only, so it runs on whichever engine made the input.
 *
 * <p><b>Affinities.</b> For each point i, {@code p_{j|i} = exp(−β_i d_ij) / Σ_{k≠i} exp(−β_i d_ik)}
 * with {@code d_ij = ‖x_i − x_j‖²}, where β_i (the precision {@code 1/2σ_i²}) is found by binary
 * search so that the row's entropy {@code H_i = −Σ_j p_{j|i} ln p_{j|i} = ln Σ_k e^{−β_i d_ik} +
 * β_i Σ_j d_ij p_{j|i}} equals {@code ln(perplexity)}. All rows are searched at once (the search is
 * elementwise in β). Then {@code p_ij = (p_{j|i} + p_{i|j}) / 2n}.
 *
 * <p><b>Embedding.</b> {@code q_ij = (1 + ‖y_i − y_j‖²)⁻¹ / Σ_{k≠l} (1 + ‖y_k − y_l‖²)⁻¹}, and the
 * gradient of {@code KL(P‖Q)} is {@code ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i −
 * y_j)}, computed for all points as {@code 4 (diag(M·1) − M) Y} with {@code M = (P − Q) ∘ num}. The
 * descent uses momentum (0.5 for the first 20 iterations, then 0.8), the per-coordinate adaptive
 * gains of Jacobs (1988) as in the authors' reference code, and early exaggeration (P multiplied by
 * 4 for the first 100 iterations). Y starts at N(0, 10⁻⁴ I) from the given seed.
 *
 * <p>Cost: O(n²) memory and time per iteration; fine for the 1,000 to 2,500 points it is meant for.
 */
public final class Tsne {

    private static final float MIN_P = 1e-12f;
    private static final float MIN_GAIN = 0.01f;

    /**
     * Settings of one embedding.
     *
     * @param perplexity the effective number of neighbours, larger than 1 (typical 5 to 50; 30)
     * @param iterations gradient steps (1000)
     * @param learningRate step size η (500, the reference code's)
     * @param exaggeration early exaggeration factor (4)
     * @param exaggerationIterations how many first steps use it (100)
     * @param seed seeds the initial Y
     */
    public record Options(
            double perplexity,
            int iterations,
            float learningRate,
            float exaggeration,
            int exaggerationIterations,
            long seed) {

        /** Validates the components and names the bad value. */
        public Options {
            if (!(perplexity > 1) || !Double.isFinite(perplexity)) {
                throw new InvalidInputException(
                        "perplexity: must be a number above 1, got " + perplexity);
            }
            if (iterations <= 0) {
                throw new InvalidInputException(
                        "iterations: must be a positive number, got " + iterations);
            }
            if (!(learningRate > 0)) {
                throw new InvalidInputException(
                        "t-SNE learning rate: must be positive, got " + learningRate);
            }
            if (!(exaggeration >= 1) || exaggerationIterations < 0) {
                throw new InvalidInputException(
                        "exaggeration: must be at least 1 for 0 or more iterations, got "
                                + exaggeration
                                + " for "
                                + exaggerationIterations);
            }
        }

        /**
         * The reference settings: perplexity 30, 1000 iterations, η 500, exaggeration 4 for 100,
         * seed 42.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(30, 1000, 500f, 4f, 100, 42);
        }

        /**
         * Returns a copy with another perplexity.
         *
         * @param p the perplexity
         * @return the copy
         */
        public Options withPerplexity(double p) {
            return new Options(
                    p, iterations, learningRate, exaggeration, exaggerationIterations, seed);
        }

        /**
         * Returns a copy with another iteration count.
         *
         * @param n iterations
         * @return the copy
         */
        public Options withIterations(int n) {
            return new Options(
                    perplexity, n, learningRate, exaggeration, exaggerationIterations, seed);
        }
    }

    /**
     * An embedding.
     *
     * @param points {@code [n][2]} coordinates
     * @param klDivergence the final {@code KL(P‖Q)} in nats
     */
    public record Embedding(double[][] points, double klDivergence) {}

    private Tsne() {}

    /**
     * Returns the squared Euclidean distances {@code d_ij = ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j}, clipped
     * at 0.
     *
     * @param x {@code (n, d)} points
     * @return {@code (n, n)} distances
     */
    public static NDArray squaredDistances(NDArray x) {
        NDArray sq = x.square().sum(new int[] {1}, true);
        return sq.add(sq.transpose()).sub(x.matMul(x.transpose()).mul(2f)).maximum(0f);
    }

    /**
     * Calibrates the conditional affinities {@code p_{j|i}} row by row to the target perplexity.
     *
     * @param distances {@code (n, n)} squared distances
     * @param perplexity the target; each row's entropy becomes {@code ln(perplexity)}
     * @return {@code (n, n)} rows of {@code p_{j|i}}, zero on the diagonal, each row summing to 1
     */
    public static NDArray conditionalAffinities(NDArray distances, double perplexity) {
        long n = distances.getShape().get(0);
        if (perplexity >= n) {
            throw new InvalidInputException(
                    "perplexity: must be below the number of points ("
                            + n
                            + "), got "
                            + perplexity);
        }
        NDManager m = distances.getManager();
        float target = (float) Math.log(perplexity);
        NDArray offDiag = m.eye((int) n).neg().add(1f);
        // Shift each row by its smallest off-diagonal distance: p is unchanged, exp no longer
        // underflows.
        NDArray big = offDiag.neg().add(1f).mul(Float.MAX_VALUE / 4);
        NDArray d = distances.sub(distances.add(big).min(new int[] {1}, true));
        NDArray beta = m.ones(new Shape(n, 1));
        NDArray lo = m.zeros(new Shape(n, 1));
        // No upper bound yet is marked by a negative hi (beta is always positive): a sentinel
        // that a plain comparison detects on every engine (MXNet has no isInfinite).
        NDArray hi = m.full(new Shape(n, 1), -1f);
        for (int step = 0; step < 100; step++) {
            try (NDScope scope = new NDScope()) {
                NDArray p = d.mul(beta).neg().exp().mul(offDiag);
                NDArray sum = p.sum(new int[] {1}, true);
                NDArray h = sum.log().add(beta.mul(d.mul(p).sum(new int[] {1}, true)).div(sum));
                NDArray diff = h.sub(target);
                if (diff.abs().max().getFloat() < 1e-5f) {
                    break;
                }
                // Entropy too high: the distribution is too flat, so raise beta (narrow the
                // kernel).
                NDArray tooFlat = diff.gt(0f);
                NDArray newLo = NDArrays.where(tooFlat, beta, lo);
                NDArray newHi = NDArrays.where(tooFlat, hi, beta);
                NDArray up = NDArrays.where(newHi.lt(0f), beta.mul(2f), beta.add(newHi).div(2f));
                NDArray down = beta.add(newLo).div(2f);
                NDArray newBeta = NDArrays.where(tooFlat, up, down);
                NDScope.unregister(newLo, newHi, newBeta);
                lo.close();
                hi.close();
                beta.close();
                lo = newLo;
                hi = newHi;
                beta = newBeta;
            }
        }
        NDArray p = d.mul(beta).neg().exp().mul(offDiag);
        return p.div(p.sum(new int[] {1}, true));
    }

    /**
     * Returns each row's entropy {@code −Σ_j p_j ln p_j} in nats (zero entries contribute 0).
     *
     * @param rows {@code (n, n)} row distributions
     * @return {@code (n)} entropies
     */
    public static NDArray rowEntropy(NDArray rows) {
        return rows.mul(rows.maximum(1e-30f).log()).sum(new int[] {1}).neg();
    }

    /**
     * Embeds the rows of {@code x} in two dimensions.
     *
     * @param x {@code (n, d)} float points; its manager holds the intermediate arrays
     * @param options the settings
     * @return the 2-D points and the final KL divergence
     */
    public static Embedding embed(NDArray x, Options options) {
        long n = x.getShape().get(0);
        if (n < 4) {
            throw new InvalidInputException("t-SNE: needs at least 4 points, got " + n);
        }
        try (NDManager m = x.getManager().newSubManager()) {
            NDArray xf = x.toType(DataType.FLOAT32, true);
            xf.attach(m);
            NDArray cond = conditionalAffinities(squaredDistances(xf), options.perplexity());
            NDArray p = cond.add(cond.transpose()).div((float) (2 * n)).maximum(MIN_P);
            NDArray offDiag = m.eye((int) n).neg().add(1f);
            m.getEngine().setRandomSeed((int) options.seed());
            NDArray y = m.randomNormal(0f, 1e-2f, new Shape(n, 2), DataType.FLOAT32);
            NDArray velocity = m.zeros(new Shape(n, 2));
            NDArray gains = m.ones(new Shape(n, 2));
            for (int it = 0; it < options.iterations(); it++) {
                float momentum = it < 20 ? 0.5f : 0.8f;
                float exaggerate =
                        it < options.exaggerationIterations() ? options.exaggeration() : 1f;
                try (NDScope scope = new NDScope()) {
                    NDArray num = squaredDistances(y).add(1f).pow(-1f).mul(offDiag);
                    NDArray q = num.div(num.sum()).maximum(MIN_P);
                    NDArray mm = p.mul(exaggerate).sub(q).mul(num);
                    NDArray grad = y.mul(mm.sum(new int[] {1}, true)).sub(mm.matMul(y)).mul(4f);
                    // Jacobs' gains: grow where the gradient and the last step disagree in sign,
                    // else shrink.
                    NDArray sameSign = grad.gt(0f).eq(velocity.gt(0f));
                    NDArray newGains =
                            NDArrays.where(sameSign, gains.mul(0.8f), gains.add(0.2f))
                                    .maximum(MIN_GAIN);
                    NDArray newVelocity =
                            velocity.mul(momentum)
                                    .sub(newGains.mul(grad).mul(options.learningRate()));
                    NDArray newY = y.add(newVelocity);
                    newY = newY.sub(newY.mean(new int[] {0}, true));
                    NDScope.unregister(newGains, newVelocity, newY);
                    gains.close();
                    velocity.close();
                    y.close();
                    gains = newGains;
                    velocity = newVelocity;
                    y = newY;
                }
            }
            double kl;
            try (NDScope scope = new NDScope()) {
                NDArray num = squaredDistances(y).add(1f).pow(-1f).mul(offDiag);
                NDArray q = num.div(num.sum()).maximum(MIN_P);
                kl = p.mul(p.div(q).log()).sum().getFloat();
            }
            float[] flat = y.toFloatArray();
            double[][] points = new double[(int) n][2];
            for (int i = 0; i < n; i++) {
                points[i][0] = flat[2 * i];
                points[i][1] = flat[2 * i + 1];
            }
            return new Embedding(points, kl);
        }
    }
}
