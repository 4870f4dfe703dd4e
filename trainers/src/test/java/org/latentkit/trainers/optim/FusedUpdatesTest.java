package org.latentkit.trainers.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.ParameterTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused multi-tensor updates ({@link StatefulOptimizer#updateAll} on PyTorch's fused kernels)
 * against the per-parameter updates, which equal DJL's (OptimizersMatchDjlTest): the same weights
 * and states after ten steps, two learning-rate groups, and gradients set to zero as DJL's update
 * does. One parameter's gradients are of order 10⁻⁷, so that Adam's ε (10⁻⁸, against √v ≈ 10⁻⁷
 * there) matters. On MXNet there is no kernel, and nothing is fused.
 */
class FusedUpdatesTest {

    private static final int STEPS = 10;
    private static final long[][] SHAPES = {{7, 5}, {5}, {3, 7}};

    /** η_t: parameter "p1" gets its own rate, so a step has two groups of (t, η_t). */
    private static final ParameterTracker TWO_RATES =
            (id, t) -> "p1".equals(id) ? 0.02f : 0.01f / (1f + 0.1f * t);

    @ParameterizedTest
    @CsvSource({
        "PyTorch, adam",
        "PyTorch, adamw",
        "PyTorch, sgd",
        "PyTorch, sgd-plain",
        "MXNet, adam",
        "MXNet, sgd"
    })
    void givenTenSteps_whenFusedAndPerParameter_thenSameWeightsAndStates(
            String engine, String kind) {
        Function<Boolean, StatefulOptimizer> make =
                fused -> {
                    long from = fused ? 0 : Long.MAX_VALUE;
                    return switch (kind) {
                        case "adam" ->
                                AdamOptimizer.builder()
                                        .optLearningRateTracker(TWO_RATES)
                                        .optWeightDecays(1e-2f)
                                        .optFusedFrom(from)
                                        .build();
                        case "adamw" ->
                                AdamOptimizer.adamWBuilder()
                                        .optLearningRateTracker(TWO_RATES)
                                        .optFusedFrom(from)
                                        .build();
                        case "sgd-plain" ->
                                SgdOptimizer.builder()
                                        .setLearningRateTracker(TWO_RATES)
                                        .optWeightDecays(1e-3f)
                                        .optFusedFrom(from)
                                        .build();
                        default ->
                                SgdOptimizer.builder()
                                        .setLearningRateTracker(TWO_RATES)
                                        .optMomentum(0.9f)
                                        .optWeightDecays(1e-3f)
                                        .optFusedFrom(from)
                                        .build();
                    };
                };
        StatefulOptimizer fused = make.apply(true);
        StatefulOptimizer plain = make.apply(false);
        try (NDManager manager = NDManager.newBaseManager(engine)) {
            List<String> ids = List.of("p0", "p1", "p2");
            List<NDArray> wFused = new ArrayList<>();
            List<NDArray> wPlain = new ArrayList<>();
            Random random = new Random(5);
            for (long[] shape : SHAPES) {
                NDArray w = randn(manager, random, new Shape(shape));
                wFused.add(w);
                wPlain.add(w.duplicate());
            }
            float[] start = wFused.get(0).toFloatArray();
            for (int s = 0; s < STEPS; s++) {
                List<NDArray> gFused = new ArrayList<>();
                List<NDArray> gPlain = new ArrayList<>();
                for (int i = 0; i < SHAPES.length; i++) {
                    // p2's gradients are tiny, so that Adam's ε shapes its step.
                    NDArray g =
                            randn(manager, random, new Shape(SHAPES[i])).muli(i == 2 ? 1e-7f : 1f);
                    gFused.add(g);
                    gPlain.add(g.duplicate());
                }
                fused.updateAll(ids, wFused, gFused);
                plain.updateAll(ids, wPlain, gPlain);
                if ("PyTorch".equals(engine)) {
                    for (NDArray g : gFused) {
                        assertEquals(0f, g.abs().sum().getFloat(), kind + ": gradient not zeroed");
                    }
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                assertClose(wPlain.get(i), wFused.get(i), engine + " " + kind + " weight " + i);
                for (String state : plain.getStateNames()) {
                    assertClose(
                            plain.getState(state, ids.get(i)).orElseThrow(),
                            fused.getState(state, ids.get(i)).orElseThrow(),
                            engine + " " + kind + " " + state + " " + i);
                }
                assertEquals(STEPS, fused.getUpdateCount(ids.get(i)));
            }
            float moved = 0;
            float[] end = wFused.get(0).toFloatArray();
            for (int i = 0; i < end.length; i++) {
                moved = Math.max(moved, Math.abs(end[i] - start[i]));
            }
            assertTrue(moved > 1e-3f, kind + " moved the weights by only " + moved);
            // Two groups of (t, η_t) a step: "p1" and the others.
            assertEquals("PyTorch".equals(engine) ? 2L * STEPS : 0, fused.getFusedCalls());
            assertEquals(0, plain.getFusedCalls());
        }
    }

    /** The same steps twice, fused, give the same bits (the determinism the README promises). */
    @Test
    void givenTheSameStepsTwice_whenFused_thenTheSameBits() {
        float[][] first = fusedAdamRun();
        float[][] second = fusedAdamRun();
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0f, "weight " + i);
        }
    }

    private static float[][] fusedAdamRun() {
        AdamOptimizer adam =
                AdamOptimizer.builder().optLearningRateTracker(TWO_RATES).optFusedFrom(0).build();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Random random = new Random(11);
            List<String> ids = List.of("p0", "p1", "p2");
            List<NDArray> w = new ArrayList<>();
            for (long[] shape : SHAPES) {
                w.add(randn(manager, random, new Shape(shape)));
            }
            for (int s = 0; s < STEPS; s++) {
                List<NDArray> g = new ArrayList<>();
                for (long[] shape : SHAPES) {
                    g.add(randn(manager, random, new Shape(shape)));
                }
                adam.updateAll(ids, w, g);
            }
            assertEquals(2L * STEPS, adam.getFusedCalls());
            float[][] out = new float[w.size()][];
            for (int i = 0; i < w.size(); i++) {
                out[i] = w.get(i).toFloatArray();
            }
            return out;
        }
    }

    /**
     * By default a step is fused from {@value StatefulOptimizer#DEFAULT_FUSED_FROM} parameter
     * values on: 1,000 values go one parameter at a time, 2¹⁷ in one kernel call.
     */
    @Test
    void givenDefaultThreshold_whenSmallAndLargeSteps_thenOnlyTheLargeIsFused() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (long size : new long[] {1000, StatefulOptimizer.DEFAULT_FUSED_FROM}) {
                AdamOptimizer adam = AdamOptimizer.builder().build();
                NDArray w = manager.zeros(new Shape(size));
                NDArray g = manager.ones(new Shape(size));
                adam.updateAll(List.of("w"), List.of(w), List.of(g));
                assertEquals(
                        size >= StatefulOptimizer.DEFAULT_FUSED_FROM ? 1 : 0,
                        adam.getFusedCalls(),
                        size + " values");
                // Adam's first step is η·sign(g) for either path.
                assertEquals(-0.001f, w.getFloat(size - 1), 1e-7f, size + " values");
            }
        }
    }

    private static NDArray randn(NDManager manager, Random random, Shape shape) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, shape);
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-6f + 1e-5f * Math.abs(e[i]), what + " at " + i);
        }
    }
}
