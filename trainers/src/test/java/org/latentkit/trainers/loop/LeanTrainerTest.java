package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.blocks.Architecture;

/** LeanTrainer's step against DJL's own, and one SGD step worked by hand, on both engines. */
class LeanTrainerTest {

    private static final int STEPS = 4;

    /**
     * A 1→1 linear model without bias, w0 = 1, input x = 2, label 0, L2 loss ½(p − y)², SGD lr 0.1
     * momentum 0.9 (DJL's form: s ← 0.9 s + 0.1 g, w ← w − s). Step 1: p = 2, g = (p − y) x = 4, s
     * = 0.4, w = 0.6. Step 2 (the lean path): p = 1.2, g = 2.4, s = 0.36 + 0.24 = 0.6, w = 0. A
     * gradient left over from step 1 would give g = 6.4, s = 1.0, w = −0.4.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSgdWithMomentum_whenTwoStepsByHand_thenWeightIsZero(String engine) {
        try (Model model = Model.newInstance("lean", Device.cpu(), engine)) {
            model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss())
                            .optOptimizer(OptimizerKind.SGD.create(0.1f, 0.9f));
            try (Trainer trainer = LeanTrainer.of(model, config)) {
                trainer.initialize(new Shape(1, 1));
                NDArray w = weights(model).get(0);
                w.set(new float[] {1f});
                NDManager m = trainer.getManager();
                for (int i = 0; i < 2; i++) {
                    try (NDManager batch = m.newSubManager()) {
                        step(
                                trainer,
                                batch.create(new float[] {2f}, new Shape(1, 1)),
                                batch.create(new float[] {0f}, new Shape(1, 1)));
                    }
                }
                assertEquals(0f, w.toFloatArray()[0], 1e-6f, engine);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"PyTorch, sgd", "PyTorch, adam", "MXNet, sgd", "MXNet, adam"})
    void givenSameStart_whenTrainedLeanAndWithDjlStep_thenParametersAreEqual(
            String engine, String optimizer) {
        OptimizerKind kind = OptimizerKind.parse(optimizer);
        try (Model djl = Model.newInstance("djl", Device.cpu(), engine);
                Model lean = Model.newInstance("lean", Device.cpu(), engine)) {
            djl.setBlock(Architecture.MLP.create(10));
            lean.setBlock(Architecture.MLP.create(10));
            try (Trainer a = djl.newTrainer(config(kind));
                    Trainer b = LeanTrainer.of(lean, config(kind))) {
                // The same seed gives the same start: on MXNet DJL's parameter store copies the
                // weights at initialize, so setting them afterwards would not reach its step.
                ai.djl.engine.Engine.getEngine(engine).setRandomSeed(3);
                a.initialize(new Shape(8, 1, 28, 28));
                ai.djl.engine.Engine.getEngine(engine).setRandomSeed(3);
                b.initialize(new Shape(8, 1, 28, 28));
                List<NDArray> wa = weights(djl);
                List<NDArray> wb = weights(lean);
                for (int i = 0; i < wa.size(); i++) {
                    assertArrayEquals(wa.get(i).toFloatArray(), wb.get(i).toFloatArray());
                }
                float[] before = wa.get(0).toFloatArray();
                for (int s = 0; s < STEPS; s++) {
                    try (NDManager batch = a.getManager().newSubManager()) {
                        NDArray x = batch.randomUniform(-1f, 1f, new Shape(8, 1, 28, 28));
                        NDArray y = batch.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7});
                        step(a, x, y);
                        step(b, x, y);
                    }
                }
                for (int i = 0; i < wa.size(); i++) {
                    assertArrayEquals(
                            wa.get(i).toFloatArray(),
                            wb.get(i).toFloatArray(),
                            1e-6f,
                            engine + " " + optimizer + " parameter " + i);
                }
                float moved = 0;
                float[] after = wa.get(0).toFloatArray();
                for (int i = 0; i < after.length; i++) {
                    moved = Math.max(moved, Math.abs(after[i] - before[i]));
                }
                assertTrue(moved > 1e-4f, "training moved the weights by only " + moved);
            }
        }
    }

    private static DefaultTrainingConfig config(OptimizerKind kind) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(kind.create(0.05f, 0.9f));
    }

    private static void step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector c = trainer.newGradientCollector()) {
            c.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
        }
        trainer.step();
    }

    private static List<NDArray> weights(Model model) {
        List<NDArray> list = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            list.add(p.getValue().getArray());
        }
        return list;
    }
}
