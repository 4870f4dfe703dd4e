package org.latentkit.trainers.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;

/** The benchmark harness's bookkeeping (never its timings). */
class BenchmarkTest {

    private static final DigitSet TRAIN = Fixtures.mnistSmall().train();

    @Test
    void givenThreeEpochsOfFiveBatches_whenRun_thenCountsAndDerivedFiguresAreConsistent() {
        Benchmark.Report r =
                Benchmark.run(
                        EngineContext.of("PyTorch", "cpu"),
                        0.25,
                        TRAIN,
                        Benchmark.experiment("classify:mlp"),
                        new Benchmark.Options(2, 5, 3, 7));
        // 3 epochs x 5 steps x batch 32 = 480 samples
        assertEquals(15, r.steps());
        assertEquals(480, r.samples());
        assertEquals(3, r.epochs().size());
        assertEquals(r.samples(), r.samplesPerSecond() * r.seconds(), 1e-6 * r.samples());
        assertEquals(TRAIN.size() / r.samplesPerSecond(), r.epochEquivalentSeconds(), 1e-9);
        Map<String, Object> m = r.toMap();
        for (String key :
                List.of(
                        "experiment",
                        "engine",
                        "device",
                        "batch_size",
                        "warmup_batches",
                        "batches_per_epoch",
                        "epochs",
                        "steps",
                        "samples",
                        "seconds",
                        "samples_per_second",
                        "epoch_equivalent_seconds",
                        "cpu_seconds",
                        "step_ms",
                        "engine_start_seconds",
                        "peak_rss_mb",
                        "rss_mb_by_epoch",
                        "rss_growth_percent",
                        "by_epoch")) {
            assertTrue(m.containsKey(key), "bench map lacks " + key);
        }
        assertEquals("classify:mlp", m.get("experiment"));
        assertEquals(0.25, m.get("engine_start_seconds"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ms = (Map<String, Object>) m.get("step_ms");
        assertEquals(
                List.of("data", "forward", "backward", "optimizer", "total"),
                List.copyOf(ms.keySet()));
        if (r.rssMb().size() == 3) { // Linux: one reading per epoch, growth from the 2nd to the 3rd
            double expected = 100 * (r.rssMb().get(2) - r.rssMb().get(1)) / r.rssMb().get(1);
            assertEquals(expected, r.rssGrowthPercent(), 1e-9);
            assertTrue(r.peakRssMb() >= r.rssMb().get(2), "peak RSS below a reading");
        }
        assertTrue(r.summary().startsWith("classify:mlp PyTorch"), r.summary());
    }

    @Test
    void givenTheAugmentedLeNet_whenRun_thenSameStepsAsThePlainOneButDistortedBatches() {
        Benchmark.Report plain = fourSteps("classify:lenet-classic");
        Benchmark.Report augmented = fourSteps("classify:lenet-classic+augment");
        Benchmark.Report again = fourSteps("classify:lenet-classic+augment");
        assertEquals(plain.samples(), augmented.samples());
        double p = plain.epochs().get(0).trainLoss();
        double a = augmented.epochs().get(0).trainLoss();
        // Same seed, same initialisation and batches: only the distortion can move the loss.
        assertTrue(Math.abs(p - a) > 1e-4, "augmentation changed nothing: " + p + " vs " + a);
        assertEquals(a, again.epochs().get(0).trainLoss(), 0.0, "the same seed, the same draws");
        assertEquals(
                "shift=2,rotate=10",
                Benchmark.experiment("classify:lenet-classic+augment").augmentation().toSpec());
    }

    @Test
    void givenAProfiler_whenRun_thenItBracketsTheMeasuredStepsOnceAndChangesNoResult() {
        List<String> calls = new java.util.ArrayList<>();
        Benchmark.Profiler recorder =
                new Benchmark.Profiler() {
                    @Override
                    public void start() {
                        calls.add("start");
                    }

                    @Override
                    public void stop() {
                        calls.add("stop");
                    }
                };
        Benchmark.Options options = new Benchmark.Options(2, 4, 2, 7);
        Benchmark.Report profiled =
                Benchmark.run(
                        EngineContext.of("PyTorch", "cpu"),
                        0,
                        TRAIN,
                        Benchmark.experiment("classify:mlp"),
                        options,
                        recorder);
        assertEquals(List.of("start", "stop"), calls, "one start before, one stop after");
        Benchmark.Report plain =
                Benchmark.run(
                        EngineContext.of("PyTorch", "cpu"),
                        0,
                        TRAIN,
                        Benchmark.experiment("classify:mlp"),
                        options);
        assertEquals(8, profiled.steps());
        assertEquals(plain.epochs().get(1).trainLoss(), profiled.epochs().get(1).trainLoss(), 0.0);
    }

    /** One bench epoch of four steps, seed 7, no warm-up. */
    private static Benchmark.Report fourSteps(String experiment) {
        return fourSteps(Benchmark.experiment(experiment));
    }

    private static Benchmark.Report fourSteps(Experiment experiment) {
        return Benchmark.run(
                EngineContext.of("PyTorch", "cpu"),
                0,
                TRAIN,
                experiment,
                new Benchmark.Options(0, 4, 1, 7));
    }

    /**
     * The bench's dense autoencoder (435,536 parameters, Adam) takes the fused kernel: four steps,
     * the first through DJL's parameter store, so three kernel calls.
     */
    @Test
    void givenTheDenseAutoencoder_whenRun_thenItsStepsAreFused() {
        Map<String, Object> m = fourSteps("autoencode:dense").toMap();
        // Adam's m and v for each of the 435,536 weights
        assertEquals(2L * 435536, m.get("optimizer_state_values"));
        assertEquals(3L, m.get("optimizer_fused_calls"));
    }

    @Test
    void givenAFlushInterval_whenRun_thenTheReportCountsTheStateAndNamesTheInterval() {
        Experiment mlp = Benchmark.experiment("classify:mlp");
        Benchmark.Report byDefault = fourSteps("classify:mlp");
        Map<String, Object> m = byDefault.toMap();
        // 784·100 + 100 + 100·10 + 10 weights, one momentum value each
        assertEquals(79510L, m.get("optimizer_state_values"));
        assertEquals(64L, m.get("flush_subnormals_every"));
        // under the default 131,072 values a step is not fused
        assertEquals(0L, m.get("optimizer_fused_calls"));
        Benchmark.Report never = fourSteps(mlp.withFlushSubnormalsEvery(0));
        Benchmark.Report always = fourSteps(mlp.withFlushSubnormalsEvery(1));
        assertEquals(0L, never.toMap().get("flush_subnormals_every"));
        assertEquals(1L, always.toMap().get("flush_subnormals_every"));
        assertEquals(0L, always.toMap().get("optimizer_state_subnormal"));
        // flushing after every update changes no result
        assertEquals(never.epochs().get(0).trainLoss(), always.epochs().get(0).trainLoss(), 0.0);
        assertEquals(
                byDefault.epochs().get(0).trainLoss(), always.epochs().get(0).trainLoss(), 0.0);
        assertTrue(
                assertThrows(InvalidInputException.class, () -> mlp.withFlushSubnormalsEvery(-1))
                        .getMessage()
                        .startsWith("flush-subnormals"));
    }

    @Test
    void givenFullEpochs_whenRun_thenEveryEpochCoversTheSetWithAPartialLastBatch() {
        DigitSet small = TRAIN.range(0, 100);
        Benchmark.Report r =
                Benchmark.run(
                        EngineContext.of("PyTorch", "cpu"),
                        0,
                        small,
                        Benchmark.experiment("classify:mlp"),
                        new Benchmark.Options(0, 0, 1, 7));
        // 100 samples at batch 32: 4 steps (32, 32, 32, 4)
        assertEquals(4, r.steps());
        assertEquals(100, r.samples());
        assertEquals(Double.NaN, r.rssGrowthPercent());
        assertEquals(null, r.toMap().get("batches_per_epoch"));
    }

    @Test
    void givenUnknownExperiment_whenLookedUp_thenTheErrorListsTheValidOnes() {
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class, () -> Benchmark.experiment("classify:nope"));
        assertTrue(
                e.getMessage().contains("classify:lenet-classic")
                        && e.getMessage().contains("autoencode:dense"),
                e.getMessage());
    }

    @Test
    void givenRegisteredName_whenRegisteredAgain_thenRefused() {
        Experiment mlp = Benchmark.experiment("classify:mlp");
        assertThrows(IllegalArgumentException.class, () -> Benchmark.register(mlp));
    }

    @Test
    void givenBadOptions_whenBuilt_thenNamed() {
        assertTrue(
                assertThrows(InvalidInputException.class, () -> new Benchmark.Options(-1, 5, 1, 1))
                        .getMessage()
                        .startsWith("warmup"));
        assertTrue(
                assertThrows(InvalidInputException.class, () -> new Benchmark.Options(0, 5, 0, 1))
                        .getMessage()
                        .startsWith("epochs"));
    }
}
