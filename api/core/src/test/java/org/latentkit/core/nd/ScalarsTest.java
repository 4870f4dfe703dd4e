package org.latentkit.core.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarsTest {

    /**
     * Runs {@code y = op(x, 0.5)}, then, between forward and backward, collects garbage and fills
     * freshly freed small buffers with another value (7), as a long run's allocator does. The
     * gradient of {@code sum(y)} must still be the scalar's: with DJL's {@code x.mul(0.5f)} on
     * PyTorch it read the 7s (the scalar's Java buffer had been freed under autograd).
     */
    private static float[] gradientAfterGarbage(
            String engine, BiFunction<NDArray, Float, NDArray> op) throws InterruptedException {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.ones(new Shape(64));
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                NDArray y = op.apply(x, 0.5f);
                for (int round = 0; round < 3; round++) {
                    System.gc();
                    Thread.sleep(20); // lets the reference handler free unreachable buffers
                }
                List<NDArray> filler = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    filler.add(m.create(7f));
                }
                c.backward(y.sum());
                filler.forEach(NDArray::close);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenScalarProductInGraphWhenGarbageCollectedBeforeBackwardThenGradientIsTheScalar(
            String engine) throws InterruptedException {
        float[] expected = new float[64];
        java.util.Arrays.fill(expected, 0.5f);
        for (int trial = 0; trial < 5; trial++) {
            assertArrayEquals(expected, gradientAfterGarbage(engine, Scalars::mul), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenQuotientAndPowerWhenDifferentiatedThenHandComputedGradients(String engine)
            throws InterruptedException {
        // d(x / 0.5)/dx = 2; d(x^0.5)/dx at x = 1 is 0.5.
        float[] twos = new float[64];
        java.util.Arrays.fill(twos, 2f);
        assertArrayEquals(twos, gradientAfterGarbage(engine, Scalars::div), 0f);
        float[] halves = new float[64];
        java.util.Arrays.fill(halves, 0.5f);
        assertArrayEquals(halves, gradientAfterGarbage(engine, Scalars::pow), 1e-7f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenValuesWhenScalarOpsThenSameAsNumberOverloads(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(new float[] {-2f, -0.25f, 0f, 0.75f, 3f});
            assertArrayEquals(x.mul(0.5f).toFloatArray(), Scalars.mul(x, 0.5f).toFloatArray());
            assertArrayEquals(x.div(4f).toFloatArray(), Scalars.div(x, 4f).toFloatArray());
            assertArrayEquals(
                    new float[] {0f, 0f, 0f, 0.75f, 3f}, Scalars.maximum(x, 0f).toFloatArray());
            assertArrayEquals(
                    new float[] {-2f, -0.25f, 0f, 0.5f, 0.5f},
                    Scalars.minimum(x, 0.5f).toFloatArray());
            NDArray s = Scalars.scalar(x, 3f);
            assertEquals(new Shape(), s.getShape());
            assertEquals(x.getDataType(), s.getDataType());
            assertEquals(3f, s.getFloat());
        }
    }
}
