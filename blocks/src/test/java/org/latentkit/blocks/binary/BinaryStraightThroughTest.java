package org.latentkit.blocks.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/** The straight-through binary unit on both engines. */
class BinaryStraightThroughTest {

    private static final float[] X = {-2f, -0.25f, 0f, 0.25f, 0.5f, 1f, 3f};
    private static final float[] W = {1f, 2f, 3f, 4f, 5f, 6f, 7f};

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenDefaultThresholdWhenForwardThenZeroBelowAndOneAtOrAboveZero(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            BinaryStraightThrough ste = BinaryStraightThrough.builder().build();
            NDArray y =
                    ste.forward(new ParameterStore(m, false), new NDList(m.create(X)), false)
                            .head();
            // x = -2, -0.25 are below 0 -> 0; x = 0 is "at" the threshold -> 1; the rest -> 1.
            assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1, 1}, y.toFloatArray());
            assertEquals(new Shape(7), ste.getOutputShapes(new Shape[] {new Shape(7)})[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenThresholdHalfWhenForwardThenOnlyValuesFromHalfAreOne(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            BinaryStraightThrough ste = BinaryStraightThrough.builder().optThreshold(0.5f).build();
            assertArrayEquals(
                    new float[] {0, 0, 0, 0, 1, 1, 1}, ste.apply(m.create(X)).toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenIdentityGradientWhenBackwardThenGradientPassesUnchanged(String engine) {
        // L = Σ w_i · y_i, so ∂L/∂x_i = w_i · ∂y_i/∂x_i = w_i for the identity pseudo-derivative.
        assertArrayEquals(
                W, gradient(engine, BinaryStraightThrough.Gradient.IDENTITY, true), 1e-6f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenClippedGradientWhenBackwardThenGradientOnlyWhereAbsXAtMostOne(String engine) {
        // |x| ≤ 1 for x = -0.25, 0, 0.25, 0.5, 1 (indices 1..5); x = -2 and 3 get no gradient.
        assertArrayEquals(
                new float[] {0, 2, 3, 4, 5, 6, 0},
                gradient(engine, BinaryStraightThrough.Gradient.CLIPPED, true),
                1e-6f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenTrainingModeWhenForwardThenValuesAreStillExactlyBinary(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1000)).mul(3f);
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                NDArray y = BinaryStraightThrough.builder().build().apply(x);
                NDArray bad =
                        y.eq(0f)
                                .logicalOr(y.eq(1f))
                                .logicalNot()
                                .toType(DataType.FLOAT32, false)
                                .sum();
                assertEquals(0f, bad.getFloat());
                c.backward(y.sum());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void givenNonFiniteThresholdWhenBuildThenInvalidInput() {
        BinaryStraightThrough.Builder b = BinaryStraightThrough.builder().optThreshold(Float.NaN);
        assertThrows(InvalidInputException.class, b::build);
    }

    private static float[] gradient(
            String engine, BinaryStraightThrough.Gradient kind, boolean training) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            BinaryStraightThrough ste = BinaryStraightThrough.builder().optGradient(kind).build();
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                NDArray y =
                        ste.forward(new ParameterStore(m, false), new NDList(x), training).head();
                c.backward(y.mul(m.create(W)).sum());
            }
            return x.getGradient().toFloatArray();
        }
    }
}
