package org.latentkit.trainers.buckets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Label-free training pairs for the two-view loss: each training image together with one of its k
 * nearest neighbours in pixel space (Euclidean), mined once before training. In MNIST a pixel-space
 * nearest neighbour almost always shows the same digit, so pulling the two codes together asks for
 * buckets that are unions of neighbourhoods; no label is read.
 *
 * <p>The pairs are returned as a {@link DigitSet} of {@code 2H × W} images (the image on top, its
 * neighbour below), the form {@code TwoViewEncoder}'s stacked mode splits; its labels are the upper
 * images' labels, never used in training.
 */
public final class NeighbourPairs {

    /** Rows of the distance matrix computed at once. */
    private static final int CHUNK = 500;

    private NeighbourPairs() {}

    /**
     * Returns the indices of each image's {@code k} nearest other images, nearest first.
     *
     * @param set the images
     * @param k neighbours per image, 1..size-1
     * @param manager where the work arrays live (freed before returning)
     * @return {@code size × k} indices
     */
    public static int[][] nearest(DigitSet set, int k, NDManager manager) {
        int n = set.size();
        if (k < 1 || k >= n) {
            throw new InvalidInputException(
                    "neighbours: must be between 1 and " + (n - 1) + ", got " + k);
        }
        int[][] out = new int[n][k];
        try (NDManager m = manager.newSubManager()) {
            NDArray x = set.images(m, null, 0, n, Normalization.UNIT).reshape(n, set.features());
            NDArray sqRow = x.square().sum(new int[] {1}).reshape(1, n);
            NDArray xt = x.transpose();
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                try (NDManager c = m.newSubManager()) {
                    NDArray q = x.get(from + ":" + to);
                    q.attach(c);
                    // ‖q−x‖² = ‖q‖² + ‖x‖² − 2 q·x; ‖q‖² does not change the order within a row.
                    // Results live on their first operand's manager: start from q so that every
                    // chunk-sized array is freed with the chunk.
                    NDArray d = Scalars.mul(q.matMul(xt), -2f).add(sqRow);
                    NDList top = d.topK(k + 1, 1, false, true);
                    long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
                    for (int r = 0; r < to - from; r++) {
                        int self = from + r;
                        int filled = 0;
                        for (int j = 0; j <= k && filled < k; j++) {
                            int cand = (int) idx[r * (k + 1) + j];
                            if (cand != self) {
                                out[self][filled++] = cand;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Builds the stacked pair set: {@code repeats} pairs per image, each with a neighbour drawn
     * uniformly from its {@code k} nearest.
     *
     * @param set the images
     * @param neighbours the output of {@link #nearest}
     * @param repeats pairs per image, at least 1
     * @param seed seeds the draw
     * @return {@code size·repeats} images of {@code 2·rows × cols}
     */
    public static DigitSet stacked(DigitSet set, int[][] neighbours, int repeats, long seed) {
        int n = set.size();
        int f = set.features();
        Random rng = new Random(seed);
        byte[] px = new byte[n * repeats * 2 * f];
        int[] labels = new int[n * repeats];
        byte[] all = new byte[n * f];
        for (int i = 0; i < n; i++) {
            float[] img = set.image(i, Normalization.UNIT);
            for (int j = 0; j < f; j++) {
                all[i * f + j] = (byte) Math.round(img[j] * 255f);
            }
        }
        int s = 0;
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < n; i++) {
                int nb = neighbours[i][rng.nextInt(neighbours[i].length)];
                System.arraycopy(all, i * f, px, s * 2 * f, f);
                System.arraycopy(all, nb * f, px, s * 2 * f + f, f);
                labels[s] = set.label(i);
                s++;
            }
        }
        return new DigitSet(
                set.name() + "[neighbour pairs]", 2 * set.rows(), set.cols(), px, labels);
    }
}
