package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.Architecture;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.optim.StatefulOptimizer;

/**
 * The optimiser state round-trips exactly through a checkpoint: an MLP trained 5 steps on the
 * fixture writes its epoch-end checkpoint; a fresh model (new parameter ids) resumed from it holds
 * the same parameters, the same moments element by element, the same update counts, and its next
 * step gives the same parameters as the original's next step. On both engines.
 */
class OptimizerStateTest {

    private static final int BATCH = 32;
    private static final int STEPS = 5;

    @TempDir Path tmp;

    @ParameterizedTest
    @CsvSource({"PyTorch, adam", "PyTorch, sgd", "MXNet, adam", "MXNet, sgd"})
    void givenCheckpointAfterFiveSteps_whenResumedInFreshModel_thenStateAndNextStepAreEqual(
            String engine, String kind) {
        OptimizerKind optimizer = OptimizerKind.parse(kind);
        DigitSet data = Fixtures.mnistSmall().train().range(0, STEPS * BATCH);
        Feed feed = new Feed(data, Normalization.UNIT, Feed.Target.CLASS);
        TrainingLoop.Options options =
                new TrainingLoop.Options(1, BATCH, 7, 0, TrainingLoop.LastBatch.KEEP);
        try (Model a = model(engine);
                Model b = model(engine);
                Trainer ta = trainer(a, optimizer);
                Trainer tb = trainer(b, optimizer)) {
            TrainingLoop.fit(
                    ta,
                    FitConfig.builder()
                            .setFeed(feed)
                            .setOptions(options)
                            .optHooks(
                                    FitHooks.builder()
                                            .optControl(
                                                    TrainingControl.builder()
                                                            .optCheckpoints(tmp)
                                                            .build())
                                            .build())
                            .build());
            TrainingControl resume =
                    TrainingControl.builder().optCheckpoints(tmp).optResume(true).build();
            resume.begin(
                    tb,
                    feed,
                    options,
                    new ArrayList<>(),
                    new EarlyStopping(EarlyStopping.Goal.MINIMIZE, 0));
            resume.end();
            assertEquals(STEPS, resume.resumedFrom().globalStep());

            StatefulOptimizer oa = optimizerOf(ta);
            StatefulOptimizer ob = optimizerOf(tb);
            assertEquals(STEPS, oa.getNumUpdate());
            assertEquals(oa.getNumUpdate(), ob.getNumUpdate());
            assertFalse(oa.getStateNames().isEmpty());
            List<Pair<String, Parameter>> pa = parameters(a);
            List<Pair<String, Parameter>> pb = parameters(b);
            for (int i = 0; i < pa.size(); i++) {
                String ida = pa.get(i).getValue().getId();
                String idb = pb.get(i).getValue().getId();
                assertNotEquals(ida, idb, "a fresh model has fresh parameter ids");
                String what = engine + " " + kind + " " + pa.get(i).getKey();
                assertArrayEquals(
                        pa.get(i).getValue().getArray().toFloatArray(),
                        pb.get(i).getValue().getArray().toFloatArray(),
                        what + " weight");
                assertEquals(oa.getUpdateCount(ida), ob.getUpdateCount(idb), what + " count");
                for (String state : oa.getStateNames()) {
                    float[] sa = oa.getState(state, ida).orElseThrow().toFloatArray();
                    float[] sb = ob.getState(state, idb).orElseThrow().toFloatArray();
                    assertArrayEquals(sa, sb, what + " " + state);
                    float max = 0;
                    for (float v : sa) {
                        max = Math.max(max, Math.abs(v));
                    }
                    assertTrue(max > 0, what + " " + state + " is all zeros: nothing was tested");
                }
            }

            try (NDManager batch = ta.getManager().newSubManager()) {
                NDArray x = batch.randomUniform(0f, 1f, new Shape(BATCH, 1, 28, 28));
                NDArray y =
                        batch.randomInteger(
                                        0,
                                        10,
                                        new Shape(BATCH),
                                        ai.djl.ndarray.types.DataType.INT32)
                                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                step(ta, x, y);
                step(tb, x.toDevice(Device.cpu(), true), y.toDevice(Device.cpu(), true));
            }
            for (int i = 0; i < pa.size(); i++) {
                assertArrayEquals(
                        pa.get(i).getValue().getArray().toFloatArray(),
                        pb.get(i).getValue().getArray().toFloatArray(),
                        1e-7f,
                        engine + " " + kind + " " + pa.get(i).getKey() + " after the next step");
            }
        }
    }

    /**
     * The one MXNet limit left: a trainer that steps through DJL's parameter store (here DJL's own
     * {@code Trainer}) keeps a copy of the weights a checkpoint cannot reach, so resuming into it
     * is refused in one line.
     */
    @Test
    void givenMxnetTrainerOnDjlParameterStore_whenResumed_thenRefusedInOneLine() {
        DigitSet data = Fixtures.mnistSmall().train().range(0, STEPS * BATCH);
        Feed feed = new Feed(data, Normalization.UNIT, Feed.Target.CLASS);
        TrainingLoop.Options options =
                new TrainingLoop.Options(1, BATCH, 7, 0, TrainingLoop.LastBatch.KEEP);
        try (Model a = model("MXNet");
                Model b = model("MXNet");
                Trainer ta = trainer(a, OptimizerKind.ADAM)) {
            TrainingLoop.fit(
                    ta,
                    FitConfig.builder()
                            .setFeed(feed)
                            .setOptions(options)
                            .optHooks(
                                    FitHooks.builder()
                                            .optControl(
                                                    TrainingControl.builder()
                                                            .optCheckpoints(tmp)
                                                            .build())
                                            .build())
                            .build());
            try (Trainer tb =
                    b.newTrainer(
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                    .optOptimizer(OptimizerKind.ADAM.create(0.01f, 0.9f)))) {
                tb.initialize(new Shape(BATCH, 1, 28, 28));
                TrainingControl resume =
                        TrainingControl.builder().optCheckpoints(tmp).optResume(true).build();
                InvalidInputException e =
                        assertThrows(
                                InvalidInputException.class,
                                () ->
                                        resume.begin(
                                                tb,
                                                feed,
                                                options,
                                                new ArrayList<>(),
                                                new EarlyStopping(EarlyStopping.Goal.MINIMIZE, 0)));
                resume.end();
                assertEquals(
                        "resume "
                                + tmp
                                + ": this MXNet trainer steps through DJL's parameter store, which"
                                + " keeps its own copy of the weights from initialize, so a"
                                + " checkpoint cannot be loaded into it; resume on one device with"
                                + " a LeanTrainer",
                        e.getMessage());
            }
        }
    }

    private static Model model(String engine) {
        Model m = Model.newInstance("state", Device.cpu(), engine);
        m.setBlock(Architecture.MLP.create(10));
        return m;
    }

    private static Trainer trainer(Model model, OptimizerKind kind) {
        Trainer t =
                LeanTrainer.of(
                        model,
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                .optOptimizer(kind.create(0.01f, 0.9f)));
        t.initialize(new Shape(BATCH, 1, 28, 28));
        return t;
    }

    private static List<Pair<String, Parameter>> parameters(Model model) {
        List<Pair<String, Parameter>> list = new ArrayList<>();
        model.getBlock().getParameters().forEach(list::add);
        return list;
    }

    private static StatefulOptimizer optimizerOf(Trainer t) {
        return (StatefulOptimizer) ((LeanTrainer) t).getOptimizer();
    }

    private static void step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector c = trainer.newGradientCollector()) {
            c.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
        }
        trainer.step();
    }
}
