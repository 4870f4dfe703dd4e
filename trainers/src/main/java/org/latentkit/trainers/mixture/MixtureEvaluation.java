package org.latentkit.trainers.mixture;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.metrics.ClusterStatistics;
import org.latentkit.api.metrics.HungarianMatching;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.loop.Inference;

/**
 * A trained mixture measured on a labelled test set. Labels are used here only, never in training.
 *
 * <ul>
 *   <li><b>Clustering:</b> the manager's arg-max is the cluster; {@code cluster_accuracy} is the
 *       accuracy under the best one-to-one map from experts to digits (Hungarian matching), with
 *       NMI and the {@code K × 10} confusion counts.
 *   <li><b>−ELBO of the mixture</b> in nats per image, treating the manager as {@code q(k | x)} and
 *       the prior over experts as uniform: {@code Σ_k q_k L_k(x) + Σ_k q_k log(K q_k)}, where
 *       {@code L_k} is expert {@code k}'s −ELBO with one posterior sample (β = 1). It bounds {@code
 *       −log p(x)} of the mixture from above.
 * </ul>
 *
 * @param testElbo the mixture's −ELBO per image, nats
 * @param clusters the manager's arg-max per image
 * @param labels the true digit per image
 * @param experts {@code K}
 * @param clusterAccuracy accuracy under the Hungarian matching
 * @param digitOf the digit each expert is matched to
 * @param nmi normalised mutual information of clusters and digits
 * @param usage the fraction of test images routed to each expert
 */
public record MixtureEvaluation(
        double testElbo,
        int[] clusters,
        int[] labels,
        int experts,
        double clusterAccuracy,
        int[] digitOf,
        double nmi,
        double[] usage) {

    /**
     * Evaluates a mixture.
     *
     * @param model a model whose block is a {@link MixtureOfVaeExperts}
     * @param set labelled images
     * @param norm their normalisation
     * @param loss the experts' likelihood; β is taken as 1
     * @return the evaluation
     */
    public static MixtureEvaluation of(
            Model model, DigitSet set, Normalization norm, ElboLoss loss) {
        MixtureOfVaeExperts mix = mixture(model);
        ElboLoss elbo = loss.evaluation();
        int k = mix.experts();
        int n = set.size();
        int[] clusters = new int[n];
        double sum = 0;
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        for (int from = 0; from < n; from += Inference.BATCH) {
            int to = Math.min(n, from + Inference.BATCH);
            try (NDManager batch = root.newSubManager()) {
                NDArray x = set.images(batch, null, from, to, norm);
                // training = true draws one posterior sample per expert; nothing else differs.
                NDList out = mix.forward(store, new NDList(x), true);
                NDArray p = out.get(MixtureOfVaeExperts.PROBABILITIES);
                NDArray perExpert =
                        elbo.perImage(
                                        x,
                                        out.get(MixtureOfVaeExperts.RECONSTRUCTIONS),
                                        out.get(MixtureOfVaeExperts.MU),
                                        out.get(MixtureOfVaeExperts.LOGVAR))
                                .transpose();
                NDArray categoricalKl = p.mul(Scalars.mul(p, (float) k).add(1e-12f).log());
                sum += p.mul(perExpert).add(categoricalKl).sum().getFloat();
                long[] a = p.argMax(1).toLongArray();
                for (int i = 0; i < a.length; i++) {
                    clusters[from + i] = (int) a[i];
                }
            }
        }
        return fromClusters(sum / n, clusters, set.labels(), k);
    }

    /**
     * Returns the manager's arg-max for every image, for per-epoch monitoring.
     *
     * @param model the mixture
     * @param set the images
     * @param norm their normalisation
     * @return a cluster per image
     */
    public static int[] clusters(Model model, DigitSet set, Normalization norm) {
        MixtureOfVaeExperts mix = mixture(model);
        int[] clusters = new int[set.size()];
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        for (int from = 0; from < set.size(); from += Inference.BATCH) {
            int to = Math.min(set.size(), from + Inference.BATCH);
            try (NDManager batch = root.newSubManager()) {
                long[] a =
                        mix.probabilities(store, set.images(batch, null, from, to, norm), false)
                                .argMax(1)
                                .toLongArray();
                for (int i = 0; i < a.length; i++) {
                    clusters[from + i] = (int) a[i];
                }
            }
        }
        return clusters;
    }

    /**
     * Scores given clusters against labels.
     *
     * @param testElbo the −ELBO to carry (NaN if unknown)
     * @param clusters cluster per image
     * @param labels digit per image
     * @param k the number of clusters
     * @return the evaluation
     */
    public static MixtureEvaluation fromClusters(
            double testElbo, int[] clusters, int[] labels, int k) {
        HungarianMatching.ClusterAccuracy acc =
                HungarianMatching.clusterAccuracy(clusters, labels, k, 10);
        double nmi = ClusterStatistics.normalizedMutualInformation(clusters, labels, k, 10);
        double[] usage = new double[k];
        for (int c : clusters) {
            usage[c] += 1.0 / clusters.length;
        }
        return new MixtureEvaluation(
                testElbo, clusters, labels, k, acc.accuracy(), acc.classOf(), nmi, usage);
    }

    private static MixtureOfVaeExperts mixture(Model model) {
        if (!(model.getBlock() instanceof MixtureOfVaeExperts mix)) {
            throw new InvalidInputException(
                    "mixture evaluation: the model is not a mixture of VAE experts");
        }
        return mix;
    }

    /**
     * Returns the {@code K × 10} counts of images per expert and digit.
     *
     * @return counts
     */
    public double[][] confusion() {
        double[][] c = new double[experts][10];
        for (int i = 0; i < clusters.length; i++) {
            c[clusters[i]][labels[i]]++;
        }
        return c;
    }

    /**
     * Returns, per expert, the share of its images that are its matched digit.
     *
     * @return purities in [0, 1], NaN for an unused expert
     */
    public double[] purity() {
        double[][] c = confusion();
        double[] p = new double[experts];
        for (int e = 0; e < experts; e++) {
            double total = 0;
            for (double v : c[e]) {
                total += v;
            }
            int d = digitOf[e];
            p[e] = total == 0 || d < 0 || d >= 10 ? Double.NaN : c[e][d] / total;
        }
        return p;
    }

    /**
     * Returns the metrics for {@code metrics.json}.
     *
     * @return {@code test_elbo}, {@code cluster_accuracy}, {@code nmi}, {@code test_expert_usage},
     *     {@code expert_digit}
     */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_elbo", testElbo);
        m.put("cluster_accuracy", clusterAccuracy);
        m.put("nmi", nmi);
        m.put("test_expert_usage", usage);
        List<Integer> digits = new ArrayList<>();
        for (int d : digitOf) {
            digits.add(d);
        }
        m.put("expert_digit", digits);
        m.put("expert_purity", purity());
        return m;
    }
}
