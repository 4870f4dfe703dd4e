package org.latentkit.api.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.latentkit.core.InvalidInputException;

class BucketLabelerTest {

    /*
     * 4 buckets, 3 classes. Fitting set:
     *   bucket 0: labels 2, 2, 1 -> majority 2
     *   bucket 1: labels 0, 0    -> 0
     *   bucket 2: empty          -> unlabelled
     *   bucket 3: label 1        -> 1
     */
    private static final int[] FIT_BUCKETS = {0, 0, 0, 1, 1, 3};
    private static final int[] FIT_LABELS = {2, 2, 1, 0, 0, 1};

    @Test
    void givenHandMadeAssignment_whenFitted_thenMajorityPerBucketAndEmptyUnlabelled() {
        BucketLabeler l = BucketLabeler.fit(FIT_BUCKETS, FIT_LABELS, 4, 3);
        assertEquals(2, l.labelOf(0));
        assertEquals(0, l.labelOf(1));
        assertEquals(BucketLabeler.UNLABELLED, l.labelOf(2));
        assertEquals(1, l.labelOf(3));
        assertEquals(3, l.labelledBuckets());
        assertEquals(3, l.fitCount(0));
        assertEquals(0, l.fitCount(2));
    }

    @Test
    void givenTestSamplesInEmptyBucket_whenEvaluated_thenCountedWrongAndReported() {
        BucketLabeler l = BucketLabeler.fit(FIT_BUCKETS, FIT_LABELS, 4, 3);
        int[] testBuckets = {0, 1, 2, 2, 3, 0};
        int[] testLabels = {2, 1, 0, 0, 1, 1};
        // predictions 2, 0, -, -, 1, 2 -> right at positions 0 and 4: 2 of 6; 2 samples unseen.
        assertArrayEquals(new int[] {2, 0, -1, -1, 1, 2}, l.predict(testBuckets));
        BucketLabeler.Result r = l.evaluate(testBuckets, testLabels);
        assertEquals(2.0 / 6, r.accuracy(), 1e-12);
        assertEquals(2, r.correct());
        assertEquals(2, r.unseenSamples());
        assertEquals(4, r.bucketsUsed());
    }

    @Test
    void givenTie_whenFitted_thenSmallestLabelWins() {
        BucketLabeler l = BucketLabeler.fit(new int[] {0, 0}, new int[] {2, 1}, 1, 3);
        assertEquals(1, l.labelOf(0));
    }

    @Test
    void givenBucketOutOfRange_whenFitted_thenRejected() {
        int[] buckets = {4};
        int[] labels = {0};
        assertThrows(InvalidInputException.class, () -> BucketLabeler.fit(buckets, labels, 4, 3));
    }
}
