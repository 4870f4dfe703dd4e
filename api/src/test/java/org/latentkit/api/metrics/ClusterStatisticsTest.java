package org.latentkit.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterStatisticsTest {

    @Test
    void givenFourEquallyUsedClusters_whenEntropy_thenTwoBits() {
        assertEquals(
                2.0, ClusterStatistics.entropyBits(new int[] {0, 1, 2, 3, 3, 2, 1, 0}, 8), 1e-12);
        assertEquals(0.0, ClusterStatistics.entropyBits(new int[] {5, 5, 5}, 8), 1e-12);
    }

    @Test
    void givenRenamedLabels_whenNmi_thenOne() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] clusters = {7, 7, 3, 3, 0, 0};
        assertEquals(
                1.0, ClusterStatistics.normalizedMutualInformation(clusters, labels, 8, 3), 1e-12);
    }

    @Test
    void givenIndependentClusters_whenNmi_thenZero() {
        // Every (cluster, label) pair occurs once: p(k,c) = p(k) p(c), so I = 0.
        int[] clusters = {0, 0, 1, 1};
        int[] labels = {0, 1, 0, 1};
        assertEquals(
                0.0, ClusterStatistics.normalizedMutualInformation(clusters, labels, 2, 2), 1e-12);
    }

    @Test
    void givenHandComputedCase_whenNmi_thenMatches() {
        // clusters {0,0,1,1}, labels {0,0,0,1}: H(U) = ln2 = 0.693147, H(V) = −(¾ln¾ + ¼ln¼) =
        // 0.562335,
        // I = ½ln(4·2/(2·3)) + ¼ln(4·1/(2·3)) + ¼ln(4·1/(2·1)) = ½ln(4/3) + ¼ln(2/3) + ¼ln2 =
        // 0.215762,
        // NMI = 2·0.215762 / (0.693147 + 0.562335) = 0.343711.
        int[] clusters = {0, 0, 1, 1};
        int[] labels = {0, 0, 0, 1};
        assertEquals(
                0.343711,
                ClusterStatistics.normalizedMutualInformation(clusters, labels, 2, 2),
                1e-6);
    }
}
