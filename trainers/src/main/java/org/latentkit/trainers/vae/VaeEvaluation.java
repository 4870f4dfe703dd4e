package org.latentkit.trainers.vae;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
