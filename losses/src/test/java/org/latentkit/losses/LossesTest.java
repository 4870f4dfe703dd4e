package org.latentkit.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/** Reconstruction losses and sparsity penalties against hand-computed values, on both engines. */
class LossesTest {

    // Two 2-pixel images and their reconstructions.
    private static final float[] X = {0f, 1f, 1f, 1f};
    private static final float[] P = {0.5f, 0.5f, 1f, 0f};
    // Two 4-bit binary codes, and two real-valued activations.
    private static final float[] CODE = {1, 0, 0, 1, 0, 0, 0, 1};
    private static final float[] ACT = {0.5f, 0.5f, 0f, 1f, 0.2f, 0.8f, 1f, 0f};

    private static NDList in(NDManager m, float[] v, long rows) {
        return new NDList(m.create(v, new Shape(rows, v.length / rows)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatchWhenMseMeanThenMeanOfPerPixelMeans(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            // image 1: ((0-.5)² + (1-.5)²)/2 = (.25+.25)/2 = .25; image 2: (0 + 1)/2 = .5; mean =
            // .375
            float v = ReconstructionLoss.mse().evaluate(in(m, X, 2), in(m, P, 2)).getFloat();
            assertEquals(0.375f, v, 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatchWhenMseSumThenMeanOfPerImageSums(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            // image 1: .25 + .25 = .5; image 2: 0 + 1 = 1; mean = .75
            ReconstructionLoss l =
                    ReconstructionLoss.builder()
                            .optReduction(ReconstructionLoss.Reduction.SUM)
                            .build();
            assertEquals(0.75f, l.evaluate(in(m, X, 2), in(m, P, 2)).getFloat(), 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenHalfPredictionsWhenBceThenLn2PerPixel(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            // -[x ln .5 + (1-x) ln .5] = ln 2 = 0.693147 for every pixel, whatever x.
            ReconstructionLoss l =
                    ReconstructionLoss.builder().optKind(ReconstructionLoss.Kind.BCE).build();
            float[] half = {0.5f, 0.5f, 0.5f, 0.5f};
            assertEquals(0.693147f, l.evaluate(in(m, X, 2), in(m, half, 2)).getFloat(), 1e-5f);
        }
    }

    @Test
    void givenPerfectReconstructionWhenMseThenZeroAndDuplicatedBatchGivesSameValue() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            assertEquals(
                    0f, ReconstructionLoss.mse().evaluate(in(m, X, 2), in(m, X, 2)).getFloat());
            float[] x2 = {0f, 1f, 1f, 1f, 0f, 1f, 1f, 1f};
            float[] p2 = {0.5f, 0.5f, 1f, 0f, 0.5f, 0.5f, 1f, 0f};
            assertEquals(
                    0.375f,
                    ReconstructionLoss.mse().evaluate(in(m, x2, 4), in(m, p2, 4)).getFloat(),
                    1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatchWhenMseBackwardThenGradientIsTwiceTheErrorOverAllValues(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray p = m.create(P, new Shape(2, 2));
            p.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                c.backward(ReconstructionLoss.mse().evaluate(in(m, X, 2), new NDList(p)));
            }
            // L = (1/4) Σ (p - x)², so ∂L/∂p = 2 (p - x) / 4 = (p - x) / 2:
            // p - x = (.5, -.5, 0, -1) -> (.25, -.25, 0, -.5)
            float[] g = p.getGradient().toFloatArray();
            float[] expected = {0.25f, -0.25f, 0f, -0.5f};
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], g[i], 1e-6f, "gradient " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedCodesWhenPenaltiesThenHandComputedValues(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDList codes = new NDList(m.create(0f), m.create(CODE, new Shape(2, 4)));
            NDList acts = new NDList(m.create(0f), m.create(ACT, new Shape(2, 4)));
            // l1: m = (2/4, 1/4) = (.5, .25) -> mean .375
            assertEquals(0.375f, penalty(SparsityPenalty.Kind.L1, codes), 1e-6f);
            // l1-squared: (.25, .0625) -> mean .15625
            assertEquals(0.15625f, penalty(SparsityPenalty.Kind.L1_SQUARED, codes), 1e-6f);
            // entropy on a 0/1 code is 0
            assertEquals(0f, penalty(SparsityPenalty.Kind.ENTROPY, codes), 1e-7f);
            // entropy: z(1-z) = (.25,.25,0,0) -> .125 and (.16,.16,0,0) -> .08; mean .1025
            assertEquals(0.1025f, penalty(SparsityPenalty.Kind.ENTROPY, acts), 1e-6f);
            // entropy-squared: (.015625, .0064) -> mean .0110125
            assertEquals(0.0110125f, penalty(SparsityPenalty.Kind.ENTROPY_SQUARED, acts), 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenLambdaWhenPenalizedThenConvexCombination(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDList labels = in(m, X, 2);
            NDList pred = new NDList(m.create(P, new Shape(2, 2)), m.create(CODE, new Shape(2, 4)));
            PenalizedReconstructionLoss l =
                    new PenalizedReconstructionLoss(
                            ReconstructionLoss.mse(),
                            new SparsityPenalty(SparsityPenalty.Kind.L1, 1),
                            0.2f);
            // 0.8 · .375 + 0.2 · .375 = .375; with λ = 0.5 and l1-squared: .5·.375 + .5·.15625 =
            // .265625
            assertEquals(0.375f, l.evaluate(labels, pred).getFloat(), 1e-6f);
            PenalizedReconstructionLoss sq =
                    new PenalizedReconstructionLoss(
                            ReconstructionLoss.mse(),
                            new SparsityPenalty(SparsityPenalty.Kind.L1_SQUARED, 1),
                            PenalizedReconstructionLoss.DEFAULT_LAMBDA);
            assertEquals(0.265625f, sq.evaluate(labels, pred).getFloat(), 1e-6f);
        }
    }

    @Test
    void givenActiveBitWhenL1BackwardThenGradientPushesItDown() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray z = m.create(CODE, new Shape(2, 4));
            z.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                c.backward(
                        new SparsityPenalty(SparsityPenalty.Kind.L1, 0)
                                .evaluate(new NDList(), new NDList(z)));
            }
            // ∂/∂z_ik of (1/2)Σ_i (1/4)Σ_k z_ik = 1/8 for every element
            assertEquals(0.125f, z.getGradient().toFloatArray()[0], 1e-7f);
        }
    }

    @Test
    void givenLambdaOutsideUnitIntervalWhenCreatedThenInvalidInput() {
        ReconstructionLoss r = ReconstructionLoss.mse();
        SparsityPenalty p = new SparsityPenalty(SparsityPenalty.Kind.L1, 1);
        assertThrows(
                InvalidInputException.class, () -> new PenalizedReconstructionLoss(r, p, 1.5f));
    }

    @Test
    void givenUnknownPenaltyNameWhenParsedThenInvalidInput() {
        assertThrows(InvalidInputException.class, () -> SparsityPenalty.Kind.parse("l2"));
        assertEquals(SparsityPenalty.Kind.L1_SQUARED, SparsityPenalty.Kind.parse("l1-squared"));
    }

    @Test
    void givenUnknownNamesWhenParsedThenOneLineListsTheValidNames() {
        assertEquals(
                "penalty: unknown penalty 'l2' (valid: l1, l1-squared, entropy, entropy-squared)",
                assertThrows(InvalidInputException.class, () -> SparsityPenalty.Kind.parse("l2"))
                        .getMessage());
        assertEquals(
                "reconstruction: unknown loss 'l1' (valid: mse, bce)",
                assertThrows(InvalidInputException.class, () -> ReconstructionLoss.Kind.parse("l1"))
                        .getMessage());
        assertEquals(
                "reduction: unknown reduction 'max' (valid: mean, sum)",
                assertThrows(
                                InvalidInputException.class,
                                () -> ReconstructionLoss.Reduction.parse("max"))
                        .getMessage());
        assertEquals(
                "beta-schedule: unknown schedule 'wobbly' (valid: constant, linear, cyclical)",
                assertThrows(InvalidInputException.class, () -> BetaSchedule.Kind.parse("wobbly"))
                        .getMessage());
        assertEquals(ReconstructionLoss.Kind.BCE, ReconstructionLoss.Kind.parse("BCE"));
        assertEquals(BetaSchedule.Kind.CYCLICAL, BetaSchedule.Kind.parse("cyclical"));
    }

    private static float penalty(SparsityPenalty.Kind kind, NDList predictions) {
        return new SparsityPenalty(kind, 1).evaluate(new NDList(), predictions).getFloat();
    }
}
