package org.latentkit.blocks.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.Mlp;

class TwoViewEncoderTest {

    @Test
    void givenRow_whenShiftedByOneEachWay_thenZerosFillIn() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // one 1x1x1x3 image [1, 2, 3]: right by 1 -> [0, 1, 2]; left by 1 -> [2, 3, 0]
            NDArray x = m.create(new float[] {1, 2, 3}, new Shape(1, 1, 1, 3));
            assertArrayEquals(new float[] {0, 1, 2}, TwoViewEncoder.shift(x, 3, 1).toFloatArray());
            assertArrayEquals(new float[] {2, 3, 0}, TwoViewEncoder.shift(x, 3, -1).toFloatArray());
            NDArray col = m.create(new float[] {1, 2, 3}, new Shape(1, 1, 3, 1));
            assertArrayEquals(
                    new float[] {0, 0, 1}, TwoViewEncoder.shift(col, 2, 2).toFloatArray());
        }
    }

    @Test
    void givenEncoder_whenTrainingAndInference_thenTwoViewsOnlyInTraining() {
        try (Model model = Model.newInstance("t", "PyTorch")) {
            TwoViewEncoder block =
                    TwoViewEncoder.builder()
                            .setEncoder(
                                    Mlp.builder()
                                            .setHidden(8)
                                            .setOutputs(3)
                                            .optOutputActivation(ActivationKind.TANH)
                                            .build())
                            .optMaxShift(2)
                            .optGroups(2)
                            .build();
            model.setBlock(block);
            NDManager m = model.getNDManager();
            block.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 28, 28));
            ParameterStore ps = new ParameterStore(m, false);
            NDList train = block.forward(ps, new NDList(x), true);
            NDList infer = block.forward(ps, new NDList(x), false);
            assertEquals(2, train.size());
            assertEquals(new Shape(4, 3), train.get(TwoViewEncoder.VIEW).getShape());
            assertEquals(new Shape(4, 3), train.get(TwoViewEncoder.SECOND_VIEW).getShape());
            assertEquals(1, infer.size());
            assertArrayEquals(
                    block.getOutputShapes(new Shape[] {x.getShape()}),
                    new Shape[] {infer.get(0).getShape()});
            // The first view is the plain encoding: equal to inference on the same input.
            assertArrayEquals(
                    infer.get(0).toFloatArray(),
                    train.get(TwoViewEncoder.VIEW).toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void givenStackedPairs_whenTraining_thenViewsAreTopAndBottomHalves() {
        try (Model model = Model.newInstance("t", "PyTorch")) {
            TwoViewEncoder block =
                    TwoViewEncoder.builder()
                            .setEncoder(
                                    Mlp.builder()
                                            .setHidden(8)
                                            .setOutputs(3)
                                            .optOutputActivation(ActivationKind.TANH)
                                            .build())
                            .optSecondView(TwoViewEncoder.SecondView.STACKED)
                            .build();
            model.setBlock(block);
            NDManager m = model.getNDManager();
            block.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            NDArray top = m.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            NDArray bottom = m.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            ParameterStore ps = new ParameterStore(m, false);
            NDList train = block.forward(ps, new NDList(top.concat(bottom, 2)), true);
            assertArrayEquals(
                    block.forward(ps, new NDList(top), false).get(0).toFloatArray(),
                    train.get(TwoViewEncoder.VIEW).toFloatArray(),
                    1e-6f);
            assertArrayEquals(
                    block.forward(ps, new NDList(bottom), false).get(0).toFloatArray(),
                    train.get(TwoViewEncoder.SECOND_VIEW).toFloatArray(),
                    1e-6f);
        }
    }
}
