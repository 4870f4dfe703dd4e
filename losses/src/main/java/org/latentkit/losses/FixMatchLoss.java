package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * The FixMatch loss (Sohn et al. 2020): cross-entropy on the labelled images plus cross-entropy of
 * a strongly augmented view of each unlabelled image against the pseudo-label of its weakly
 * augmented view, counted only where the weak view's prediction is confident.
 *
 * <pre>
 *   L   = L_s + λ_u · L_u
 *   L_s = (1/B_l) Σ_b CE(z_b, y_b)                                   (labelled images)
 *   L_u = (1/B_u) Σ_i 1[max_c q_ic ≥ τ] · CE(s_i, argmax_c q_ic),   q_i = softmax(sg(w_i))
 *   CE(z, k) = −log softmax(z)_k
 * </pre>
 *
 * with {@code z} the labelled logits, {@code w} the weak-view and {@code s} the strong-view logits
 * of the unlabelled images, and {@code sg} the stop-gradient: the pseudo-label and the mask are
 * constants, so no gradient flows into the weak branch. {@code L_u} is divided by {@code B_u}, not
 * by the number of confident images, as in the paper (the unlabelled term grows as the model grows
 * confident). A threshold above 1 keeps no pseudo-label, so {@code L = L_s}.
 *
 * <p>Inputs: labels {@code [y (B_l)]}, the classes as numbers; predictions {@code [z (B_l, C), w
 * (B_u, C), s (B_u, C)]}, logits ({@code FixMatchBlock}'s order). Defaults: {@code τ = 0.95},
 * {@code λ_u = 1}, the paper's.
 *
 * <pre>{@code
 * FixMatchLoss loss = FixMatchLoss.builder().optThreshold(0.95f).optUnlabelledWeight(1f).build();
 * }</pre>
 *
 * @see <a href="https://arxiv.org/abs/2001.07685">Sohn et al. 2020, FixMatch: Simplifying
 *     Semi-Supervised Learning with Consistency and Confidence</a>
 */
public final class FixMatchLoss extends Loss {

    /** Prediction index of the labelled images' logits. */
    public static final int LABELLED = 0;

    /** Prediction index of the unlabelled images' weak-view logits. */
    public static final int WEAK = 1;

    /** Prediction index of the unlabelled images' strong-view logits. */
    public static final int STRONG = 2;

    private final float threshold;
    private final float unlabelledWeight;

    private FixMatchLoss(Builder b) {
        super("fixmatch");
        this.threshold = b.threshold;
        this.unlabelledWeight = b.unlabelledWeight;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the confidence threshold.
     *
     * @return {@code τ}
     */
    public float threshold() {
        return threshold;
    }

    /**
     * Returns the weight of the unlabelled term.
     *
     * @return {@code λ_u}
     */
    public float unlabelledWeight() {
        return unlabelledWeight;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray supervised = crossEntropy(predictions.get(LABELLED), labels.head()).mean();
        NDArray weak = predictions.get(WEAK).stopGradient();
        NDArray q = weak.softmax(1);
        NDArray pseudo = q.argMax(1).toType(DataType.FLOAT32, false);
        NDArray mask = mask(q);
        NDArray unsupervised = crossEntropy(predictions.get(STRONG), pseudo).mul(mask).mean();
        return supervised.add(Scalars.mul(unsupervised, unlabelledWeight));
    }

    /**
     * Returns the mask rate: the fraction of unlabelled images whose weak view is confident, {@code
     * (1/B_u) Σ_i 1[max_c softmax(w_i)_c ≥ τ]}.
     *
     * @param predictions {@code [z, w, s]} as for {@link #evaluate}
     * @return a 0-d array in [0, 1]
     */
    public NDArray maskRate(NDList predictions) {
        return mask(predictions.get(WEAK).stopGradient().softmax(1)).mean();
    }

    /**
     * Returns the mask rate of a batch of logits: {@code (1/B) Σ_i 1[max_c softmax(x_i)_c ≥ τ]}.
     *
     * @param logits {@code (B, C)}
     * @return a 0-d array in [0, 1]
     */
    public NDArray confidentFraction(NDArray logits) {
        return mask(logits.stopGradient().softmax(1)).mean();
    }

    /** {@code 1[max_c q_ic ≥ τ]} as floats, {@code (B)}. */
    private NDArray mask(NDArray q) {
        NDArray confidence = q.max(new int[] {1});
        try (NDArray tau = Scalars.scalar(confidence, threshold)) {
            return confidence.gte(tau).toType(DataType.FLOAT32, false);
        }
    }

    /**
     * Returns the per-image cross-entropy {@code −log softmax(z_b)_{k_b}}.
     *
     * @param logits {@code (B, C)}
     * @param classes {@code (B)} class indices as numbers
     * @return {@code (B)}
     */
    static NDArray crossEntropy(NDArray logits, NDArray classes) {
        NDArray oneHot = OneHot.of(classes, logits.getShape().get(1));
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }

    /** Builds a {@link FixMatchLoss}. */
    public static final class Builder {
        private float threshold = 0.95f;
        private float unlabelledWeight = 1f;

        private Builder() {}

        /**
         * Sets the confidence threshold {@code τ} (default 0.95, the paper's): a weak view's
         * pseudo-label counts when its largest softmax probability is at least {@code τ}; above 1
         * none counts.
         *
         * @param tau a positive number
         * @return this builder
         */
        public Builder optThreshold(float tau) {
            this.threshold = tau;
            return this;
        }

        /**
         * Sets the weight {@code λ_u} of the unlabelled term (default 1, the paper's).
         *
         * @param weight 0 or more
         * @return this builder
         */
        public Builder optUnlabelledWeight(float weight) {
            this.unlabelledWeight = weight;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         * @throws InvalidInputException naming the bad option
         */
        public FixMatchLoss build() {
            if (!(threshold > 0) || !Float.isFinite(threshold)) {
                throw new InvalidInputException(
                        "threshold: must be a positive number, got " + threshold);
            }
            if (!(unlabelledWeight >= 0) || !Float.isFinite(unlabelledWeight)) {
                throw new InvalidInputException(
                        "unlabelled-weight: must be a finite number >= 0, got " + unlabelledWeight);
            }
            return new FixMatchLoss(this);
        }
    }
}
