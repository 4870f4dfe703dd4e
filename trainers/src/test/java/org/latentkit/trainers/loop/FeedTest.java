package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;

class FeedTest {

    @Test
    void givenInputAndClassTarget_whenLabelled_thenTheInputsThenTheChosenImagesClasses() {
        DigitSet train = Fixtures.mnistSmall().train().range(0, 5);
        int[] relabelled = {4, 3, 2, 1, 0};
        Feed feed =
                new Feed(
                        train.withLabels(relabelled, " [pseudo]"),
                        Normalization.UNIT,
                        Feed.Target.INPUT_AND_CLASS);
        int[] order = {3, 0, 4, 1, 2};
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDList inputs = feed.inputs(m, order, 1, 4);
            NDList labels = feed.labels(m, order, 1, 4, inputs);
            assertEquals(2, labels.size());
            assertSame(inputs.head(), labels.get(0));
            // order[1..4) = images 0, 4, 1, whose new labels are 4, 0, 3.
            assertArrayEquals(new float[] {4, 0, 3}, labels.get(1).toFloatArray());
        }
    }
}
