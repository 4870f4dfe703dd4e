package org.latentkit.api.metrics;

import java.util.Arrays;
import org.latentkit.core.InvalidInputException;

/**
 * The assignment problem, solved exactly by the Hungarian (Kuhn–Munkres) method, and the
 * unsupervised clustering accuracy built on it.
 *
 * <p>{@link #minimumCostAssignment} takes an {@code r × c} cost matrix with {@code r ≤ c} and
 * returns for every row a distinct column such that the summed cost is minimal. It is the O(r²·c)
 * shortest-augmenting-path form with row and column potentials (Kuhn 1955, Munkres 1957; the
 * formulation of Jonker and Volgenant). Costs must be finite.
 *
 * <p>{@link #clusterAccuracy} is the usual "ACC" of unsupervised clustering: the fraction of
 * samples that are right under the best one-to-one map from clusters to classes, {@code max_m (1/N)
 * Σ_s [m(cluster_s) = label_s]}. With more clusters than classes (16 buckets of a 4-bit code
 * against 10 digits), only one cluster per class is credited and the samples in the other clusters
 * count wrong, so a model never gets credit for more groups than there are classes.
 *
 * @see <a href="https://doi.org/10.1002/nav.3800020109">Kuhn, The Hungarian method for the
 *     assignment problem (1955)</a>
 */
public final class HungarianMatching {

    private HungarianMatching() {}

    /**
     * Returns a minimum-cost assignment of rows to distinct columns.
     *
     * @param cost {@code r × c} finite costs, {@code 1 ≤ r ≤ c}
     * @return {@code assignment[row] = column}
     */
    public static int[] minimumCostAssignment(double[][] cost) {
        int rows = cost.length;
        if (rows == 0) {
            throw new InvalidInputException("assignment: the cost matrix has no rows");
        }
        int cols = cost[0].length;
        if (rows > cols) {
            throw new InvalidInputException(
                    "assignment: needs rows <= columns, got "
                            + rows
                            + " x "
                            + cols
                            + " (transpose it)");
        }
        for (double[] row : cost) {
            if (row.length != cols) {
                throw new InvalidInputException("assignment: rows have different lengths");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException("assignment: costs must be finite, got " + v);
                }
            }
        }
        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        double[] u = new double[rows + 1];
        double[] v = new double[cols + 1];
        int[] rowOfCol = new int[cols + 1];
        int[] way = new int[cols + 1];
        for (int i = 1; i <= rows; i++) {
            rowOfCol[0] = i;
            int col0 = 0;
            double[] minv = new double[cols + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[cols + 1];
            do {
                used[col0] = true;
                int i0 = rowOfCol[col0];
                double delta = Double.POSITIVE_INFINITY;
                int col1 = 0;
                for (int j = 1; j <= cols; j++) {
                    if (!used[j]) {
                        double reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (reduced < minv[j]) {
                            minv[j] = reduced;
                            way[j] = col0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            col1 = j;
                        }
                    }
                }
                for (int j = 0; j <= cols; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                col0 = col1;
            } while (rowOfCol[col0] != 0);
            do {
                int col1 = way[col0];
                rowOfCol[col0] = rowOfCol[col1];
                col0 = col1;
            } while (col0 != 0);
        }
        int[] assignment = new int[rows];
        for (int j = 1; j <= cols; j++) {
            if (rowOfCol[j] != 0) {
                assignment[rowOfCol[j] - 1] = j - 1;
            }
        }
        return assignment;
    }

    /**
     * Returns a maximum-weight one-to-one matching between the rows and columns of any matrix: with
     * more rows than columns, some rows stay unmatched.
     *
     * @param weight {@code r × c} finite weights
     * @return {@code match[row] = column}, or {@code -1} for an unmatched row
     */
    public static int[] maximumWeightMatching(double[][] weight) {
        int rows = weight.length;
        int cols = rows == 0 ? 0 : weight[0].length;
        if (rows == 0 || cols == 0) {
            throw new InvalidInputException("matching: the weight matrix is empty");
        }
        boolean transpose = rows > cols;
        int r = transpose ? cols : rows;
        int c = transpose ? rows : cols;
        double[][] cost = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                cost[i][j] = -(transpose ? weight[j][i] : weight[i][j]);
            }
        }
        int[] a = minimumCostAssignment(cost);
        int[] match = new int[rows];
        Arrays.fill(match, -1);
        for (int i = 0; i < r; i++) {
            if (transpose) {
                match[a[i]] = i;
            } else {
                match[i] = a[i];
            }
        }
        return match;
    }

    /**
     * What the best cluster-to-class map gave.
     *
     * @param accuracy fraction of samples whose cluster maps to their class
     * @param classOf {@code classOf[cluster]}: the matched class, or {@code -1} for an unmatched
     *     cluster (its samples count wrong)
     */
    public record ClusterAccuracy(double accuracy, int[] classOf) {}

    /**
     * Returns the clustering accuracy under the best one-to-one cluster-to-class map.
     *
     * @param clusters cluster per sample, in {@code 0..numClusters-1}
     * @param labels class per sample, in {@code 0..classes-1}
     * @param numClusters the number of clusters k
     * @param classes the number of classes
     * @return the accuracy and the map
     */
    public static ClusterAccuracy clusterAccuracy(
            int[] clusters, int[] labels, int numClusters, int classes) {
        if (clusters.length != labels.length) {
            throw new InvalidInputException(
                    "cluster accuracy: "
                            + clusters.length
                            + " clusters but "
                            + labels.length
                            + " labels");
        }
        double[][] counts = new double[numClusters][classes];
        for (int s = 0; s < clusters.length; s++) {
            if (clusters[s] < 0
                    || clusters[s] >= numClusters
                    || labels[s] < 0
                    || labels[s] >= classes) {
                throw new InvalidInputException(
                        "cluster accuracy: sample "
                                + s
                                + " has cluster "
                                + clusters[s]
                                + " and label "
                                + labels[s]
                                + ", outside 0.."
                                + (numClusters - 1)
                                + " and 0.."
                                + (classes - 1));
            }
            counts[clusters[s]][labels[s]]++;
        }
        int[] classOf = maximumWeightMatching(counts);
        double right = 0;
        for (int k = 0; k < numClusters; k++) {
            if (classOf[k] >= 0) {
                right += counts[k][classOf[k]];
            }
        }
        return new ClusterAccuracy(clusters.length == 0 ? 0 : right / clusters.length, classOf);
    }
}
