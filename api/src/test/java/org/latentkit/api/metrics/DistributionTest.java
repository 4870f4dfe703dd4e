package org.latentkit.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Summary statistics against hand-computed values. */
class DistributionTest {

    @Test
    void givenFiveValuesWhenSummarisedThenNumpyStyleQuantiles() {
        Distribution d = Distribution.of(new double[] {4, 1, 3, 2, 5});
        // mean 3; population variance (4+1+0+1+4)/5 = 2
        assertEquals(3.0, d.mean(), 1e-12);
        assertEquals(Math.sqrt(2), d.sd(), 1e-12);
        // sorted 1..5, h = q·4: median h=2 -> 3; q25 h=1 -> 2; q05 h=0.2 -> 1.2; q95 h=3.8 -> 4.8
        assertEquals(3.0, d.median(), 1e-12);
        assertEquals(2.0, d.q25(), 1e-12);
        assertEquals(1.2, d.q05(), 1e-12);
        assertEquals(4.8, d.q95(), 1e-12);
        assertEquals(1.0, d.min());
        assertEquals(5.0, d.max());
    }

    @Test
    void givenEvenCountWhenMedianThenMidpoint() {
        assertEquals(2.5, Distribution.of(new int[] {1, 2, 3, 4}).median(), 1e-12);
    }
}
