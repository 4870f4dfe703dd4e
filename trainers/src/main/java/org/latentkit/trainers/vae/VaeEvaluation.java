package org.latentkit.trainers.vae;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.loop.Inference;

/**
 * A trained VAE measured on a test set: the negative ELBO in nats per image (β = 1, one posterior
 * sample per image, as the PyTorch example's test loop does), its reconstruction and KL parts, and
 * the posterior means of every image.
 *
 * @param testElbo mean −ELBO per image, nats
 * @param reconstruction mean −log p(x | z) per image, nats
 * @param kl mean KL(q(z | x) ‖ p(z)) per image, nats
 * @param latent the code size
 * @param mu {@code n × latent} posterior means, image after image
 * @param meanReconstructions decoded posterior means of the first {@link #KEPT} images, {@code ×
 *     784}
 * @param set the evaluated images
 */
public record VaeEvaluation(
        double testElbo,
        double reconstruction,
        double kl,
        int latent,
        float[] mu,
        float[] meanReconstructions,
        DigitSet set) {

    /** How many images' reconstructions are kept for figures. */
    public static final int KEPT = 1000;

    /**
     * Evaluates a VAE.
     *
     * @param model a model whose block is a {@link VaeExpert}
     * @param set the images
     * @param norm their normalisation
     * @param loss the likelihood to score with; β is taken as 1
     * @return the evaluation
     */
    public static VaeEvaluation of(Model model, DigitSet set, Normalization norm, ElboLoss loss) {
        if (!(model.getBlock() instanceof VaeExpert vae)) {
            throw new InvalidInputException("vae evaluation: the model is not a VAE");
        }
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        int n = set.size();
        float[] mus = new float[n * vae.latent()];
        int kept = Math.min(KEPT, n);
        float[] recons = new float[kept * vae.inputSize()];
        double rec = 0;
        double kl = 0;
        for (int from = 0; from < n; from += Inference.BATCH) {
            int to = Math.min(n, from + Inference.BATCH);
            try (NDManager batch = root.newSubManager()) {
                NDArray x = set.images(batch, null, from, to, norm);
                NDList post = vae.encode(store, x, false);
                NDArray mu = post.get(0);
                NDArray logvar = post.get(1);
                NDArray z =
                        mu.add(
                                batch.randomNormal(mu.getShape())
                                        .mul(Scalars.mul(logvar, 0.5f).exp()));
                rec += loss.reconstruction(x, vae.decode(store, z, false)).sum().getFloat();
                kl += ElboLoss.kl(mu, logvar).sum().getFloat();
                float[] m = mu.toFloatArray();
                System.arraycopy(m, 0, mus, from * vae.latent(), m.length);
                if (from < kept) {
                    int upto = Math.min(to, kept);
                    float[] r =
                            vae.decode(store, mu.get("0:" + (upto - from)), false).toFloatArray();
                    System.arraycopy(r, 0, recons, from * vae.inputSize(), r.length);
                }
            }
        }
        return new VaeEvaluation((rec + kl) / n, rec / n, kl / n, vae.latent(), mus, recons, set);
    }

    /**
     * The importance-weighted bound of Burda, Grosse and Salakhutdinov (2015) on a test set:
     *
     * <pre>
     *   log p(x) ≥ L_K(x) = E[ log (1/K) Σ_k w_k ],   w_k = p(x | z_k) p(z_k) / q(z_k | x),
     *   z_k = μ(x) + σ(x) ⊙ ε_k,  ε_k ~ N(0, I)
     * </pre>
     *
     * with {@code p(x | z)} the likelihood of {@code loss} (the same Bernoulli or Gaussian terms as
     * the ELBO's reconstruction), {@code p(z) = N(0, I)} and {@code q(z | x) = N(μ, diag σ²)}, all
     * constants included, and the mean of the weights taken by log-sum-exp. {@code L_1} is the
     * one-sample ELBO with a Monte Carlo KL (its expectation is the ELBO); {@code L_K} grows with
     * {@code K} towards {@code log p(x)}.
     *
     * @param bound mean {@code −L_K} per image, nats (the sign of {@link #testElbo}: lower is
     *     better, and at most the −ELBO in expectation)
     * @param samples {@code K}
     * @param images how many images were scored
     * @see <a href="https://arxiv.org/abs/1509.00519">Burda et al., Importance Weighted
     *     Autoencoders</a>
     */
    public record IwBound(double bound, int samples, int images) {

        /**
         * Returns the metrics for {@code metrics.json}.
         *
         * @return {@code test_iw_bound} (nats per image, −L_K) and {@code iw_samples}
         */
        public Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_iw_bound", bound);
            m.put("iw_samples", samples);
            return m;
        }
    }

    /**
     * Scores a set with the importance-weighted bound, {@code K} posterior samples per image, in
     * batches of about {@link Inference#BATCH} rows (images × K). The noise is drawn from each
     * batch's manager, so seeding the engine first makes the result reproducible.
     *
     * @param model a model whose block is a {@link VaeExpert}
     * @param set the images
     * @param norm their normalisation
     * @param loss the likelihood to score with (β plays no part)
     * @param k samples per image, at least 1
     * @return the bound
     */
    public static IwBound importanceWeighted(
            Model model, DigitSet set, Normalization norm, ElboLoss loss, int k) {
        if (!(model.getBlock() instanceof VaeExpert vae)) {
            throw new InvalidInputException("vae evaluation: the model is not a VAE");
        }
        if (k < 1) {
            throw new InvalidInputException("samples: must be a positive number, got " + k);
        }
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        int n = set.size();
        int step = Math.max(1, Inference.BATCH / k);
        double total = 0;
        for (int from = 0; from < n; from += step) {
            int to = Math.min(n, from + step);
            try (NDManager batch = root.newSubManager()) {
                NDArray x = set.images(batch, null, from, to, norm);
                NDArray eps = batch.randomNormal(new Shape(k, to - from, vae.latent()));
                total += importanceWeighted(vae, store, x, loss, eps).sum().getFloat();
            }
        }
        return new IwBound(-total / n, k, n);
    }

    /**
     * Returns {@code L_K} per image for given noise.
     *
     * @param vae the VAE
     * @param store its parameters
     * @param x {@code (N, *)} images
     * @param loss the likelihood
     * @param eps {@code (K, N, latent)} standard normal noise
     * @return {@code (N)} bounds, nats (log-likelihood side: negative numbers)
     */
    public static NDArray importanceWeighted(
            VaeExpert vae, ParameterStore store, NDArray x, ElboLoss loss, NDArray eps) {
        long k = eps.getShape().get(0);
        long n = eps.getShape().get(1);
        NDList post = vae.encode(store, x, false);
        NDArray mu = post.get(0);
        NDArray logvar = post.get(1);
        NDArray z = mu.add(eps.mul(Scalars.mul(logvar, 0.5f).exp()));
        NDArray recon =
                vae.decode(store, z.reshape(k * n, vae.latent()), false)
                        .reshape(k, n, vae.inputSize());
        return logMeanExp(logWeights(loss, x, recon, mu, logvar, z));
    }

    /**
     * Returns the log importance weights {@code log p(x | z_k) + log p(z_k) − log q(z_k | x)}.
     *
     * @param loss the likelihood
     * @param x {@code (N, *)} images
     * @param recon {@code (K, N, D)} decoded {@code z}
     * @param mu {@code (N, latent)} posterior means
     * @param logvar {@code (N, latent)} posterior log-variances
     * @param z {@code (K, N, latent)} codes
     * @return {@code (K, N)} log weights, nats
     */
    public static NDArray logWeights(
            ElboLoss loss, NDArray x, NDArray recon, NDArray mu, NDArray logvar, NDArray z) {
        // log p(z) − log q(z|x) = Σ_j [−½ z_j² + ½ (z_j − μ_j)² / σ_j² + ½ log σ_j²]: the two
        // −½ log 2π per dimension cancel.
        NDArray logPrior = Scalars.mul(z.square().sum(new int[] {-1}), -0.5f);
        NDArray logPosterior =
                Scalars.mul(
                        z.sub(mu).square().mul(logvar.neg().exp()).add(logvar).sum(new int[] {-1}),
                        -0.5f);
        return loss.reconstruction(x, recon).neg().add(logPrior).sub(logPosterior);
    }

    /**
     * Returns {@code log (1/K) Σ_k exp(w_k)} over the first axis, computed stably (the largest
     * weight is factored out).
     *
     * @param logWeights {@code (K, …)}
     * @return {@code (…)}
     */
    public static NDArray logMeanExp(NDArray logWeights) {
        long k = logWeights.getShape().get(0);
        NDArray top = logWeights.max(new int[] {0}, true);
        return logWeights
                .sub(top)
                .exp()
                .sum(new int[] {0})
                .log()
                .add(top.squeeze(0))
                .sub((float) Math.log(k));
    }

    /**
     * Returns the metrics for {@code metrics.json}.
     *
     * @return {@code test_elbo}, {@code test_reconstruction}, {@code test_kl}
     */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_elbo", testElbo);
        m.put("test_reconstruction", reconstruction);
        m.put("test_kl", kl);
        m.put("test_images", set.size());
        return m;
    }
}
