package org.latentkit.api.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinaryCodesTest {

    @Test
    void givenOutputs_whenThresholded_thenBitsAndBucketsLeastSignificantFirst() {
        // rows: (0.5, −0.2) -> bits 1,0 -> bucket 1; (−0.1, 0.3) -> 0,1 -> 2; (0, 0.9) -> 0,1 -> 2
        BinaryCodes c = BinaryCodes.threshold(new float[] {0.5f, -0.2f, -0.1f, 0.3f, 0f, 0.9f}, 2);
        assertArrayEquals(new int[] {1, 2, 2}, c.buckets());
        assertEquals(4, c.numBuckets());
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, c.balance(), 1e-12);
        // bit 1 = not bit 0 in every sample: correlation −1
        assertEquals(-1.0, c.correlation()[0][1], 1e-12);
        assertEquals(1.0, c.meanAbsCorrelation(), 1e-12);
    }

    @Test
    void givenIndependentBitsAndConstantBit_whenCorrelated_thenZeroAndConstantSkipped() {
        // bits 0 and 1 take all four patterns once; bit 2 is always 1.
        float[] out = {1, 1, 1, 1, -1, 1, -1, 1, 1, -1, -1, 1};
        BinaryCodes c = BinaryCodes.threshold(out, 3);
        assertEquals(0.0, c.correlation()[0][1], 1e-12);
        assertTrue(Double.isNaN(c.correlation()[0][2]));
        assertEquals(0.0, c.meanAbsCorrelation(), 1e-12);
        assertEquals(1.0, c.balance()[2], 1e-12);
    }
}
