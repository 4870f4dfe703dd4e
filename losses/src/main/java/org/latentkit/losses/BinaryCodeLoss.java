package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import java.util.Locale;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Seed 000's label-free loss for learning binary codes: three statistics of a batch of tanh outputs
 * that push each output towards a balanced, independent, saturated bit.
 *
 * <p>For a batch of activations {@code A} of shape {@code (N, n)} (N samples, n outputs in (−1,
 * 1)), with batch mean {@code μ = (1/N) Σ_s A[s]} (shape {@code (n)}):
 *
 * <ul>
 *   <li><b>covariance</b> {@code L_cov = (1/n²) Σ_{i,j} |C_ij| · m_ij}, where {@code C = AᵀA/N −
 *       μᵀμ} is the population covariance (divides by N, not N−1) and {@code m_ij = 0} on the
 *       diagonal by default ({@link Diagonal#EXCLUDE}, as the original: variances are not
 *       penalised), 1 elsewhere. The mean runs over all n² entries, the zeroed diagonal included,
 *       so the excluded diagonal scales the term by {@code 1} and not by {@code n²/(n²−n)}. With
 *       {@link Diagonal#INCLUDE} the variances count too, which fights the magnitude term.
 *   <li><b>centering</b> {@code L_center = (1/n) Σ_i |μ_i|}: zero when each output is positive for
 *       half the batch (on average).
 *   <li><b>magnitude</b> {@code L_mag = −(1/(N n)) Σ_{s,i} |A_si|}: rewards saturated outputs, so
 *       that the trivial all-zero output cannot satisfy the other two terms.
 * </ul>
 *
 * <p>The loss is {@code L = w_cov·L_cov + w_center·L_center + w_mag·L_mag}, a scalar. The original
 * (Keras) added the constant {@code + w_mag} so that its optimum reads 0; a constant changes no
 * gradient, so it is left out here and the reported loss is {@code w_mag} lower than the
 * original's.
 *
 * <p><b>Optional fourth term (not in the original), two views:</b> when the predictions hold two
 * arrays, the encodings {@code A} of the images and {@code A'} of transformed copies of them (see
 * {@code blocks.binary.TwoViewEncoder}), the three terms above are computed on {@code A} and {@code
 * L_pair = (1/(N n)) Σ_{s,i} (A_si − A'_si)²} is added with weight {@code w_pair} (default 0):
 * codes that do not change under small translations.
 *
 * <p><b>Batch statistics:</b> the loss is not a mean of per-sample losses: it needs the whole batch
 * at once. Train it on one device (a batch split across devices gives each part its own statistics)
 * and drop the partial last batch ({@code TrainingLoop.LastBatch.DROP}): a covariance over a
 * handful of samples is noise. Labels are ignored; any {@code NDList} may be passed.
 *
 * <p>Works on every DJL engine: it uses only {@code mean}, {@code abs}, {@code matMul}, {@code
 * transpose} and {@code eye}.
 */
public final class BinaryCodeLoss extends Loss {

    /** Whether the covariance term penalises the variances on its diagonal. */
    public enum Diagonal {
        /** The diagonal is set to zero (the original): only the cross-covariances are penalised. */
        EXCLUDE,
        /** The whole covariance matrix, variances included. */
        INCLUDE
    }

    /**
     * The weights of the three terms.
     *
     * @param covariance {@code w_cov}, at least 0
     * @param centering {@code w_center}, at least 0
     * @param magnitude {@code w_mag}, at least 0
     * @param pair {@code w_pair} of the two-view term, at least 0 (0 in the original)
     */
    public record Weights(float covariance, float centering, float magnitude, float pair) {

        /** The original's best region: w_cov ≈ 0.9, w_mag ≈ 0.1–0.2, w_center anywhere (here 1). */
        public static final Weights ORIGINAL_BEST = new Weights(0.9f, 1f, 0.15f);

        /** Validates the components and names the bad value. */
        public Weights {
            check("cov", covariance);
            check("center", centering);
            check("mag", magnitude);
            check("pair", pair);
        }

        /**
         * The three original weights, without the two-view term.
         *
         * @param covariance {@code w_cov}
         * @param centering {@code w_center}
         * @param magnitude {@code w_mag}
         */
        public Weights(float covariance, float centering, float magnitude) {
            this(covariance, centering, magnitude, 0f);
        }

        private static void check(String name, float w) {
            if (!(w >= 0) || !Float.isFinite(w)) {
                throw new InvalidInputException(
                        "weights: " + name + " must be a finite number >= 0, got " + w);
            }
        }

        /**
         * Parses {@code cov=0.9,center=1,mag=0.15}; missing keys keep {@link #ORIGINAL_BEST}'s
         * value.
         *
         * @param text comma-separated {@code key=value} pairs with keys cov, center, mag and pair
         * @return the weights
         */
        public static Weights parse(String text) {
            float cov = ORIGINAL_BEST.covariance;
            float center = ORIGINAL_BEST.centering;
            float mag = ORIGINAL_BEST.magnitude;
            float pair = ORIGINAL_BEST.pair;
            for (String part : text.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq < 0) {
                    throw new InvalidInputException(
                            "weights: expected key=value, got '"
                                    + p
                                    + "' (keys: cov, center, mag, pair)");
                }
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                float value;
                try {
                    value = Float.parseFloat(p.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(
                            "weights: "
                                    + key
                                    + " is not a number: '"
                                    + p.substring(eq + 1).trim()
                                    + "'");
                }
                switch (key) {
                    case "cov" -> cov = value;
                    case "center" -> center = value;
                    case "mag" -> mag = value;
                    case "pair" -> pair = value;
                    default ->
                            throw new InvalidInputException(
                                    "weights: unknown key '"
                                            + key
                                            + "' (keys: cov, center, mag, pair)");
                }
            }
            return new Weights(cov, center, mag, pair);
        }

        @Override
        public String toString() {
            String base =
                    String.format(
                            Locale.ROOT,
                            "cov=%s,center=%s,mag=%s",
                            covariance,
                            centering,
                            magnitude);
            return pair == 0 ? base : base + String.format(Locale.ROOT, ",pair=%s", pair);
        }
    }

    /** Index of the activations in the predictions. */
    public static final int VIEW = 0;

    /** Index of the optional second view's activations. */
    public static final int SECOND_VIEW = 1;

    private final Weights weights;
    private final Diagonal diagonal;

    private BinaryCodeLoss(Builder b) {
        super(b.name);
        this.weights = b.weights;
        this.diagonal = b.diagonal;
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
     * Returns the weights.
     *
     * @return the weights
     */
    public Weights weights() {
        return weights;
    }

    /**
     * Returns how the covariance diagonal is treated.
     *
     * @return the diagonal mode
     */
    public Diagonal diagonal() {
        return diagonal;
    }

    /**
     * Computes the weighted loss of a batch.
     *
     * @param labels ignored (the loss uses no labels)
     * @param predictions the activations {@code (N, n)}, optionally followed by those of a second
     *     view of the same images
     * @return the scalar loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.isEmpty() || predictions.size() > 2) {
            throw new InvalidInputException(
                    "binary code loss: expected 1 or 2 prediction arrays, got "
                            + predictions.size());
        }
        NDArray a = predictions.get(VIEW);
        NDArray total =
                Scalars.mul(covarianceTerm(a, diagonal), weights.covariance)
                        .add(Scalars.mul(centeringTerm(a), weights.centering))
                        .add(Scalars.mul(magnitudeTerm(a), weights.magnitude));
        if (predictions.size() == 2 && weights.pair > 0) {
            total = total.add(Scalars.mul(pairTerm(a, predictions.get(SECOND_VIEW)), weights.pair));
        }
        return total;
    }

    /**
     * Returns {@code L_pair}: the mean squared difference between two views' activations.
     *
     * @param a activations, shape {@code (N, n)}
     * @param b activations of the second view, same shape
     * @return a scalar
     */
    public static NDArray pairTerm(NDArray a, NDArray b) {
        requireMatrix(a);
        if (!a.getShape().equals(b.getShape())) {
            throw new InvalidInputException(
                    "binary code loss: views have shapes " + a.getShape() + " and " + b.getShape());
        }
        return a.sub(b).square().mean();
    }

    /**
     * Returns {@code L_cov}: the mean over all n² entries of |population covariance|, with the
     * diagonal zeroed unless {@code diagonal} is {@link Diagonal#INCLUDE}.
     *
     * @param a activations, shape {@code (N, n)}
     * @param diagonal whether variances count
     * @return a scalar
     */
    public static NDArray covarianceTerm(NDArray a, Diagonal diagonal) {
        NDArray cov = covariance(a);
        if (diagonal == Diagonal.EXCLUDE) {
            NDManager m = a.getManager();
            int n = (int) a.getShape().get(1);
            NDArray offDiagonal =
                    m.ones(cov.getShape(), a.getDataType())
                            .sub(m.eye(n).toType(a.getDataType(), false));
            cov = cov.mul(offDiagonal);
        }
        return cov.abs().mean();
    }

    /**
     * Returns the population covariance {@code C = AᵀA/N − μᵀμ} of the columns of {@code a}.
     *
     * @param a activations, shape {@code (N, n)}
     * @return shape {@code (n, n)}
     */
    public static NDArray covariance(NDArray a) {
        requireMatrix(a);
        long n = a.getShape().get(1);
        float batch = a.getShape().get(0);
        NDArray mu = a.mean(new int[] {0}, true);
        return Scalars.div(a.transpose().matMul(a), batch)
                .sub(mu.transpose().matMul(mu))
                .reshape(n, n);
    }

    /**
     * Returns {@code L_center}: the mean over outputs of |batch mean|.
     *
     * @param a activations, shape {@code (N, n)}
     * @return a scalar
     */
    public static NDArray centeringTerm(NDArray a) {
        requireMatrix(a);
        return a.mean(new int[] {0}).abs().mean();
    }

    /**
     * Returns {@code L_mag}: minus the mean |activation|.
     *
     * @param a activations, shape {@code (N, n)}
     * @return a scalar
     */
    public static NDArray magnitudeTerm(NDArray a) {
        requireMatrix(a);
        return a.abs().mean().neg();
    }

    private static void requireMatrix(NDArray a) {
        if (a.getShape().dimension() != 2 || a.getShape().get(0) < 1) {
            throw new InvalidInputException(
                    "binary code loss: expected activations of shape (N, n), got " + a.getShape());
        }
    }

    /** Builds a {@link BinaryCodeLoss}. */
    public static final class Builder {
        private String name = "BinaryCodeLoss";
        private Weights weights = Weights.ORIGINAL_BEST;
        private Diagonal diagonal = Diagonal.EXCLUDE;

        private Builder() {}

        /**
         * Sets the loss name (default {@code BinaryCodeLoss}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the three weights (default {@link Weights#ORIGINAL_BEST}).
         *
         * @param weights the weights
         * @return this builder
         */
        public Builder optWeights(Weights weights) {
            this.weights = weights;
            return this;
        }

        /**
         * Sets whether the covariance diagonal counts (default {@link Diagonal#EXCLUDE}).
         *
         * @param diagonal the mode
         * @return this builder
         */
        public Builder optDiagonal(Diagonal diagonal) {
            this.diagonal = diagonal;
            return this;
        }

        /**
         * Validates and builds the loss.
         *
         * @return the loss
         */
        public BinaryCodeLoss build() {
            if (weights == null) {
                throw new InvalidInputException("weights: must not be null");
            }
            if (diagonal == null) {
                throw new InvalidInputException("diagonal: must not be null");
            }
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("loss name: must not be empty");
            }
            return new BinaryCodeLoss(this);
        }
    }
}
