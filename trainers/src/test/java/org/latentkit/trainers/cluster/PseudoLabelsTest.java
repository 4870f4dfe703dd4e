package org.latentkit.trainers.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/** Pseudo-labels: the vote by hand, the seeded draw, and exact recovery of separated clusters. */
class PseudoLabelsTest {

    @Test
    void givenLabelledPointsOnALineWhenPropagateThenMajorityOfNearestAndTiesToTheNearest() {
        float[][] x = {{0}, {1}, {2}, {10}, {0.4f}, {1.6f}, {9}};
        int[] labelled = {0, 1, 2, 3};
        int[] labels = {0, 1, 1, 2};
        int[] out = PseudoLabels.propagate(x, labelled, labels, 3, 3);
        // 0.4: nearest 0 (0), 1 (1), 2 (1): majority 1. 1.6: 2, 1, 0: majority 1.
        // 9: 10 (2), 2 (1), 1 (1): majority 1.
        assertArrayEquals(new int[] {0, 1, 1, 2, 1, 1, 1}, out);
        // With 2 voters: 0.4 sees 0 (label 0) and 1 (label 1), a tie won by the nearer, label 0;
        // 9 sees 10 (2) and 2 (1): the nearer, label 2.
        int[] two = PseudoLabels.propagate(x, labelled, labels, 3, 2);
        assertArrayEquals(new int[] {0, 1, 1, 2, 0, 1, 2}, two);
    }

    @Test
    void givenSeedWhenDrawThenDistinctSortedAndRepeatable() {
        int[] a = PseudoLabels.draw(100, 30, 5);
        assertArrayEquals(a, PseudoLabels.draw(100, 30, 5));
        assertEquals(30, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, PseudoLabels.draw(4, 4, 9));
    }

    /** Five tight blobs of 40 points in 6-D, centres 10 apart on the axes. */
    private static float[][] blobs(int[] truth) {
        Random random = new Random(11);
        float[][] x = new float[200][6];
        for (int i = 0; i < x.length; i++) {
            truth[i] = i % 5;
            for (int j = 0; j < 6; j++) {
                x[i][j] = (j == truth[i] ? 10f : 0f) + (float) (0.1 * random.nextGaussian());
            }
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSeparatedBlobsWhenLabelFromADrawThenEveryPointGetsItsBlobsCluster(String engine) {
        int[] truth = new int[200];
        float[][] x = blobs(truth);
        for (PseudoLabels.Embedding embedding : PseudoLabels.Embedding.values()) {
            PseudoLabels labeller =
                    PseudoLabels.builder()
                            .optClusters(5)
                            .optEmbedding(embedding)
                            .optCount(80)
                            .optPerplexity(10)
                            .optIterations(400)
                            .optSeed(2)
                            .build();
            try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
                PseudoLabels.Result r = labeller.label(m, x);
                assertEquals(80, r.drawn().length);
                Map<Integer, Integer> clusterOfBlob = new HashMap<>();
                for (int i = 0; i < truth.length; i++) {
                    Integer previous = clusterOfBlob.putIfAbsent(truth[i], r.labels()[i]);
                    assertTrue(
                            previous == null || previous == r.labels()[i],
                            embedding + ": blob " + truth[i] + " split");
                }
                assertEquals(5, clusterOfBlob.values().stream().distinct().count());
                assertEquals(
                        embedding == PseudoLabels.Embedding.TSNE, !Double.isNaN(r.klDivergence()));
            }
        }
    }

    @Test
    void givenBadSettingsWhenBuildThenRefusedByName() {
        assertThrows(
                InvalidInputException.class, () -> PseudoLabels.builder().optClusters(1).build());
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> PseudoLabels.builder().optCount(5).build());
        assertTrue(e.getMessage().startsWith("embed-count"));
        assertThrows(InvalidInputException.class, () -> PseudoLabels.Embedding.parse("umap"));
    }
}
