package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * The loss of an unsupervised mixture of VAE experts (seed 002): each expert's −ELBO weighted by
 * the manager's probability, plus a balancing term on the manager's importance.
 *
 * <pre>
 *   L = (1/N) Σ_n Σ_k p_nk · L_k(x_n)  +  w · B(I),     I_k = Σ_n p_nk   (importance)
 *   B = Var_k(I) = (1/K) Σ_k (I_k − Ī)²                 ({@link Balance#VARIANCE}, seed 002's, w = 0.1)
 *   B = Var_k(I) / Ī²                                   ({@link Balance#CV_SQUARED}, Shazeer et al. 2017)
 * </pre>
 *
 * <p>The first term is the batch mean (Jacobs et al.'s competitive loss); the balance uses
 * importance <b>sums</b> over the batch, as the original did, so with the variance its scale grows
 * with {@code N²}; the squared coefficient of variation does not. Its gradient with respect to
 * {@code I_k} is {@code 2 w (I_k − Ī) / K}: it pushes down the overused experts and up the idle
 * ones.
 *
 * <p><b>Guidance (optional).</b> With a guide weight {@code g > 0} and labels {@code [x, t]}, where
 * {@code t} {@code (N)} holds a target expert per image (for example a clustering's pseudo-labels),
 * the loss adds the manager's cross-entropy to the targets:
 *
 * <pre>
 *   L_guided = L + g · (1/N) Σ_n −log p_{n, t_n}
 * </pre>
 *
 * so the manager learns the clustering while the experts learn to reconstruct the images routed to
 * them. Without a second label the term is absent.
 *
 * <p>Inputs: labels {@code [x]} or {@code [x, t]}; predictions {@code [x̂ (K, N, D), μ (K, N, z),
 * log σ² (K, N, z), p (N, K)]} ({@code MixtureOfVaeExperts}' order).
 *
 * @see <a href="https://arxiv.org/abs/1701.06538">Shazeer et al. 2017, Outrageously Large Neural
 *     Networks</a>
 */
public final class MixtureOfExpertsLoss extends Loss {

    /**
     * Added to {@code p_{n,t}} before the log in the guide term, so a zero probability is finite.
     */
    private static final float GUIDE_FLOOR = 1e-8f;

    /** Prediction index of the manager's probabilities. */
    public static final int PROBABILITIES = 3;

    /** The balancing statistic of the importance vector. */
    public enum Balance implements Choice {
        /** The (population) variance across experts, seed 002's. */
        VARIANCE("variance"),
        /** The squared coefficient of variation, the MoE paper's. */
        CV_SQUARED("cv-squared");

        private final String id;

        Balance(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a balance kind.
         *
         * @param text {@code variance} or {@code cv-squared}
         * @return the kind
         */
        public static Balance parse(String text) {
            return Choice.parse(values(), "balance-kind", "balance kind", text);
        }
    }

    private final ElboLoss expertLoss;
    private final Balance balance;
    private volatile float weight;
    private final float guide;

    private MixtureOfExpertsLoss(Builder b) {
        super("moe");
        this.expertLoss = b.expertLoss;
        this.balance = b.balance;
        this.weight = b.weight;
        this.guide = b.guide;
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
     * Returns the experts' loss.
     *
     * @return the ELBO loss (its β schedule applies)
     */
    public ElboLoss expertLoss() {
        return expertLoss;
    }

    /**
     * Returns the balancing weight.
     *
     * @return {@code w}
     */
    public float weight() {
        return weight;
    }

    /**
     * Returns the guide weight.
     *
     * @return {@code g}; 0 when the loss is unguided
     */
    public float guide() {
        return guide;
    }

    /**
     * Changes the balancing weight, for a schedule.
     *
     * @param w at least 0
     */
    public void setWeight(float w) {
        if (!(w >= 0) || !Float.isFinite(w)) {
            throw new InvalidInputException("balance: must be a finite number >= 0, got " + w);
        }
        this.weight = w;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray p = predictions.get(PROBABILITIES);
        NDArray perExpert = expertLosses(labels, predictions);
        NDArray weighted = p.mul(perExpert.transpose()).sum(new int[] {1}).mean();
        NDArray total = weight == 0f ? weighted : weighted.add(Scalars.mul(balanceTerm(p), weight));
        if (guide > 0f && labels.size() > 1) {
            total = total.add(Scalars.mul(guideTerm(p, labels.get(1)), guide));
        }
        return total;
    }

    /**
     * Returns the manager's mean cross-entropy to target experts (unweighted).
     *
     * @param p {@code (N, K)} probabilities
     * @param targets {@code (N)} target experts, as floats or integers in {@code 0..K-1}
     * @return a scalar, {@code (1/N) Σ_n −log p_{n, t_n}}
     */
    public NDArray guideTerm(NDArray p, NDArray targets) {
        NDArray picked = p.mul(OneHot.of(targets, p.getShape().get(1))).sum(new int[] {1});
        return picked.add(GUIDE_FLOOR).log().neg().mean();
    }

    /**
     * Returns each expert's −ELBO on each image.
     *
     * @param labels {@code [x]}
     * @param predictions the mixture's outputs
     * @return {@code (K, N)}
     */
    public NDArray expertLosses(NDList labels, NDList predictions) {
        return expertLoss.perImage(
                labels.head(),
                predictions.get(ElboLoss.RECONSTRUCTION),
                predictions.get(ElboLoss.MU),
                predictions.get(ElboLoss.LOGVAR));
    }

    /**
     * Returns the balancing statistic {@code B(I)} of a batch's probabilities (unweighted).
     *
     * @param p {@code (N, K)} probabilities
     * @return a scalar
     */
    public NDArray balanceTerm(NDArray p) {
        NDArray importance = p.sum(new int[] {0});
        NDArray mean = importance.mean();
        NDArray variance = importance.sub(mean).square().mean();
        return balance == Balance.VARIANCE ? variance : variance.div(mean.square().add(1e-10f));
    }

    /** Builds a {@link MixtureOfExpertsLoss}. */
    public static final class Builder {
        private ElboLoss expertLoss;
        private Balance balance = Balance.VARIANCE;
        private float weight = 0.1f;
        private float guide;

        private Builder() {}

        /**
         * Sets the weight of the manager's cross-entropy to target experts, read from a second
         * label (default 0: no guidance).
         *
         * @param g at least 0
         * @return this builder
         */
        public Builder optGuide(float g) {
            this.guide = g;
            return this;
        }

        /**
         * Sets the experts' loss (required).
         *
         * @param loss the ELBO
         * @return this builder
         */
        public Builder setExpertLoss(ElboLoss loss) {
            this.expertLoss = loss;
            return this;
        }

        /**
         * Sets the balancing statistic (default variance).
         *
         * @param kind the statistic
         * @return this builder
         */
        public Builder optBalance(Balance kind) {
            this.balance = kind;
            return this;
        }

        /**
         * Sets the balancing weight (default 0.1, seed 002's).
         *
         * @param w at least 0
         * @return this builder
         */
        public Builder optWeight(float w) {
            this.weight = w;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         */
        public MixtureOfExpertsLoss build() {
            if (expertLoss == null) {
                throw new InvalidInputException("moe loss: the expert loss is required");
            }
            if (balance == null) {
                throw new InvalidInputException("moe loss: the balance kind is required");
            }
            if (!(weight >= 0) || !Float.isFinite(weight)) {
                throw new InvalidInputException(
                        "balance: must be a finite number >= 0, got " + weight);
            }
            if (!(guide >= 0) || !Float.isFinite(guide)) {
                throw new InvalidInputException(
                        "guide: must be a finite number >= 0, got " + guide);
            }
            return new MixtureOfExpertsLoss(this);
        }
    }
}
