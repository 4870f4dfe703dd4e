package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.concurrent.atomic.AtomicLong;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * The negative evidence lower bound of a VAE, in nats per image, averaged over the batch:
 *
 * <pre>
 *   −ELBO(x) = −log p(x | z = μ + σε) + β · KL(N(μ, σ²) ‖ N(0, I))
 *   KL       = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²)                (Kingma and Welling, Appendix B)
 * </pre>
 *
 * <p>The reconstruction term sums over the {@code D} pixels: {@link Likelihood#BERNOULLI} gives the
 * binary cross-entropy {@code −Σ [x log x̂ + (1 − x) log(1 − x̂)]} ({@code x̂} clipped to [1e-7, 1
 * − 1e-7]); {@link Likelihood#GAUSSIAN} with a fixed {@code σ} gives {@code Σ [(x − x̂)²/(2σ²) +
 * log σ + ½ log 2π]} (seed 002 used σ = 0.5). This loss sums over pixels on purpose: the result is
 * the per-image bound in nats, which is what a VAE paper reports; it still averages over the batch,
 * so the learning rate does not depend on the batch size.
 *
 * <p>{@code β} follows a {@link BetaSchedule} at the step set by {@link #setStep} (a trainer
 * advances it after every training step). With β = 1 the value is the true −ELBO.
 *
 * <p>Inputs: labels {@code [x]} and predictions {@code [x̂, μ, log σ²]} ({@code VaeExpert}'s
 * order). {@link #perImage} also takes expert-major {@code (K, N, D)} reconstructions and {@code
 * (K, N, latent)} codes and returns {@code (K, N)}, for a mixture.
 *
 * @see <a href="https://arxiv.org/abs/1312.6114">Kingma and Welling, Auto-Encoding Variational
 *     Bayes</a>
 */
public final class ElboLoss extends Loss {

    /** Prediction index of the reconstruction. */
    public static final int RECONSTRUCTION = 0;

    /** Prediction index of the posterior mean. */
    public static final int MU = 1;

    /** Prediction index of the posterior log-variance. */
    public static final int LOGVAR = 2;

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** The pixel likelihood. */
    public enum Likelihood implements Choice {
        /** Bernoulli: binary cross-entropy summed over pixels. */
        BERNOULLI("bernoulli"),
        /** Gaussian with a fixed standard deviation. */
        GAUSSIAN("gaussian");

        private final String id;

        Likelihood(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a likelihood.
         *
         * @param text {@code bernoulli} or {@code gaussian}
         * @return the likelihood
         */
        public static Likelihood parse(String text) {
            return Choice.parse(values(), "likelihood", "likelihood", text);
        }
    }

    private final Likelihood likelihood;
    private final float sigma;
    private final BetaSchedule schedule;
    private final AtomicLong step = new AtomicLong();

