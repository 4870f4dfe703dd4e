package org.latentkit.trainers.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.blocks.Architecture;
import org.latentkit.trainers.loop.LeanTrainer;

/**
 * latentkit's optimisers give DJL's numbers: an MLP trained five steps with DJL's {@code Adam},
 * {@code AdamW} or {@code Sgd} (DJL's own trainer) and with latentkit's (in a {@link LeanTrainer},
 * the trainers' path, on PyTorch through the fused multi-tensor kernels) ends with the same
 * parameters, on both engines. One Adam step is also worked by hand.
 */
class OptimizersMatchDjlTest {

    private static final int STEPS = 5;

    @ParameterizedTest
    @CsvSource({
        "PyTorch, adam",
        "PyTorch, sgd",
        "PyTorch, sgd-plain",
        "PyTorch, adamw",
        "MXNet, adam",
        "MXNet, sgd",
        "MXNet, sgd-plain",
        "MXNet, adamw"
    })
    void givenSameStart_whenFiveStepsWithDjlAndLatentkitOptimiser_thenParametersAreEqual(
            String engine, String kind) {
        Tracker lr = Tracker.fixed(0.01f);
        Supplier<Optimizer> djl =
                switch (kind) {
                    case "adam" -> () -> Optimizer.adam().optLearningRateTracker(lr).build();
                    case "adamw" ->
                            () ->
                                    Optimizer.adamW()
                                            .optLearningRateTracker(lr)
                                            .optWeightDecays(0.05f)
                                            .build();
                    case "sgd-plain" -> () -> Optimizer.sgd().setLearningRateTracker(lr).build();
                    default ->
                            () ->
                                    Optimizer.sgd()
                                            .setLearningRateTracker(lr)
                                            .optMomentum(0.9f)
                                            .optWeightDecays(1e-3f)
                                            .build();
                };
        Supplier<Optimizer> ours =
                switch (kind) {
                    case "adam" ->
                            () ->
                                    AdamOptimizer.builder()
                                            .optLearningRateTracker(lr)
                                            .optFusedFrom(0)
                                            .build();
                    case "adamw" ->
                            () ->
                                    AdamOptimizer.adamWBuilder()
                                            .optLearningRateTracker(lr)
                                            .optWeightDecays(0.05f)
                                            .optFusedFrom(0)
                                            .build();
                    case "sgd-plain" ->
                            () ->
                                    SgdOptimizer.builder()
                                            .setLearningRateTracker(lr)
                                            .optFusedFrom(0)
                                            .build();
                    default ->
                            () ->
                                    SgdOptimizer.builder()
                                            .setLearningRateTracker(lr)
                                            .optMomentum(0.9f)
                                            .optWeightDecays(1e-3f)
                                            .optFusedFrom(0)
                                            .build();
                };
        try (Model a = Model.newInstance("djl", Device.cpu(), engine);
                Model b = Model.newInstance("latentkit", Device.cpu(), engine)) {
            a.setBlock(Architecture.MLP.create(10));
            b.setBlock(Architecture.MLP.create(10));
            try (Trainer ta = a.newTrainer(config(djl.get()));
                    Trainer tb = LeanTrainer.of(b, config(ours.get()))) {
                // Same seed, same initial weights: on MXNet the trainer's parameter store copies
                // the weights at initialize, so they cannot be set afterwards.
                Engine.getEngine(engine).setRandomSeed(7);
                ta.initialize(new Shape(8, 1, 28, 28));
                Engine.getEngine(engine).setRandomSeed(7);
                tb.initialize(new Shape(8, 1, 28, 28));
                List<NDArray> wa = weights(a);
                List<NDArray> wb = weights(b);
                for (int i = 0; i < wa.size(); i++) {
                    assertArrayEquals(
                            wa.get(i).toFloatArray(), wb.get(i).toFloatArray(), "start " + i);
                }
                float[] before = wa.get(0).toFloatArray();
                NDManager m = ta.getManager();
                for (int s = 0; s < STEPS; s++) {
                    try (NDManager batch = m.newSubManager()) {
                        NDArray x = batch.randomUniform(-1f, 1f, new Shape(8, 1, 28, 28));
                        NDArray y = batch.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7});
                        step(ta, x, y);
                        step(tb, x, y);
                    }
                }
                for (int i = 0; i < wa.size(); i++) {
                    assertArrayEquals(
                            wa.get(i).toFloatArray(),
                            wb.get(i).toFloatArray(),
                            1e-6f,
                            engine + " " + kind + " parameter " + i);
                }
                float[] after = wa.get(0).toFloatArray();
                float moved = 0;
                for (int i = 0; i < after.length; i++) {
                    moved = Math.max(moved, Math.abs(after[i] - before[i]));
                }
                assertTrue(moved > 1e-4f, "training moved the weights by only " + moved);
                StatefulOptimizer opt = (StatefulOptimizer) ((LeanTrainer) tb).getOptimizer();
                assertEquals(STEPS, opt.getNumUpdate(), engine + " " + kind + " update count");
                // PyTorch: the first step goes through DJL's parameter store, the others are one
                // fused kernel call each; MXNet has no fused kernel.
                assertEquals(
                        "PyTorch".equals(engine) ? STEPS - 1 : 0,
                        opt.getFusedCalls(),
                        engine + " " + kind + " fused calls");
            }
        }
    }

    /**
     * States driven subnormal: a 3→2 linear model without bias (w = 0.5) on inputs (1, 10⁻³⁷,
     * 10⁻¹⁸). The first column learns normally; the second's SGD momentum (at most η·g/(1 − μ) ≈
     * 10⁻³⁹) and the third's Adam variance (1 − β₂)·g² ≈ 10⁻³⁹ are subnormal. Flushing them every
     * update leaves every weight bit for bit as without flushing, and as DJL's own optimiser.
     */
    @ParameterizedTest
    @CsvSource({"PyTorch, sgd", "PyTorch, adam", "MXNet, sgd", "MXNet, adam"})
    void givenSubnormalStates_whenFlushedEveryUpdate_thenSameWeightsBitForBit(
            String engine, String kind) {
        Tracker lr = Tracker.fixed(0.01f);
        Supplier<Optimizer> djl =
                "sgd".equals(kind)
                        ? () -> Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).build()
                        : () -> Optimizer.adam().optLearningRateTracker(lr).build();
        IntFunction<StatefulOptimizer> ours =
                every ->
                        "sgd".equals(kind)
                                ? SgdOptimizer.builder()
                                        .setLearningRateTracker(lr)
                                        .optMomentum(0.9f)
                                        .optFlushSubnormalsEvery(every)
                                        .optFusedFrom(0)
                                        .build()
                                : AdamOptimizer.builder()
                                        .optLearningRateTracker(lr)
                                        .optFlushSubnormalsEvery(every)
                                        .optFusedFrom(0)
                                        .build();
        StatefulOptimizer kept = ours.apply(0);
        StatefulOptimizer flushed = ours.apply(1);
        float[][] withDjl = train(engine, djl.get(), false, null);
        float[][] withoutFlush = train(engine, kept, true, kept);
        float[][] withFlush = train(engine, flushed, true, flushed);
        assertArrayEquals(withoutFlush[0], withFlush[0], 0f, engine + " " + kind + " weights");
        assertArrayEquals(withDjl[0], withFlush[0], 1e-6f, engine + " " + kind + " against DJL");
        assertTrue(Math.abs(withFlush[0][0] - 0.5f) > 1e-3f, "the first column did not learn");
        assertTrue(withoutFlush[1][0] > 0, engine + " " + kind + ": no subnormal state to flush");
        assertEquals(0f, withFlush[1][0], engine + " " + kind + " subnormals left");
        assertEquals("PyTorch".equals(engine) ? 19 : 0, flushed.getFusedCalls(), "fused calls");
    }

    /**
     * Twenty L2 steps of the 3→2 model; returns its weights and, for latentkit's optimiser, how
     * many of its state values are subnormal.
     */
    private static float[][] train(
            String engine, Optimizer optimizer, boolean lean, StatefulOptimizer state) {
        try (Model model = Model.newInstance("subnormal", Device.cpu(), engine)) {
            Block linear = Linear.builder().setUnits(2).optBias(false).build();
            linear.setInitializer(new ConstantInitializer(0.5f), Parameter.Type.WEIGHT);
            model.setBlock(linear);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer);
            try (Trainer trainer =
                    lean ? LeanTrainer.of(model, config) : model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 3));
                for (int s = 0; s < 20; s++) {
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        float[] x = new float[12];
                        for (int i = 0; i < 4; i++) {
                            x[3 * i] = 1f;
                            x[3 * i + 1] = 1e-37f;
                            x[3 * i + 2] = 1e-18f;
                        }
                        step(
                                trainer,
                                batch.create(x, new Shape(4, 3)),
                                batch.create(new float[8], new Shape(4, 2)));
                    }
                }
                Parameter p = model.getBlock().getParameters().get(0).getValue();
                float subnormal = 0;
                if (state != null) {
                    for (String name : state.getStateNames()) {
                        for (float v :
                                state.getState(name, p.getId()).orElseThrow().toFloatArray()) {
                            if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) {
                                subnormal++;
                            }
                        }
                    }
                }
                return new float[][] {p.getArray().toFloatArray(), {subnormal}};
            }
        }
    }

    /**
     * A 1→1 linear model without bias, w = 1, x = 2, label 0, L2 loss ½(p − y)²: g = (p − y) x = 4.
     * Adam (η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8), t = 1: m = 0.4, v = 0.016, w ← 1 − 0.1 ·
     * √0.001 / 0.1 · 0.4 / (√0.016 + ε) = 1 − 0.1 = 0.9 (Adam's first step is η·sign(g)).
     */
    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenOneAdamStepByHand_thenWeightAndMomentsAreAsComputed(String engine) {
        try (Model model = Model.newInstance("hand", Device.cpu(), engine)) {
            Block linear = Linear.builder().setUnits(1).optBias(false).build();
            linear.setInitializer(new ConstantInitializer(1f), Parameter.Type.WEIGHT);
            model.setBlock(linear);
            AdamOptimizer adam =
                    AdamOptimizer.builder().optLearningRateTracker(Tracker.fixed(0.1f)).build();
            try (Trainer trainer =
                    LeanTrainer.of(
                            model, new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam))) {
                trainer.initialize(new Shape(1, 1));
                Parameter p = model.getBlock().getParameters().get(0).getValue();
                try (NDManager batch = trainer.getManager().newSubManager()) {
                    step(
                            trainer,
                            batch.create(new float[] {2f}, new Shape(1, 1)),
                            batch.create(new float[] {0f}, new Shape(1, 1)));
                }
                assertEquals(0.9f, p.getArray().toFloatArray()[0], 1e-6f, engine + " w");
                assertEquals(
                        0.4f,
                        adam.getState(AdamOptimizer.MEAN, p.getId())
                                .orElseThrow()
                                .toFloatArray()[0],
                        1e-6f,
                        engine + " m");
                assertEquals(
                        0.016f,
                        adam.getState(AdamOptimizer.VARIANCE, p.getId())
                                .orElseThrow()
                                .toFloatArray()[0],
                        1e-6f,
                        engine + " v");
                assertEquals(1, adam.getUpdateCount(p.getId()));
            }
        }
    }

    private static DefaultTrainingConfig config(Optimizer optimizer) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
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
