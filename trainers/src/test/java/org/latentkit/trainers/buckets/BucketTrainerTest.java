package org.latentkit.trainers.buckets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BinaryCodeLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.TrainingListener;

class BucketTrainerTest {

    @Test
    void givenFixture_whenTrainedWithoutLabels_thenBeatsRandomInitialisation() {
        Split split = Split.trainTest(Fixtures.mnistSmall());
        BucketTrainer.Options o =
                new BucketTrainer.Options(
                        4,
                        new int[] {64, 64},
                        ActivationKind.LEAKY_RELU,
                        BinaryCodeLoss.Weights.ORIGINAL_BEST,
                        BinaryCodeLoss.Diagonal.EXCLUDE,
                        1e-3f,
                        8,
                        128,
                        42,
                        0,
                        0,
                        0);
        BucketTrainer.Result r =
                new BucketTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(split, o, TrainingListener.NONE);
        System.out.println("baseline " + r.baseline() + "\ntrained " + r.trained());
        // 2,000 / 128 = 15 full batches per epoch; the partial last batch (80) is dropped.
        assertEquals(15, r.fit().history().get(0).steps());
        assertEquals(500, r.testBuckets().length);
        assertTrue(
                r.trained().bucketAccuracy() >= r.baseline().bucketAccuracy() + 0.10,
                "trained "
                        + r.trained().bucketAccuracy()
                        + " vs baseline "
                        + r.baseline().bucketAccuracy());
        assertTrue(
                r.trained().bucketEntropyBits() > r.baseline().bucketEntropyBits(),
                "entropy "
                        + r.trained().bucketEntropyBits()
                        + " vs "
                        + r.baseline().bucketEntropyBits());
    }

    @Test
    void givenBatchOfOne_whenOptionsBuilt_thenRejected() {
        int[] hidden = {8};
        assertThrows(
                InvalidInputException.class,
                () ->
                        new BucketTrainer.Options(
                                4,
                                hidden,
                                ActivationKind.RELU,
                                BinaryCodeLoss.Weights.ORIGINAL_BEST,
                                BinaryCodeLoss.Diagonal.EXCLUDE,
                                1e-3f,
                                1,
                                1,
                                42,
                                0,
                                0,
                                0));
    }
}
