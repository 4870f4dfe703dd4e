package org.latentkit.trainers.tsne;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latentkit.trainers.loop.EngineContext;

/** Exact t-SNE: distances, perplexity calibration and cluster preservation on Gaussian blobs. */
class TsneTest {

    private static final EngineContext CTX = EngineContext.of("PyTorch", "cpu");

    /** Three blobs of 50 points in 10-D, centres 20 apart along different axes, unit spread. */
    private static float[] blobs(int[] labels) {
        Random r = new Random(3);
        float[] x = new float[150 * 10];
        for (int i = 0; i < 150; i++) {
            labels[i] = i / 50;
            for (int d = 0; d < 10; d++) {
                x[i * 10 + d] = (float) r.nextGaussian() + (d == labels[i] ? 20f : 0f);
            }
        }
        return x;
    }

    @Test
    void givenThreePointsWhenSquaredDistancesThenMatchHandArithmetic() {
        try (NDManager m = CTX.engine().newBaseManager()) {
            // (0,0), (3,4), (1,0): d01 = 9+16 = 25, d02 = 1, d12 = 4+16 = 20.
            NDArray x =
                    m.create(new float[] {0, 0, 3, 4, 1, 0}, new ai.djl.ndarray.types.Shape(3, 2));
            float[] d = Tsne.squaredDistances(x).toFloatArray();
            assertEquals(0f, d[0], 1e-4);
            assertEquals(25f, d[1], 1e-4);
            assertEquals(1f, d[2], 1e-4);
            assertEquals(20f, d[5], 1e-4);
        }
    }

    @Test
    void givenPerplexityWhenAffinitiesCalibratedThenEveryRowHitsTargetEntropy() {
        int[] labels = new int[150];
        try (NDManager m = CTX.engine().newBaseManager()) {
            NDArray x = m.create(blobs(labels), new ai.djl.ndarray.types.Shape(150, 10));
            for (double perplexity : new double[] {5, 30}) {
                NDArray p = Tsne.conditionalAffinities(Tsne.squaredDistances(x), perplexity);
                float[] h = Tsne.rowEntropy(p).toFloatArray();
                float[] rowSums = p.sum(new int[] {1}).toFloatArray();
                for (int i = 0; i < 150; i++) {
                    // ln 5 = 1.609, ln 30 = 3.401 nats; the search stops within 1e-5.
                    assertEquals(
                            Math.log(perplexity),
                            h[i],
                            1e-3,
                            "row " + i + " at perplexity " + perplexity);
                    assertEquals(1f, rowSums[i], 1e-4);
                }
                assertEquals(0f, p.getFloat(7, 7), 0f, "no self-affinity");
            }
        }
    }

    @Test
    void givenThreeSeparatedBlobsWhenEmbeddedThenNearestNeighboursKeepTheBlobs() {
        int[] labels = new int[150];
        try (NDManager m = CTX.engine().newBaseManager()) {
            NDArray x = m.create(blobs(labels), new ai.djl.ndarray.types.Shape(150, 10));
            Tsne.Embedding e =
                    Tsne.embed(x, Tsne.Options.defaults().withPerplexity(20).withIterations(400));
            double[][] y = e.points();
            // Leave-one-out 5-NN vote in the plane; chance is 1/3.
            int correct = 0;
            for (int i = 0; i < 150; i++) {
                double[] best = new double[5];
                int[] who = new int[5];
                java.util.Arrays.fill(best, Double.MAX_VALUE);
                for (int j = 0; j < 150; j++) {
                    if (j == i) {
                        continue;
                    }
                    double d = Math.pow(y[i][0] - y[j][0], 2) + Math.pow(y[i][1] - y[j][1], 2);
                    for (int k = 0; k < 5; k++) {
                        if (d < best[k]) {
                            System.arraycopy(best, k, best, k + 1, 4 - k);
                            System.arraycopy(who, k, who, k + 1, 4 - k);
                            best[k] = d;
                            who[k] = j;
                            break;
                        }
                    }
                }
                int[] votes = new int[3];
                for (int k = 0; k < 5; k++) {
                    votes[labels[who[k]]]++;
                }
                int vote =
                        votes[0] >= votes[1] && votes[0] >= votes[2]
                                ? 0
                                : votes[1] >= votes[2] ? 1 : 2;
                correct += vote == labels[i] ? 1 : 0;
            }
            assertTrue(correct / 150.0 >= 0.95, "5-NN accuracy " + correct / 150.0);
            assertTrue(
                    Double.isFinite(e.klDivergence()) && e.klDivergence() >= 0,
                    "KL " + e.klDivergence());
        }
    }
}
