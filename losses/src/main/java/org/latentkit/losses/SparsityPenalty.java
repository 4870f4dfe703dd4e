package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.core.InvalidInputException;

/**
 * A penalty on code activity, averaged over the batch, that rewards sparse codes.
 *
 * <p>For a code {@code z_i ∈ [0, 1]^K} of image {@code i}, with {@code m_i = (1/K) Σ_k z_ik} (for a
 * binary code, the fraction of active bits) and {@code h_i = (1/K) Σ_k z_ik (1 − z_ik)}:
 *
 * <ul>
 *   <li>{@link Kind#L1}: {@code m_i}, seed 001's {@code mean(code)};
 *   <li>{@link Kind#L1_SQUARED}: {@code m_i²}. Seed 001's code named a variant "L1-squared" that in
 *       fact took the <em>square root</em> of the mean; latentkit implements the square its name
 *       promises. It penalises dense codes far more than sparse ones (its gradient {@code 2 m_i /
 *       K} shrinks as the code empties);
 *   <li>{@link Kind#ENTROPY}: {@code h_i}, seed 001's {@code mean z(1 − z)}, which is 0 for binary
 *       values and largest (1/4) at {@code z = 1/2}: it pushes real-valued (sigmoid) units towards
 *       0 or 1. Apply it to the real-valued activation before binarisation, since it is identically
 *       0 on a 0/1 code;
 *   <li>{@link Kind#ENTROPY_SQUARED}: {@code h_i²}.
 * </ul>
 *
 * The loss is {@code (1/N) Σ_i p_i}, where {@code p_i} is the per-image value above.
 *
 * <p>Inputs: predictions whose element {@code inputIndex} (default 1, the autoencoders' {@code
 * CODE}) is {@code (N, K)}; labels are ignored.
 */
public final class SparsityPenalty extends Loss {

    /** The penalty's form. */
    public enum Kind {
        /** The mean activity. */
        L1("l1"),
        /** The squared mean activity (not the original's square root). */
        L1_SQUARED("l1-squared"),
        /** The mean of {@code z(1 − z)}. */
        ENTROPY("entropy"),
        /** The squared mean of {@code z(1 − z)}. */
        ENTROPY_SQUARED("entropy-squared");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /**
         * Returns the command-line name.
         *
         * @return for example {@code l1-squared}
         */
        public String id() {
            return id;
        }

        /**
         * Whether this penalty belongs on the real-valued activation rather than the 0/1 code.
         *
         * @return true for the entropy penalties
         */
        public boolean readsActivation() {
            return this == ENTROPY || this == ENTROPY_SQUARED;
        }

        /**
         * Parses a penalty name.
         *
         * @param text {@code l1}, {@code l1-squared}, {@code entropy} or {@code entropy-squared}
         * @return the kind
         */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(text)) {
                    return k;
                }
            }
            throw new InvalidInputException(
                    "penalty: unknown penalty '"
                            + text
                            + "' (valid: l1, l1-squared, entropy, entropy-squared)");
        }
    }

    private final Kind kind;
    private final int inputIndex;

    /**
     * Creates a penalty reading prediction {@code inputIndex}.
     *
     * @param kind the form
     * @param inputIndex which prediction holds the code
     */
    public SparsityPenalty(Kind kind, int inputIndex) {
        super("sparsity_" + kind.id());
        if (inputIndex < 0) {
            throw new InvalidInputException("penalty: input index must be >= 0, got " + inputIndex);
        }
        this.kind = kind;
        this.inputIndex = inputIndex;
    }

    /**
     * Returns the form.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the per-image penalty.
     *
     * @param code {@code (N, K)} codes
     * @return {@code (N)} values {@code p_i}
     */
    public NDArray perImage(NDArray code) {
        NDArray z = code.reshape(code.getShape().get(0), -1);
        NDArray v =
                switch (kind) {
                    case L1, L1_SQUARED -> z.mean(new int[] {1});
                    case ENTROPY, ENTROPY_SQUARED -> z.mul(z.neg().add(1f)).mean(new int[] {1});
                };
        return kind == Kind.L1_SQUARED || kind == Kind.ENTROPY_SQUARED ? v.square() : v;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return perImage(predictions.get(inputIndex)).mean();
    }
}
