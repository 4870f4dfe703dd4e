package org.latentkit.blocks;

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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentkit.core.InvalidInputException;

class ArchitectureTest {

    @ParameterizedTest(name = "{0} has {1} parameters")
    @CsvSource({"lenet-classic, 44426", "lenet-deep, 159254", "mlp, 79510", "convnet, 3274634"})
    void givenArchitecture_whenInitialised_thenShapesAndParameterCountMatchTheSeed(
            String name, long params) {
        Architecture arch = Architecture.parse(name);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block block = arch.create(10);
            block.initialize(m, DataType.FLOAT32, arch.inputShape(2));
            long count = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                count += p.getValue().getArray().size();
            }
            assertEquals(params, count);
            NDArray x = m.randomUniform(0f, 1f, arch.inputShape(2));
            NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(new Shape(2, 10), out.singletonOrThrow().getShape());
            assertArrayEquals(
                    new Shape[] {new Shape(2, 10)},
                    block.getOutputShapes(new Shape[] {arch.inputShape(2)}));
        }
    }

    @Test
    void givenLenetDeep_whenOneBackwardPass_thenEveryParameterGetsAGradient() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block block = Architecture.LENET_DEEP.create(10);
            block.initialize(m, DataType.FLOAT32, Architecture.LENET_DEEP.inputShape(4));
            NDArray x = m.randomUniform(0f, 1f, Architecture.LENET_DEEP.inputShape(4));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y =
                        block.forward(new ParameterStore(m, false), new NDList(x), true)
                                .singletonOrThrow();
                gc.backward(y.square().sum());
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                float norm = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(norm > 0, p.getKey() + " got no gradient");
            }
        }
    }

    @Test
    void givenOnesWeights_whenMlpForward_thenHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block mlp = org.latentkit.blocks.mlp.Mlp.builder().setHidden(2).setOutputs(1).build();
            mlp.setInitializer(Initializer.ONES, Parameter.Type.WEIGHT);
            mlp.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            mlp.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            NDArray x = m.create(new float[] {1, 2, 3, -1, -2, -3}, new Shape(2, 3));
            // Row 1: hidden = relu(1+2+3) = 6 per unit, output = 6 + 6 = 12.
            // Row 2: hidden = relu(-6) = 0, output = 0.
            NDArray y =
                    mlp.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow();
            assertArrayEquals(new float[] {12f, 0f}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void givenBadSettings_whenBuilt_thenTheBadValueIsNamed() {
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () ->
                                org.latentkit.blocks.mlp.Mlp.builder()
                                        .setHidden(100, 0)
                                        .setOutputs(10)
                                        .build());
        assertEquals("hidden: every layer size must be positive, got [100, 0]", e.getMessage());
        InvalidInputException a =
                assertThrows(InvalidInputException.class, () -> Architecture.parse("resnet"));
        assertEquals(
                "arch: unknown architecture 'resnet' (valid: lenet-classic, lenet-deep, mlp, convnet)",
                a.getMessage());
    }

    @Test
    void givenDescriptor_whenRebuilt_thenSameArchitectureAndInputShape() {
        BlockDescriptor d = Architecture.LENET_CLASSIC.descriptor(10);
        assertEquals(new Shape(8, 1, 28, 28), d.inputShape(8));
        assertEquals(10, d.intOption(Architecture.CLASSES));
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> new BlockDescriptor("mlp", 99, null, new long[] {1, 784}, null));
        assertTrue(e.getMessage().contains("unsupported version 99"), e.getMessage());
    }
}
