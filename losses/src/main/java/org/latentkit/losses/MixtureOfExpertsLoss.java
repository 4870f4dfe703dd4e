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
 * <p>Inputs: labels {@code [x]}; predictions {@code [x̂ (K, N, D), μ (K, N, z), log σ² (K, N, z), p
 * (N, K)]} ({@code MixtureOfVaeExperts}' order).
 *
 * @see <a href="https://arxiv.org/abs/1701.06538">Shazeer et al. 2017, Outrageously Large Neural
 *     Networks</a>
 */
public final class MixtureOfExpertsLoss extends Loss {

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

    private MixtureOfExpertsLoss(Builder b) {
        super("moe");
        this.expertLoss = b.expertLoss;
        this.balance = b.balance;
        this.weight = b.weight;
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

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray p = predictions.get(PROBABILITIES);
        NDArray perExpert = expertLosses(labels, predictions);
        NDArray weighted = p.mul(perExpert.transpose()).sum(new int[] {1}).mean();
        return weight == 0f ? weighted : weighted.add(Scalars.mul(balanceTerm(p), weight));
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

        private Builder() {}

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
            return new MixtureOfExpertsLoss(this);
        }
    }
}
