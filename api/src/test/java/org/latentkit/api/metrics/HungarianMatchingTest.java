package org.latentkit.api.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latentkit.core.InvalidInputException;

class HungarianMatchingTest {

    @Test
    void givenPermutedLabelling_whenClusterAccuracy_thenExactlyOne() {
        int[] perm = {3, 7, 0, 9, 1, 4, 8, 2, 6, 5};
        Random rng = new Random(1);
        int[] labels = new int[1000];
        int[] clusters = new int[1000];
        for (int s = 0; s < labels.length; s++) {
            labels[s] = rng.nextInt(10);
            clusters[s] = perm[labels[s]];
        }
        HungarianMatching.ClusterAccuracy acc =
                HungarianMatching.clusterAccuracy(clusters, labels, 10, 10);
        assertEquals(1.0, acc.accuracy());
        for (int c = 0; c < 10; c++) {
            assertEquals(c, acc.classOf()[perm[c]]);
        }
    }

    @Test
    void givenMoreClustersThanClasses_whenClusterAccuracy_thenOneClusterPerClassCredited() {
        // 2 classes, 3 clusters: class 0 is split over clusters 0 (3 samples) and 1 (2 samples);
        // class 1 is cluster 2 (4 samples) plus 1 sample in cluster 0.
        // Best map: 0->0, 2->1, cluster 1 unmatched: right = 3 + 4 = 7 of 10.
        int[] clusters = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        HungarianMatching.ClusterAccuracy acc =
                HungarianMatching.clusterAccuracy(clusters, labels, 3, 2);
        assertEquals(0.7, acc.accuracy(), 1e-12);
        assertArrayEquals(new int[] {0, -1, 1}, acc.classOf());
    }

    @Test
    void givenGreedyTrap_whenAssigned_thenOptimumNotGreedy() {
        // Greedy takes (0,0)=1 then (1,1)=100: 101. The optimum is (0,1)+(1,0) = 2 + 3 = 5.
        double[][] cost = {{1, 2}, {3, 100}};
        assertArrayEquals(new int[] {1, 0}, HungarianMatching.minimumCostAssignment(cost));
    }

    @Test
    void givenRandomRectangularCosts_whenAssigned_thenMatchesBruteForce() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int r = 1 + rng.nextInt(4);
            int c = r + rng.nextInt(3);
            double[][] cost = new double[r][c];
            for (double[] row : cost) {
                for (int j = 0; j < c; j++) {
                    row[j] = rng.nextInt(20) - 5;
                }
            }
            int[] a = HungarianMatching.minimumCostAssignment(cost);
            boolean[] seen = new boolean[c];
            double total = 0;
            for (int i = 0; i < r; i++) {
                assertEquals(false, seen[a[i]], "column used twice");
                seen[a[i]] = true;
                total += cost[i][a[i]];
            }
            assertEquals(bruteForce(cost, 0, new boolean[c]), total, 1e-9, "trial " + trial);
        }
    }

    private static double bruteForce(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row][j] + bruteForce(cost, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }

    @Test
    void givenMoreRowsThanColumns_whenAssigned_thenRejected() {
        double[][] cost = {{1}, {2}};
        assertThrows(
                InvalidInputException.class, () -> HungarianMatching.minimumCostAssignment(cost));
    }
}
