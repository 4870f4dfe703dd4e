package org.latentkit.trainers.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/** k-means on synthetic blobs: exact recovery up to permutation, determinism, hand-worked cases. */
class KMeansTest {

    private static final int K = 5;
    private static final int PER_BLOB = 40;
    private static final int D = 8;

    /** Five tight Gaussian blobs (σ 0.05) whose centres lie 10 apart on the axes. */
    private static float[] blobs(int[] truth) {
        Random random = new Random(7);
        float[] data = new float[K * PER_BLOB * D];
        for (int i = 0; i < K * PER_BLOB; i++) {
            int blob = i % K;
            truth[i] = blob;
            for (int j = 0; j < D; j++) {
                float centre = j == blob ? 10f : 0f;
                data[i * D + j] = centre + (float) (0.05 * random.nextGaussian());
            }
        }
        return data;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenWellSeparatedBlobs_whenFit_thenEveryBlobIsOneClusterExactly(String engine) {
        int[] truth = new int[K * PER_BLOB];
        float[] data = blobs(truth);
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(data).reshape(K * PER_BLOB, D);
            // several seeds, one restart each: k-means++ must find all five blobs every time
            for (long seed = 1; seed <= 5; seed++) {
                KMeans.Result r = KMeans.builder().setClusters(K).optSeed(seed).build().fit(x);
                Map<Integer, Integer> clusterOfBlob = new HashMap<>();
                for (int i = 0; i < truth.length; i++) {
                    Integer previous = clusterOfBlob.putIfAbsent(truth[i], r.assignments()[i]);
                    assertTrue(
                            previous == null || previous == r.assignments()[i],
                            "seed " + seed + ": blob " + truth[i] + " split over clusters");
                }
                assertEquals(K, clusterOfBlob.values().stream().distinct().count());
                // each centre sits on its blob's mean: within 0.05 of (10 e_b)
                for (int b = 0; b < K; b++) {
                    float[] c = r.centres()[clusterOfBlob.get(b)];
                    for (int j = 0; j < D; j++) {
                        assertEquals(j == b ? 10f : 0f, c[j], 0.05f);
                    }
                }
                // inertia ≈ N·D·σ² = 200·8·0.0025 = 4, far below one misplaced point's ~100
                assertEquals(4.0, r.inertia(), 1.0);
                assertArrayEquals(r.assignments(), r.predict(x));
            }
        }
    }

    @Test
    void givenSameSeed_whenFitTwice_thenIdentical() {
        int[] truth = new int[K * PER_BLOB];
        float[] data = blobs(truth);
        Random noise = new Random(3);
        for (int i = 0; i < data.length; i++) {
            data[i] += (float) (4 * noise.nextGaussian()); // overlapping blobs: seeding matters
        }
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(data).reshape(K * PER_BLOB, D);
            KMeans kmeans = KMeans.builder().setClusters(K).optSeed(11).optRestarts(3).build();
            KMeans.Result a = kmeans.fit(x);
            KMeans.Result b = kmeans.fit(x);
            assertArrayEquals(a.assignments(), b.assignments());
            assertEquals(a.inertia(), b.inertia(), 0.0);
        }
    }

    @Test
    void givenFourPointsOnALine_whenTwoClusters_thenHandComputedCentresAndInertia() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 10, 12}).reshape(4, 1);
            KMeans.Result r = KMeans.builder().setClusters(2).optSeed(1).build().fit(x);
            // {0,1} → 0.5 and {10,12} → 11; inertia 0.25+0.25+1+1 = 2.5
            float lo = Math.min(r.centres()[0][0], r.centres()[1][0]);
            float hi = Math.max(r.centres()[0][0], r.centres()[1][0]);
            assertEquals(0.5f, lo, 1e-6f);
            assertEquals(11f, hi, 1e-6f);
            assertEquals(2.5, r.inertia(), 1e-5);
            assertEquals(r.assignments()[0], r.assignments()[1]);
            assertEquals(r.assignments()[2], r.assignments()[3]);
        }
    }

    @Test
    void givenBadOptions_whenBuildOrFit_thenOneLineNamingTheProblem() {
        InvalidInputException one =
                assertThrows(
                        InvalidInputException.class, () -> KMeans.builder().setClusters(1).build());
        assertEquals("clusters: k-means needs at least 2 clusters, got 1", one.getMessage());
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2}).reshape(3, 1);
            InvalidInputException few =
                    assertThrows(
                            InvalidInputException.class,
                            () -> KMeans.builder().setClusters(4).build().fit(x));
            assertEquals("k-means: 3 points cannot make 4 clusters", few.getMessage());
        }
    }
}
