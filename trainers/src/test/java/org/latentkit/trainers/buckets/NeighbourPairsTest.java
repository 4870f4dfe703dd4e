package org.latentkit.trainers.buckets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.latentkit.api.data.DigitSet;

class NeighbourPairsTest {

    /** Four 1×2 "images" with pixel values (0,0), (10,0), (200,0), (205,0). */
    private static DigitSet points() {
        byte[] px = {0, 0, 10, 0, (byte) 200, 0, (byte) 205, 0};
        return new DigitSet("points", 1, 2, px, new int[] {0, 0, 1, 1});
    }

    @Test
    void givenFourPoints_whenNearestMined_thenNeighboursByDistanceWithoutSelf() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int[][] nn = NeighbourPairs.nearest(points(), 2, m);
            // distances from 0: to 10 -> 10, to 200 -> 190, to 205 -> 195
            assertArrayEquals(new int[] {1, 2}, nn[0]);
            // from 10: 0 -> 10, 200 -> 190
            assertArrayEquals(new int[] {0, 2}, nn[1]);
            // from 200: 205 -> 5, 10 -> 190
            assertArrayEquals(new int[] {3, 1}, nn[2]);
            assertArrayEquals(new int[] {2, 1}, nn[3]);
        }
    }

    @Test
    void givenNeighbours_whenStacked_thenImageOnTopAndNeighbourBelow() {
        DigitSet set = points();
        DigitSet pairs = NeighbourPairs.stacked(set, new int[][] {{1}, {0}, {3}, {2}}, 1, 7);
        assertEquals(4, pairs.size());
        assertEquals(2, pairs.rows());
        // sample 2: (200, 0) over its neighbour (205, 0)
        float[] img = pairs.image(2, org.latentkit.api.data.Normalization.UNIT);
        assertArrayEquals(new float[] {200 / 255f, 0, 205 / 255f, 0}, img, 1e-6f);
        assertEquals(1, pairs.label(2));
    }
}
