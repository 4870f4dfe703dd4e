package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * A balance term on cluster assignments: the negative entropy of the batch-mean assignment, so that
 * minimising it spreads the images over the clusters, optionally plus the mean per-image entropy,
 * so that each image is assigned with confidence.
 *
 * <pre>
 *   P = softmax(a) (B, K),   p̄ = (1/B) Σ_i P_i               the batch-mean assignment
 *   L = Σ_k p̄_k ln p̄_k  +  c · (1/B) Σ_i (− Σ_k P_ik ln P_ik)
 *     = ln K − H(p̄) − ln K + c · mean_i H(P_i)
 * </pre>
 *
 * The first term lies in {@code [−ln K, 0]} and is smallest when the clusters are used equally; it
 * replaces seed 002's variance of the experts' importance, whose scale grows with the batch size
 * squared. With {@code c = 1} the sum is minus the mutual information between image and cluster
 * under the batch's empirical distribution (RIM, Krause et al. 2010). Probabilities are clamped at
 * {@code 1e-8} before the logarithms.
 *
 * <p>Inputs: labels ignored; predictions {@code [a (B, K)]}, unnormalised scores (logits). The
 * result is a scalar.
 */
public final class EntropyBalanceLoss extends Loss {

    private static final float EPSILON = 1e-8f;

    private final float confidence;

    private EntropyBalanceLoss(Builder b) {
        super("entropy-balance");
        this.confidence = b.confidence;
    }

    /**
     * Starts a builder.
     *
     * @return a builder with no confidence term
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray p = predictions.get(0).softmax(1);
        NDArray mean = p.mean(new int[] {0});
        NDArray balance = mean.mul(Scalars.maximum(mean, EPSILON).log()).sum();
        if (confidence == 0) {
            return balance;
        }
        NDArray perImage = p.mul(Scalars.maximum(p, EPSILON).log()).sum(new int[] {1}).neg();
        return balance.add(Scalars.mul(perImage.mean(), confidence));
    }

    /** Builds an {@link EntropyBalanceLoss}. */
    public static final class Builder {

        private float confidence;

        private Builder() {}

        /**
         * Sets the weight {@code c} of the mean per-image entropy (default 0: balance only).
         *
         * @param c at least 0
         * @return this builder
         */
        public Builder optConfidence(float c) {
            this.confidence = c;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         * @throws InvalidInputException if {@code c} is negative or not finite
         */
        public EntropyBalanceLoss build() {
            if (!(confidence >= 0) || !Float.isFinite(confidence)) {
                throw new InvalidInputException(
                        "confidence: must be a number of at least 0, got " + confidence);
            }
            return new EntropyBalanceLoss(this);
        }
    }
}