    private ElboLoss(Builder b) {
        super("elbo");
        this.likelihood = b.likelihood;
        this.sigma = b.sigma;
        this.schedule = b.schedule;
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
     * Returns a copy with β fixed at 1: the true −ELBO, for evaluation.
     *
     * @return the evaluation loss
     */
    public ElboLoss evaluation() {
        return builder()
                .optLikelihood(likelihood)
                .optSigma(sigma)
                .optBeta(new BetaSchedule.Constant(1))
                .build();
    }

    /**
     * Returns the likelihood.
     *
     * @return Bernoulli or Gaussian
     */
    public Likelihood likelihood() {
        return likelihood;
    }

    /**
     * Returns the schedule.
     *
     * @return the β schedule
     */
    public BetaSchedule schedule() {
        return schedule;
    }

    /**
     * Sets the training step that selects β.
     *
     * @param t the 0-based step
     */
    public void setStep(long t) {
        step.set(t);
    }

    /** Advances the training step by one. */
    public void advance() {
        step.incrementAndGet();
    }

    /**
     * Returns the current KL weight.
     *
     * @return {@code β(step)}
     */
    public float beta() {
        return (float) schedule.beta(step.get());
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return perImage(
                        labels.head(),
                        predictions.get(RECONSTRUCTION),
                        predictions.get(MU),
                        predictions.get(LOGVAR))
                .mean();
    }

    /**
     * Returns {@code −log p(x | z) + β · KL} per image.
     *
     * @param x {@code (N, *)} targets with {@code D} values per sample
     * @param recon {@code x}'s shape, or {@code (…, N, D)} (expert-major)
     * @param mu {@code (…, N, latent)}
     * @param logvar {@code (…, N, latent)}
     * @return {@code (…, N)}
     */
    public NDArray perImage(NDArray x, NDArray recon, NDArray mu, NDArray logvar) {
        NDArray rec = reconstruction(x, recon);
        float beta = beta();
        return beta == 0f ? rec : rec.add(Scalars.mul(kl(mu, logvar), beta));
    }

    /**
     * Returns {@code −log p(x | z)} per image, summed over pixels.
     *
     * @param x {@code (N, *)} targets
     * @param recon {@code x}'s shape, or {@code (…, N, D)}
     * @return {@code (…, N)}
     */
    public NDArray reconstruction(NDArray x, NDArray recon) {
        long n = x.getShape().get(0);
        NDArray x2 = x.reshape(n, -1);
        NDArray r = recon.getShape().equals(x.getShape()) ? recon.reshape(n, -1) : recon;
        if (r.getShape().get(r.getShape().dimension() - 1) != x2.getShape().get(1)) {
            throw new InvalidInputException(
                    "elbo: reconstruction "
                            + recon.getShape()
                            + " does not match the input "
                            + x.getShape());
        }
        if (likelihood == Likelihood.BERNOULLI) {
            return Bernoulli.logLikelihood(x2, r).sum(new int[] {-1}).neg();
        }
        // Σ (x̂ − x)² through SquaredError: the same values as square(x − x̂) summed, with a
        // lighter backward pass. PyTorch differentiates square() as pow(d, 2), whose backward
        // runs a pow kernel; d·d's backward makes three passes over d, SquaredError's one; and
        // x − x̂ would send the gradient to x̂ through a negation. The scale and the constant go
        // on the per-image sums, not on every pixel: two passes fewer over the (…, D) array,
        // forward and backward.
        NDArray d = r.sub(x2);
        long pixels = d.getShape().get(d.getShape().dimension() - 1);
        return Scalars.div(SquaredError.sum(d, -1), 2f * sigma * sigma)
                .add((float) (pixels * (Math.log(sigma) + HALF_LOG_2PI)));
    }

    /**
     * Returns the KL divergence of {@code N(μ, σ²)} from {@code N(0, I)} per image, in closed form.
     *
     * @param mu {@code (…, latent)}
     * @param logvar {@code (…, latent)}
     * @return {@code (…)}
     */
    public static NDArray kl(NDArray mu, NDArray logvar) {
        // μ·μ, not square(): the same values and gradients, but PyTorch differentiates square()
        // as pow(μ, 2), whose backward runs a pow kernel
        return Scalars.mul(
                logvar.add(1f).sub(mu.mul(mu)).sub(logvar.exp()).sum(new int[] {-1}), -0.5f);
    }

    /** Builds an {@link ElboLoss}. */
    public static final class Builder {
        private Likelihood likelihood = Likelihood.BERNOULLI;
        private float sigma = 0.5f;
        private BetaSchedule schedule = new BetaSchedule.Constant(1);

        private Builder() {}

        /**
         * Sets the pixel likelihood (default Bernoulli).
         *
         * @param kind the likelihood
         * @return this builder
         */
        public Builder optLikelihood(Likelihood kind) {
            this.likelihood = kind;
            return this;
        }

        /**
         * Sets the Gaussian likelihood's fixed standard deviation (default 0.5, seed 002's).
         *
         * @param s positive
         * @return this builder
         */
        public Builder optSigma(float s) {
            this.sigma = s;
            return this;
        }

        /**
         * Sets the β schedule (default constant 1).
         *
         * @param s the schedule
         * @return this builder
         */
        public Builder optBeta(BetaSchedule s) {
            this.schedule = s;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         */
        public ElboLoss build() {
            if (likelihood == null || schedule == null) {
                throw new InvalidInputException("elbo: likelihood and beta schedule are required");
            }
            if (!(sigma > 0) || !Float.isFinite(sigma)) {
                throw new InvalidInputException("sigma: must be a positive number, got " + sigma);
            }
            return new ElboLoss(this);
        }
    }
}
