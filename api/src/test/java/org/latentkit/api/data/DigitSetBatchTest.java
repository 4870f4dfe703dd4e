package org.latentkit.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batches assembled on the engine equal the per-image floats, in the given order, on both engines.
 */
class DigitSetBatchTest {

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenAnOrder_whenBatched_thenEachRowIsThatImageNormalised(String engine) {
        // two 2x2 images: pixels 0, 51, 102, 255 and 255, 0, 0, 128
        byte[] pixels = {0, 51, 102, (byte) 255, (byte) 255, 0, 0, (byte) 128};
        DigitSet set = new DigitSet("tiny", 2, 2, pixels, new int[] {3, 7});
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray batch = set.images(m, new int[] {1, 0}, 0, 2, Normalization.CENTERED);
            assertArrayEquals(new long[] {2, 1, 2, 2}, batch.getShape().getShape());
            // centered: p * 2/255 - 1, so 0 -> -1, 51 -> -0.6, 102 -> -0.2, 128 -> 0.0039, 255 -> 1
            float[] expected = new float[8];
            System.arraycopy(set.image(1, Normalization.CENTERED), 0, expected, 0, 4);
            System.arraycopy(set.image(0, Normalization.CENTERED), 0, expected, 4, 4);
            assertArrayEquals(expected, batch.toFloatArray());
            assertArrayEquals(
                    new float[] {1f, -1f, -1f, 128 * 2f / 255f - 1f, -1f, -0.6f, -0.2f, 1f},
                    batch.toFloatArray(),
                    1e-6f);
            // the next batch reuses the staging buffer; the first batch owns its memory and is
            // unchanged
            NDArray next = set.images(m, null, 0, 2, Normalization.CENTERED);
            assertArrayEquals(expected, batch.toFloatArray());
            assertArrayEquals(
                    set.image(0, Normalization.CENTERED),
                    java.util.Arrays.copyOf(next.toFloatArray(), 4));
            // unit: p / 255, scaled in place, without the shift
            NDArray unit = set.images(m, new int[] {1}, 0, 1, Normalization.UNIT);
            assertArrayEquals(set.image(1, Normalization.UNIT), unit.toFloatArray());
            assertArrayEquals(new float[] {1f, 0f, 0f, 128 / 255f}, unit.toFloatArray(), 1e-7f);
            assertArrayEquals(
                    new float[] {7f}, set.labels(m, new int[] {1, 0}, 0, 1).toFloatArray());
            assertArrayEquals(new long[] {1}, set.labels(m, null, 1, 2).getShape().getShape());
        }
    }
}
