package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Global-norm clipping on both engines, against hand-computed gradients. */
class GradientClippingTest {

    /**
     * y = w · x with w = (1, 1), x = (3, 4), loss = y: dL/dw = x = (3, 4), norm sqrt(9 + 16) = 5.
     * Clipped to 1 the gradient is (3, 4) / 5 = (0.6, 0.8); clipped to 10 it is left alone.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenGradientOfNormFive_whenClipped_thenScaledToTheMaxOrLeftAlone(String engineName) {
        Engine engine = Engine.getEngine(engineName);
        try (NDManager manager = engine.newBaseManager()) {
            assertArrayEquals(new float[] {0.6f, 0.8f}, clippedGradient(manager, 1f, 5.0), 1e-5f);
            assertArrayEquals(new float[] {3f, 4f}, clippedGradient(manager, 10f, 5.0), 1e-5f);
        }
    }

    private static float[] clippedGradient(NDManager manager, float max, double expectedNorm) {
        Block block = Linear.builder().setUnits(1).optBias(false).build();
        block.setInitializer(Initializer.ONES, ai.djl.nn.Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        NDArray x = manager.create(new float[] {3f, 4f}, new Shape(1, 2));
        try (GradientCollector collector =
                        Engine.getEngine(manager.getEngine().getEngineName())
                                .newGradientCollector();
                NDManager scope = manager.newSubManager()) {
            NDList y = block.forward(new ParameterStore(manager, false), new NDList(x), true);
            collector.backward(y.singletonOrThrow().sum());
            assertEquals(expectedNorm, GradientClipping.clipGlobalNorm(block, max, scope), 1e-5);
            NDArray w = block.getParameters().get(0).getValue().getArray();
            return w.getGradient().toFloatArray();
        }
    }
}
