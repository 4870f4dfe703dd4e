package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.augment.RandomAffine;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;

class ClassifierTrainerTest {

    private static final DataLocator.TrainTest DATA = Fixtures.mnistSmall();

    @TempDir Path tmp;

    private static ClassifierTrainer.Options options(
            Architecture arch, int epochs, int patience, int maxBatches) {
        return new ClassifierTrainer.Options(
                arch,
                OptimizerKind.ADAM,
                1e-3f,
                0.9f,
                LrSchedule.CONSTANT,
                epochs,
                32,
                patience,
                Normalization.UNIT,
                7,
                maxBatches);
    }

    @Test
    void givenFixture_whenMlpTrainsThreeEpochs_thenTestAccuracyIsFarAboveChance() {
        Split split = Split.withValidation(DATA, 500);
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(split, options(Architecture.MLP, 3, 0, 0), TrainingListener.NONE)) {
            // 1,500 images, 3 epochs: chance is 10%; this MLP reaches about 85%.
            assertTrue(t.result().testAccuracy() > 0.75, "accuracy " + t.result().testAccuracy());
            assertEquals(3, t.result().fit().epochsRun());
            assertTrue(
                    t.result().fit().history().get(2).trainLoss()
                            < t.result().fit().history().get(0).trainLoss());
        }
    }

    /** Per-epoch training losses of a fit, and its test accuracy last. */
    private static List<Double> lossesAndTest(ClassifierTrainer.Options o) {
        Split split = Split.withValidation(DATA, 500);
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(split, o, TrainingListener.NONE)) {
            List<Double> out = new ArrayList<>();
            for (EpochStats e : t.result().fit().history()) {
                out.add(e.trainLoss());
            }
            out.add(t.result().testAccuracy());
            return out;
        }
    }

    @Test
    void givenAugmentation_whenTrainedTwiceWithOneSeed_thenSameRunUnlikePlainAndFarAboveChance() {
        ClassifierTrainer.Options plain = options(Architecture.MLP, 3, 0, 0);
        ClassifierTrainer.Options augmented =
                plain.toBuilder().optAugmentation(RandomAffine.parse("shift=2,rotate=10")).build();
        List<Double> first = lossesAndTest(augmented);
        // The draws come from the engine's generator, which the trainer seeds: the same run.
        assertEquals(first, lossesAndTest(augmented));
        List<Double> withoutAugmentation = lossesAndTest(plain);
        // Distorted batches are harder to fit: a higher training loss in every epoch.
        for (int e = 0; e < 3; e++) {
            assertTrue(
                    first.get(e) > withoutAugmentation.get(e),
                    "epoch " + e + ": " + first + " vs " + withoutAugmentation);
        }
        // Test images are scored as they are; chance is 10%.
        assertTrue(first.get(3) > 0.6, "test accuracy " + first.get(3));
    }

    @Test
    void givenAugmentationOption_whenCopiedOrIdentity_thenKeptOrStoredAsNone() {
        RandomAffine a = RandomAffine.parse("shift=2,rotate=10,elastic=34:4");
        ClassifierTrainer.Options o =
                ClassifierTrainer.Options.builder()
                        .setArchitecture(Architecture.MLP)
                        .optAugmentation(a)
                        .build();
        assertEquals(a, o.toBuilder().build().augmentation());
        assertEquals(o, o.toBuilder().build());
        assertEquals(null, ClassifierTrainer.Options.defaults(Architecture.MLP).augmentation());
        assertEquals(
                null,
                o.toBuilder().optAugmentation(RandomAffine.parse("none")).build().augmentation());
        assertEquals(null, options(Architecture.MLP, 1, 0, 0).augmentation());
    }

    /** The set with every image moved {@code dx} right and {@code dy} down in Java, 0 filling. */
    private static DigitSet shiftedInJava(DigitSet set, int dx, int dy) {
        int rows = set.rows();
        int cols = set.cols();
        byte[] out = new byte[set.size() * rows * cols];
        for (int n = 0; n < set.size(); n++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int si = i - dy;
                    int sj = j - dx;
                    if (si >= 0 && si < rows && sj >= 0 && sj < cols) {
                        out[(n * rows + i) * cols + j] = (byte) set.pixel(n, si * cols + sj);
                    }
                }
            }
        }
        return new DigitSet("shifted", rows, cols, out, set.labels());
    }

    @Test
    void givenTrainedModel_whenShiftedAccuracy_thenTheMeanOverSetsShiftedInJava() {
        Split split = Split.trainTest(DATA);
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(split, options(Architecture.MLP, 1, 0, 20), TrainingListener.NONE)) {
            for (Normalization norm : Normalization.values()) {
                double expected = 0;
                for (int[] d : new int[][] {{2, 0}, {-2, 0}, {0, 2}, {0, -2}}) {
                    expected +=
                            Inference.accuracy(
                                            t.model(),
                                            shiftedInJava(split.test(), d[0], d[1]),
                                            norm)
                                    / 4;
                }
                double got = ClassifierTrainer.shiftedAccuracy(t.model(), split.test(), norm, 2);
                // Centred inputs are shifted as x + 1, then - 1: at most an image's rounding.
                assertEquals(expected, got, 0.002, norm.id());
                assertTrue(got >= 0 && got <= 1);
            }
            InvalidInputException e =
                    assertThrows(
                            InvalidInputException.class,
                            () ->
                                    ClassifierTrainer.shiftedAccuracy(
                                            t.model(), split.test(), Normalization.UNIT, 0));
            assertEquals("test-shift: must be 1 or more pixels, got 0", e.getMessage());
        }
    }

    @Test
    void givenCenteredInputs_whenAugmented_thenWhatMovesInIsBackground() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            // A blank centred image is -1 everywhere; shifted and rotated it must stay blank.
            NDArray blank = m.full(new Shape(4, 1, 28, 28), -1f);
            NDArray y =
                    ClassifierTrainer.augmentation(
                                    RandomAffine.parse("shift=2,rotate=10,scale=0.2"),
                                    Normalization.CENTERED)
                            .apply(blank);
            for (float v : y.toFloatArray()) {
                assertEquals(-1f, v, 1e-5f);
            }
        }
    }

    /** The same loop code on both engines, chosen by name alone: one step moves every weight. */
    @ParameterizedTest(name = "one training step on {0}")
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenEngineByName_whenOneStep_thenParametersMoveAndLossIsFinite(String engine) {
        EngineContext ctx = EngineContext.of(engine, "cpu");
        assertEquals(engine, ctx.engineName());
        try (Model model = ctx.newModel(Architecture.LENET_CLASSIC.create(10));
                Trainer trainer =
                        model.newTrainer(
                                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                        .optOptimizer(OptimizerKind.SGD.create(0.1f, 0.9f)))) {
            trainer.initialize(Architecture.LENET_CLASSIC.inputShape(32));
            List<float[]> before = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                before.add(p.getValue().getArray().toFloatArray());
            }
            EpochStats stats =
                    TrainingLoop.trainEpoch(
                            trainer,
                            new Feed(DATA.train(), Normalization.UNIT, Feed.Target.CLASS),
                            new TrainingLoop.Options(1, 32, 1, 1, TrainingLoop.LastBatch.KEEP),
                            new java.util.Random(1),
                            1,
                            TrainingListener.NONE);
            assertEquals(1, stats.steps());
            assertEquals(32, stats.samples());
            // Cross-entropy of an untrained 10-class model is near ln 10 = 2.30.
            assertEquals(Math.log(10), stats.trainLoss(), 0.5);
            int i = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                float[] after = p.getValue().getArray().toFloatArray();
                assertTrue(
                        !java.util.Arrays.equals(before.get(i++), after),
                        p.getKey() + " did not move");
            }
        }
    }

    @Test
    void givenTrainedModel_whenSavedAndReloaded_thenPredictionsAreIdentical() {
        Split split = Split.trainTest(DATA);
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        ClassifierTrainer.Options o = options(Architecture.LENET_CLASSIC, 1, 0, 20);
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(ctx).fit(split, o, TrainingListener.NONE)) {
            ModelStore.save(
                    t.model(),
                    t.descriptor(),
                    ClassifierTrainer.metadata(o, "mnist"),
                    tmp.resolve("m"));
            int[] before = Inference.predictClasses(t.model(), DATA.test(), Normalization.UNIT);
            try (ModelStore.Loaded loaded = ModelStore.load(tmp.resolve("m"), ctx)) {
                assertArrayEquals(
                        before,
                        Inference.predictClasses(loaded.model(), DATA.test(), Normalization.UNIT));
                assertEquals("lenet-classic", loaded.descriptor().block().architecture());
                assertEquals("unit", loaded.descriptor().metadata().get("normalization"));
            }
            // A model of another architecture cannot take these parameters.
            assertThrows(
                    InvalidInputException.class,
                    () -> {
                        ModelStore.save(
                                t.model(),
                                Architecture.MLP.descriptor(10),
                                java.util.Map.of(),
                                tmp.resolve("wrong"));
                        ModelStore.load(tmp.resolve("wrong"), ctx).close();
                    });
        }
    }

    @Test
    void givenNotAModelDirectory_whenLoaded_thenOneLineSaysSo() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ModelStore.describe(tmp));
        assertEquals(
                "model " + tmp + ": not a saved latentkit model (no model.json)", e.getMessage());
    }

    /** Early stopping must hand back the best epoch's weights, not the last epoch's. */
    @Test
    void givenValidationPeaksEarly_whenPatienceRunsOut_thenBestEpochWeightsAreRestored() {
        Split split = Split.withValidation(DATA, 500);
        List<float[]> weightsAtEpoch = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        TrainingListener record =
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(org.latentkit.trainers.loop.EpochStats s) {
                        scores.add(s.validationScore());
                    }
                };
        // Drive the loop directly with a scripted validator: scores 0.5, 0.9, 0.6, 0.4 with
        // patience 2.
        double[] script = {0.5, 0.9, 0.6, 0.4, 0.3};
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        try (Model model = ctx.newModel(Architecture.MLP.create(10));
                ai.djl.training.Trainer tr =
                        model.newTrainer(
                                new ai.djl.training.DefaultTrainingConfig(
                                                ai.djl.training.loss.Loss.softmaxCrossEntropyLoss())
                                        .optOptimizer(OptimizerKind.ADAM.create(1e-3f, 0f)))) {
            tr.initialize(Architecture.MLP.inputShape(32));
            org.latentkit.trainers.loop.TrainingLoop.Result r =
                    org.latentkit.trainers.loop.TrainingLoop.fit(
                            tr,
                            org.latentkit.trainers.loop.FitConfig.builder()
                                    .setFeed(
                                            new org.latentkit.trainers.loop.Feed(
                                                    split.train(),
                                                    Normalization.UNIT,
                                                    org.latentkit.trainers.loop.Feed.Target.CLASS))
                                    .setOptions(
                                            new org.latentkit.trainers.loop.TrainingLoop.Options(
                                                    10,
                                                    32,
                                                    1,
                                                    5,
                                                    org.latentkit.trainers.loop.TrainingLoop
                                                            .LastBatch.KEEP))
                                    .optValidator(
                                            t -> {
                                                weightsAtEpoch.add(firstWeight(t.getModel()));
                                                return script[weightsAtEpoch.size() - 1];
                                            })
                                    .optStopping(
                                            new org.latentkit.trainers.loop.EarlyStopping(
                                                    org.latentkit.trainers.loop.EarlyStopping.Goal
                                                            .MAXIMIZE,
                                                    2))
                                    .optHooks(org.latentkit.trainers.loop.FitHooks.of(record))
                                    .build());
            assertEquals(4, r.epochsRun(), "stops two epochs after the peak");
            assertEquals(2, r.bestEpoch());
            assertEquals(0.9, r.bestScore());
            assertEquals(List.of(0.5, 0.9, 0.6, 0.4), scores);
            assertArrayEquals(weightsAtEpoch.get(1), firstWeight(model), 0f);
            assertNotEquals(0, java.util.Arrays.compare(weightsAtEpoch.get(3), firstWeight(model)));
        }
    }

    private static float[] firstWeight(Model model) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.getShape().dimension() == 2) {
                return a.toFloatArray();
            }
        }
        throw new AssertionError("no weight matrix");
    }
}
