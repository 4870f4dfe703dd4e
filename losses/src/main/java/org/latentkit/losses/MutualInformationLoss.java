package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Invariant Information Clustering's objective (Ji et al. 2019): the negative mutual information
 * between the cluster assignments of two views of the same images.
 *
 * <pre>
 *   P = softmax(a) (B, K),  P' = softmax(a') (B, K)       two views' cluster probabilities
 *   J = (1/B) Σ_i P_iᵀ P'_i,   J ← (J + Jᵀ) / 2             the joint over (k, k'), K × K, symmetric
 *   p_k = Σ_k' J_kk',  p'_k' = Σ_k J_kk'                    its marginals
 *   L = − Σ_k Σ_k' J_kk' (ln J_kk' − λ ln p_k − λ ln p'_k')
 * </pre>
 *
 * With {@code λ = 1} (the default) {@code −L} is the mutual information {@code I(z; z')}: it is
 * largest, {@code ln K}, when each image goes to one cluster with certainty, both views to the same
 * one, and the clusters are used equally, so the objective needs no separate balancing term. {@code
 * λ > 1} weights the marginals' entropy more (IIC's variant against degenerate solutions). {@code
 * J} is clamped at {@code ε = 1e-8} before the logarithms.
 *
 * <p>Inputs: labels ignored; predictions {@code [a (B, K), a' (B, K)]}, the unnormalised scores
 * (logits) of the two views. The result is a scalar.
 *
 * @see <a href="https://arxiv.org/abs/1807.06653">Ji et al. 2019, Invariant Information
 *     Clustering</a>
 */
public final class MutualInformationLoss extends Loss {

    private static final float EPSILON = 1e-8f;

    private final float lambda;

    private MutualInformationLoss(Builder b) {
        super("mutual-information");
        this.lambda = b.lambda;
    }

    /**
     * Starts a builder.
     *
     * @return a builder with λ = 1
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The weight of the marginals' entropy.
     *
     * @return λ
     */
    public float lambda() {
        return lambda;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.size() < 2) {
            throw new InvalidInputException(
                    "mutual information: needs the two views' scores, got "
                            + predictions.size()
                            + " prediction(s)");
        }
        NDArray p = predictions.get(0).softmax(1);
        NDArray q = predictions.get(1).softmax(1);
        long b = p.getShape().get(0);
        NDArray joint = Scalars.div(p.transpose().matMul(q), (float) b);
        joint = Scalars.mul(joint.add(joint.transpose()), 0.5f);
        joint = Scalars.maximum(joint, EPSILON);
        NDArray rows = joint.sum(new int[] {1}, true); // (K, 1)
        NDArray cols = joint.sum(new int[] {0}, true); // (1, K)
        NDArray inner =
                joint.log()
                        .sub(Scalars.mul(rows.log(), lambda))
                        .sub(Scalars.mul(cols.log(), lambda));
        return joint.mul(inner).sum().neg();
    }

    /** Builds a {@link MutualInformationLoss}. */
    public static final class Builder {

        private float lambda = 1f;

        private Builder() {}

        /**
         * Sets the weight of the marginals' entropy (default 1, the mutual information itself).
         *
         * @param lambda at least 1
         * @return this builder
         */
        public Builder optLambda(float lambda) {
            this.lambda = lambda;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         * @throws InvalidInputException if λ is below 1 or not finite
         */
        public MutualInformationLoss build() {
            if (!(lambda >= 1) || !Float.isFinite(lambda)) {
                throw new InvalidInputException(
                        "mi-lambda: must be a number of at least 1, got " + lambda);
            }
            return new MutualInformationLoss(this);
        }
    }
}
