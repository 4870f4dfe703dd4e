package org.latentkit.trainers.tsne;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latentkit.core.InvalidInputException;

/** The sparse-affinity t-SNE: affinities by hand, symmetry, separation of blobs, determinism. */
class NeighbourTsneTest {

    /** {@code k} tight blobs (σ 0.1) of {@code per} points in 8-D, centres 10 apart on the axes. */
    static float[][] blobs(int k, int per, int[] truth) {
        Random random = new Random(3);
        float[][] x = new float[k * per][8];
        for (int i = 0; i < x.length; i++) {
            truth[i] = i % k;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (j == truth[i] ? 10f : 0f) + (float) (0.1 * random.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void givenTiesWhenNearestThenSmallestFirstAndTiesByIndex() {
        double[] d = {3, 1, Double.POSITIVE_INFINITY, 1, 0.5, 7};
        assertArrayEquals(new int[] {4, 1, 3}, Neighbours.nearest(d, 3));
        assertArrayEquals(new int[] {4}, Neighbours.nearest(d, 1));
        assertEquals(
                14.0, Neighbours.squaredDistance(new float[] {1, 2, 3}, new float[] {0, 0, 0}));
    }

    @Test
    void givenRowDistancesWhenRowAffinitiesThenEntropyIsLogPerplexity() {
        // Two equidistant neighbours: p = (1/2, 1/2) whatever β, entropy ln 2.
        float[] even = NeighbourTsne.rowAffinities(new double[] {4, 4}, Math.log(2));
        assertEquals(0.5f, even[0], 1e-6f);
        assertEquals(0.5f, even[1], 1e-6f);
        // Distances 0..5 at perplexity 3: the row sums to 1, falls with distance, and its
        // entropy −Σ p ln p is ln 3.
        float[] p = NeighbourTsne.rowAffinities(new double[] {0, 1, 2, 3, 4, 5}, Math.log(3));
        double sum = 0;
        double entropy = 0;
        for (int a = 0; a < p.length; a++) {
            sum += p[a];
            entropy -= p[a] * Math.log(p[a]);
            if (a > 0) {
                assertTrue(p[a] < p[a - 1]);
            }
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(Math.log(3), entropy, 1e-4);
    }

    @Test
    void givenPointsWhenAffinitiesThenSymmetricNonNegativeAndSumToOne() {
        int[] truth = new int[60];
        NeighbourTsne.Sparse p = NeighbourTsne.affinities(blobs(3, 20, truth), 9, 3);
        double total = 0;
        for (int i = 0; i < 60; i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                int j = p.cols()[e];
                assertTrue(j != i && p.values()[e] >= 0);
                assertEquals(p.values()[e], value(p, j, i), 1e-9f, "p_ij = p_ji");
                total += p.values()[e];
            }
        }
        assertEquals(1, total, 1e-5);
    }

    private static float value(NeighbourTsne.Sparse p, int i, int j) {
        for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
            if (p.cols()[e] == j) {
                return p.values()[e];
            }
        }
        return 0f;
    }

    @Test
    void givenBlobsWhenEmbedThenEachBlobStaysTogetherAndApartFromTheOthers() {
        int k = 4;
        int[] truth = new int[k * 30];
        float[][] x = blobs(k, 30, truth);
        Tsne.Embedding e = NeighbourTsne.embed(x, NeighbourTsne.forPoints(x.length, 10, 500, 1));
        // Every point's nearest other point in 2-D belongs to its own blob, and every blob's
        // diameter is smaller than its distance to any other blob.
        double[] within = new double[k];
        double between = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double d =
                        Math.hypot(
                                e.points()[i][0] - e.points()[j][0],
                                e.points()[i][1] - e.points()[j][1]);
                if (truth[i] == truth[j]) {
                    within[truth[i]] = Math.max(within[truth[i]], d);
                } else {
                    between = Math.min(between, d);
                }
            }
        }
        for (int b = 0; b < k; b++) {
            assertTrue(within[b] < between, "blob " + b + ": " + within[b] + " vs " + between);
        }
        assertTrue(e.klDivergence() >= 0 && Double.isFinite(e.klDivergence()));
    }

    @Test
    void givenSeedWhenEmbedTwiceThenSameBitsAndAnotherSeedDiffers() {
        int[] truth = new int[60];
        float[][] x = blobs(3, 20, truth);
        Tsne.Embedding a = NeighbourTsne.embed(x, NeighbourTsne.forPoints(60, 5, 100, 7));
        Tsne.Embedding b = NeighbourTsne.embed(x, NeighbourTsne.forPoints(60, 5, 100, 7));
        Tsne.Embedding c = NeighbourTsne.embed(x, NeighbourTsne.forPoints(60, 5, 100, 8));
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(a.points()[i], b.points()[i]);
        }
        assertFalse(java.util.Arrays.equals(a.points()[0], c.points()[0]));
    }

    @Test
    void givenTooFewPointsOrTooHighPerplexityWhenEmbedThenRefused() {
        assertThrows(
                InvalidInputException.class,
                () -> NeighbourTsne.embed(new float[3][2], NeighbourTsne.forPoints(3, 2, 10, 1)));
        // 10 points have at most 9 neighbours: perplexity 30 cannot be met.
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () ->
                                NeighbourTsne.embed(
                                        new float[10][2], NeighbourTsne.forPoints(10, 30, 10, 1)));
        assertTrue(e.getMessage().startsWith("perplexity"));
    }
}
