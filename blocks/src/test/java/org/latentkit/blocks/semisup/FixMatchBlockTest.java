package org.latentkit.blocks.semisup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.blocks.Architecture;
import org.latentkit.core.InvalidInputException;

/** FixMatch's two-view wrapper and Cutout, on both engines. */
class FixMatchBlockTest {

    private static FixMatchBlock block(NDManager m) {
        m.getEngine().setRandomSeed(3);
        FixMatchBlock b =
                FixMatchBlock.builder().setClassifier(Architecture.MLP.create(10)).build();
        b.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenTwoInputs_whenForward_thenThreeLogitBatchesAndOneInputIsTheClassifier(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            FixMatchBlock b = block(m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray xl = m.randomUniform(0f, 1f, new Shape(2, 1, 28, 28));
            NDArray xu = m.randomUniform(0f, 1f, new Shape(3, 1, 28, 28));
            NDList train = b.forward(store, new NDList(xl, xu), true);
            assertEquals(3, train.size());
            assertEquals(new Shape(2, 10), train.get(0).getShape());
            assertEquals(new Shape(3, 10), train.get(1).getShape());
            assertEquals(new Shape(3, 10), train.get(2).getShape());
            // The weak and the strong view of the same images give different logits.
            assertTrue(train.get(1).sub(train.get(2)).abs().max().getFloat() > 1e-4f);

            // Inference: no augmentation, so both unlabelled views are f(x_u), and one input is
            // the classifier alone.
            NDList same = b.forward(store, new NDList(xl, xu), false);
            NDArray plain = b.classifier().forward(store, new NDList(xu), false).head();
            assertArrayEquals(plain.toFloatArray(), same.get(1).toFloatArray(), 1e-5f);
            assertArrayEquals(plain.toFloatArray(), same.get(2).toFloatArray(), 1e-5f);
            NDArray one = b.forward(store, new NDList(xu), false).singletonOrThrow();
            assertArrayEquals(plain.toFloatArray(), one.toFloatArray(), 1e-6f);
            assertEquals(
                    new Shape(2, 10), b.getOutputShapes(new Shape[] {new Shape(2, 1, 28, 28)})[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenOnes_whenCutout_thenAtMostAnEightByEightSquareIsCleared(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray x = m.ones(new Shape(200, 1, 28, 28));
            float[] y = FixMatchBlock.cutout(x, 8).toFloatArray();
            int full = 0;
            int cleared = 0;
            for (int b = 0; b < 200; b++) {
                int zeros = 0;
                for (int i = 0; i < 784; i++) {
                    float v = y[b * 784 + i];
                    assertTrue(v == 0f || v == 1f);
                    zeros += v == 0f ? 1 : 0;
                }
                assertTrue(zeros <= 64, "image " + b + " lost " + zeros + " pixels");
                full += zeros == 64 ? 1 : 0;
                cleared += zeros;
            }
            // A square whose (continuous) centre is at least 4 px from every border covers exactly
            // 8 × 8 pixels: (20/28)² ≈ 51% of the images.
            assertTrue(full > 60, "whole squares: " + full);
            assertTrue(cleared > 200 * 30, "pixels cleared: " + cleared);
        }
    }

    @Test
    void givenBlock_whenParametersSaved_thenTheyAreTheClassifiersOwn() throws IOException {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            FixMatchBlock b = block(m);
            assertArrayEquals(bytes(b.classifier()), bytes(b));
        }
    }

    private static byte[] bytes(Block block) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void givenNoClassifierOrNegativeCutout_whenBuilt_thenOneLine() {
        assertThrows(InvalidInputException.class, () -> FixMatchBlock.builder().build());
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () ->
                                FixMatchBlock.builder()
                                        .setClassifier(Architecture.MLP.create(10))
                                        .optCutout(-1)
                                        .build());
        assertTrue(e.getMessage().startsWith("cutout:"), e.getMessage());
    }
}
