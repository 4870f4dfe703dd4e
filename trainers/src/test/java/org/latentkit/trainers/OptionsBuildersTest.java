package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.semisup.FeatureClassifier;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BinaryCodeLoss;
import org.latentkit.trainers.bench.Experiment;
import org.latentkit.trainers.buckets.BucketTrainer;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.Checkpoint;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingLoop;
import org.latentkit.trainers.loop.WeightInit;
import org.latentkit.trainers.mixture.MixtureTrainer;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.semisup.SemiSupervised;

/**
 * The options builders: defaults come from one place and equal the values the positional
 * constructors were given before, a missing or bad value fails with one line naming the option, and
 * array-holding options compare by content.
 */
class OptionsBuildersTest {

    private static void assertFails(String prefix, Executable build) {
        InvalidInputException e = assertThrows(InvalidInputException.class, build);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void givenClassifierBuilderWhenUnconfiguredThenEqualsDefaultsAndTheSeedsValues() {
        ClassifierTrainer.Options d = ClassifierTrainer.Options.defaults(Architecture.MLP);
        assertEquals(
                d, ClassifierTrainer.Options.builder().setArchitecture(Architecture.MLP).build());
        assertEquals(
                new ClassifierTrainer.Options(
                        Architecture.MLP,
                        OptimizerKind.ADAM,
                        1e-3f,
                        0.9f,
                        LrSchedule.CONSTANT,
                        10,
                        32,
                        3,
                        Normalization.UNIT,
                        42,
                        0),
                d);
        assertEquals(d, d.toBuilder().build());
        assertEquals(7, d.withEpochs(7).epochs());
        assertEquals(64, d.withBatchSize(64).batchSize());
    }

    @Test
    void givenClassifierBuilderWhenArchitectureMissingOrValueBadThenNamesTheOption() {
        assertFails("architecture: is required", () -> ClassifierTrainer.Options.builder().build());
        assertFails(
                "lr: must be a positive number",
                () ->
                        ClassifierTrainer.Options.builder()
                                .setArchitecture(Architecture.MLP)
                                .optLearningRate(-1)
                                .build());
        assertFails(
                "momentum: must be in [0, 1)",
                () ->
                        ClassifierTrainer.Options.builder()
                                .setArchitecture(Architecture.MLP)
                                .optMomentum(1)
                                .build());
        assertFails(
                "batch-size:",
                () ->
                        ClassifierTrainer.Options.builder()
                                .setArchitecture(Architecture.MLP)
                                .optBatchSize(0)
                                .build());
    }

    @Test
    void givenReconstructionBuilderWhenUnconfiguredThenEqualsDefaultsAndSeed001() {
        ReconstructionTrainer.Options d = ReconstructionTrainer.Options.defaults();
        assertEquals(d, ReconstructionTrainer.Options.builder().build());
        assertEquals(
                new ReconstructionTrainer.Options(
                        OptimizerKind.ADAM,
                        1e-3f,
                        50,
                        512,
                        5,
                        Normalization.UNIT,
                        42,
                        0,
                        LrSchedule.CONSTANT,
                        OptimizerKind.DEFAULT_ADAM_EPSILON,
                        WeightInit.DJL),
                d);
        assertEquals(d, d.toBuilder().build());
        assertEquals(3, d.withEpochs(3).epochs());
    }

    @Test
    void givenReconstructionBuilderWhenValueMissingOrBadThenNamesTheOption() {
        assertFails(
                "lr-schedule: is required",
                () -> ReconstructionTrainer.Options.builder().optSchedule(null).build());
        assertFails(
                "patience: must be 0 or more",
                () -> ReconstructionTrainer.Options.builder().optPatience(-1).build());
        assertFails(
                "adam-epsilon: must be a positive number",
                () -> ReconstructionTrainer.Options.builder().optAdamEpsilon(0).build());
    }

    @Test
    void givenMixtureBuilderWhenUnconfiguredThenEqualsDefaultsAndSeed002() {
        MixtureTrainer.Options d = MixtureTrainer.Options.defaults();
        assertEquals(d, MixtureTrainer.Options.builder().build());
        assertEquals(
                new MixtureTrainer.Options(
                        OptimizerKind.ADAM, 1e-3f, 100, 100, Normalization.UNIT, 42, 0, Double.NaN),
                d);
        assertEquals(d, d.toBuilder().build());
        assertFails(
                "balance-final: must be >= 0",
                () -> MixtureTrainer.Options.builder().optBalanceFinal(-0.5).build());
        assertFails(
                "optimizer: is required",
                () -> MixtureTrainer.Options.builder().optOptimizer(null).build());
    }

    @Test
    void givenHeadBuilderWhenUnconfiguredThenEqualsDefaultsAndTheSeedsClassifier() {
        SemiSupervised.HeadOptions d = SemiSupervised.HeadOptions.defaults();
        assertEquals(d, SemiSupervised.HeadOptions.builder().build());
        assertEquals(
                new SemiSupervised.HeadOptions(
                        1e-3f, 100, 32, 3, FeatureClassifier.Encoder.FROZEN, true, 42, 0),
                d);
        assertEquals(5, d.withMaxBatches(5).maxBatches());
        assertFails(
                "encoder:", () -> SemiSupervised.HeadOptions.builder().optEncoder(null).build());
        assertFails(
                "epochs: must be a positive number",
                () -> SemiSupervised.HeadOptions.builder().optEpochs(0).build());
    }

    @Test
    void givenBucketBuilderWhenUnconfiguredThenEqualsDefaultsAndTheOriginal() {
        BucketTrainer.Options d = BucketTrainer.Options.defaults();
        assertEquals(d, BucketTrainer.Options.builder().build());
        assertEquals(
                new BucketTrainer.Options(
                        7,
                        new int[] {64, 64},
                        ActivationKind.LEAKY_RELU,
                        BinaryCodeLoss.Weights.ORIGINAL_BEST,
                        BinaryCodeLoss.Diagonal.EXCLUDE,
                        1e-3f,
                        10,
                        128,
                        42,
                        0,
                        0,
                        0),
                d);
        assertEquals(d, d.toBuilder().build());
        assertEquals(3, d.withSeed(3).seed());
    }

    @Test
    void givenBucketOptionsWhenArraysEqualByContentThenEqualHashAndText() {
        int[] sizes = {32, 16};
        BucketTrainer.Options a = BucketTrainer.Options.builder().optHidden(sizes).build();
        BucketTrainer.Options b = BucketTrainer.Options.builder().optHidden(32, 16).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertTrue(a.toString().contains("hidden=[32, 16]"), a.toString());
        assertNotEquals(a, BucketTrainer.Options.builder().optHidden(32, 8).build());
        sizes[0] = 1;
        a.hidden()[1] = 2;
        assertArrayEquals(new int[] {32, 16}, a.hidden());
        assertEquals(b, a);
    }

    @Test
    void givenBucketBuilderWhenValueMissingOrBadThenNamesTheOption() {
        assertFails(
                "hidden: is required",
                () -> BucketTrainer.Options.builder().optHidden((int[]) null).build());
        assertFails(
                "bits: must be between 1 and 16",
                () -> BucketTrainer.Options.builder().optBits(17).build());
        assertFails("batch-size:", () -> BucketTrainer.Options.builder().optBatchSize(1).build());
        assertFails("pair weight:", () -> BucketTrainer.Options.builder().optShift(2).build());
    }

    private static Checkpoint.Builder checkpoint() {
        return Checkpoint.builder()
                .setEpochsDone(2)
                .setStepsDone(0)
                .setGlobalStep(40)
                .setShuffleState("AAAA")
                .setHistory(List.of())
                .setDataset("mnist", "ab12", 1000)
                .setBatchSize(50)
                .setSeed(7)
                .setParameters(Map.of("w", "(2, 3)"));
    }

    @Test
    void givenCheckpointBuilderWhenRequiredSetThenFreshRunDefaultsAndRoundTrip() {
        Checkpoint c = checkpoint().build();
        assertEquals(Checkpoint.FORMAT, c.format());
        assertEquals(Checkpoint.VERSION, c.version());
        assertTrue(Double.isNaN(c.bestScore()));
        assertEquals("none", c.optimizer());
        assertEquals("end of epoch 2", c.position());
        assertEquals(c, c.toBuilder().build());
        Map<String, String> sums = Map.of("params.bin", "ff");
        assertEquals(sums, c.toBuilder().optFiles(sums).build().files());
    }

    @Test
    void givenCheckpointBuilderWhenRequiredValueMissingThenNamesIt() {
        assertFails("epochs-done: is required", () -> Checkpoint.builder().build());
        assertFails("parameters: is required", () -> checkpoint().setParameters(null).build());
    }

    @Test
    void givenBenchExperimentBuilderWhenPresetRebuiltThenEqualFieldsAndMissingValuesNamed() {
        Experiment preset =
                Experiment.reconstruction("x:y", "one line", () -> null, () -> null, 64);
        Experiment rebuilt =
                Experiment.builder()
                        .setName(preset.name())
                        .setDescription(preset.description())
                        .setBlock(preset.block())
                        .setLoss(preset.loss())
                        .setOptimizer(preset.optimizer())
                        .setNormalization(preset.normalization())
                        .setTarget(preset.target())
                        .setBatchSize(preset.batchSize())
                        .build();
        assertEquals(preset, rebuilt);
        assertEquals(TrainingLoop.LastBatch.KEEP, rebuilt.lastBatch());
        assertFails("name: is required", () -> Experiment.builder().build());
        assertFails(
                "batch-size: must be a positive number",
                () ->
                        Experiment.builder()
                                .setName("a")
                                .setDescription("b")
                                .setBlock(preset.block())
                                .setLoss(preset.loss())
                                .setOptimizer(preset.optimizer())
                                .setNormalization(Normalization.UNIT)
                                .setTarget(preset.target())
                                .setBatchSize(0)
                                .build());
    }
}
