package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.latentkit.api.metrics.HungarianMatching;
import org.latentkit.trainers.buckets.BucketEvaluation;
import org.latentkit.trainers.predict.ImagePredictions;

/** Records that hold arrays copy them and compare, hash and print them by content. */
class ArrayRecordsTest {

    @Test
    void givenClusterAccuracyWhenSameContentThenEqualAndUnchangeableFromOutside() {
        int[] map = {2, 0, 1};
        HungarianMatching.ClusterAccuracy a = new HungarianMatching.ClusterAccuracy(0.5, map);
        HungarianMatching.ClusterAccuracy b =
                new HungarianMatching.ClusterAccuracy(0.5, new int[] {2, 0, 1});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(a.toString().contains("classOf=[2, 0, 1]"), a.toString());
        map[0] = 9;
        a.classOf()[1] = 9;
        assertArrayEquals(new int[] {2, 0, 1}, a.classOf());
        assertNotEquals(a, new HungarianMatching.ClusterAccuracy(0.5, new int[] {2, 1, 0}));
    }

    @Test
    void givenCodedAndPredictionWhenSameContentThenEqual() {
        Path f = Path.of("a.png");
        float[] code = {1, 0, 1};
        ImagePredictions.Coded a = new ImagePredictions.Coded(f, code);
        assertEquals(new ImagePredictions.Coded(f, new float[] {1, 0, 1}), a);
        assertEquals(new ImagePredictions.Coded(f, new float[] {1, 0, 1}).hashCode(), a.hashCode());
        code[0] = 5;
        assertArrayEquals(new float[] {1, 0, 1}, a.code());
        assertTrue(a.toString().contains("code=[1.0, 0.0, 1.0]"), a.toString());
        ImagePredictions.Prediction p =
                new ImagePredictions.Prediction(
                        f, ImagePredictions.Kind.CLASSIFIER, "7", 0.9, new double[] {0.1, 0.9}, 0);
        ImagePredictions.Prediction q =
                new ImagePredictions.Prediction(
                        f, ImagePredictions.Kind.CLASSIFIER, "7", 0.9, new double[] {0.1, 0.9}, 0);
        assertEquals(p, q);
        assertEquals(p.hashCode(), q.hashCode());
        assertEquals(p.toString(), q.toString());
    }

    @Test
    void givenBucketEvaluationWhenSameContentThenEqual() {
        double[] balance = {0.5, 0.25};
        BucketEvaluation a = new BucketEvaluation(0.6, 1, 20, 30, 4.2, balance, 0.1, 0.5, 0.55);
        BucketEvaluation b =
                new BucketEvaluation(0.6, 1, 20, 30, 4.2, new double[] {0.5, 0.25}, 0.1, 0.5, 0.55);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        balance[0] = 0;
        a.bitBalance()[1] = 0;
        assertArrayEquals(new double[] {0.5, 0.25}, a.bitBalance());
    }
}
