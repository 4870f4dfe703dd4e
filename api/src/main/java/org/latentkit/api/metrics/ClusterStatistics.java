package org.latentkit.api.metrics;

import org.latentkit.core.InvalidInputException;

/**
 * Information-theoretic summaries of a clustering (or bucketing): how spread out it is and how much
 * it says about the labels.
 */
public final class ClusterStatistics {

    private ClusterStatistics() {}

    /**
     * Returns the entropy of the cluster distribution, {@code H = −Σ_k p_k log₂ p_k} in bits. It is
     * at most {@code log₂(numClusters)} (7 bits for 128 equally used buckets) and 0 when every
     * sample shares one cluster.
     *
     * @param clusters cluster per sample, in {@code 0..numClusters-1}
     * @param numClusters the number of clusters
     * @return the entropy in bits
     */
    public static double entropyBits(int[] clusters, int numClusters) {
        return entropy(histogram(clusters, numClusters, "cluster"), clusters.length) / Math.log(2);
    }

    /**
     * Returns the normalised mutual information between cluster and label, {@code NMI = 2 I(U;V) /
     * (H(U) + H(V))} (the arithmetic-mean normalisation, scikit-learn's default). 1 when the
     * clusters are the classes (up to renaming), 0 when they are independent; 0 also when both are
     * constant.
     *
     * @param clusters cluster per sample, in {@code 0..numClusters-1}
     * @param labels label per sample, in {@code 0..classes-1}
     * @param numClusters the number of clusters
     * @param classes the number of classes
     * @return the NMI in [0, 1]
     */
    public static double normalizedMutualInformation(
            int[] clusters, int[] labels, int numClusters, int classes) {
        if (clusters.length != labels.length) {
            throw new InvalidInputException(
                    "NMI: " + clusters.length + " clusters but " + labels.length + " labels");
        }
        int n = clusters.length;
        if (n == 0) {
            return 0;
        }
        int[] pu = histogram(clusters, numClusters, "cluster");
        int[] pv = histogram(labels, classes, "label");
        long[][] joint = new long[numClusters][classes];
        for (int s = 0; s < n; s++) {
            joint[clusters[s]][labels[s]]++;
        }
        double mi = 0;
        for (int k = 0; k < numClusters; k++) {
            for (int c = 0; c < classes; c++) {
                if (joint[k][c] > 0) {
                    // p(k,c) log( p(k,c) / (p(k) p(c)) ) = (n_kc/N) log( N n_kc / (n_k n_c) )
                    mi +=
                            (double) joint[k][c]
                                    / n
                                    * Math.log((double) n * joint[k][c] / ((double) pu[k] * pv[c]));
                }
            }
        }
        double hu = entropy(pu, n);
        double hv = entropy(pv, n);
        if (hu + hv == 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, 2 * mi / (hu + hv)));
    }

    private static int[] histogram(int[] values, int limit, String what) {
        int[] h = new int[limit];
        for (int v : values) {
            if (v < 0 || v >= limit) {
                throw new InvalidInputException(what + " " + v + " is outside 0.." + (limit - 1));
            }
            h[v]++;
        }
        return h;
    }

    /** Entropy in nats of a histogram with total n. */
    private static double entropy(int[] counts, int n) {
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
