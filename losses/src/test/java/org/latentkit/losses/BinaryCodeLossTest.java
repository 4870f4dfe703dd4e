package org.latentkit.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
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
import org.latentkit.losses.BinaryCodeLoss.Diagonal;
import org.latentkit.losses.BinaryCodeLoss.Weights;

/** Hand-computed values and gradient signs of {@link BinaryCodeLoss}, on both engines. */
class BinaryCodeLossTest {

    private static final float EPS = 1e-5f;

    /*
     * The fixed batch, N = 2 samples, n = 3 outputs:
     *   A = [[ 0.8, 0.4, -0.2],
     *        [-0.4, 0.4,  0.6]]
     * μ = [0.2, 0.4, 0.2]; centred rows [0.6, 0, -0.4] and [-0.6, 0, 0.4];
     * C = (1/2)(r1ᵀr1 + r2ᵀr2) = [[0.36, 0, -0.24], [0, 0, 0], [-0.24, 0, 0.16]].
     *   covariance, diagonal included: (0.36 + 0.24 + 0.24 + 0.16) / 9 = 1.0 / 9 = 0.111111
     *   covariance, diagonal zeroed:   (0.24 + 0.24) / 9            = 0.48 / 9 = 0.053333
     *   centering:  (0.2 + 0.4 + 0.2) / 3 = 0.266667
     *   magnitude: −(0.8 + 0.4 + 0.2 + 0.4 + 0.4 + 0.6) / 6 = −2.8 / 6 = −0.466667
     *   total at cov=0.9, center=1, mag=0.15: 0.9·0.053333 + 0.266667 − 0.15·0.466667
     *                                        = 0.048 + 0.266667 − 0.07 = 0.244667
     */
    private static final float[] BATCH = {0.8f, 0.4f, -0.2f, -0.4f, 0.4f, 0.6f};

    private static NDManager manager(String engine) {
        return NDManager.newBaseManager(Device.cpu(), Engine.getEngine(engine).getEngineName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatch_whenEachTermComputed_thenMatchesHandArithmetic(String engine) {
        try (NDManager m = manager(engine)) {
            NDArray a = m.create(BATCH, new Shape(2, 3));
            assertEquals(
                    1.0f / 9, BinaryCodeLoss.covarianceTerm(a, Diagonal.INCLUDE).getFloat(), EPS);
            assertEquals(
                    0.48f / 9, BinaryCodeLoss.covarianceTerm(a, Diagonal.EXCLUDE).getFloat(), EPS);
            assertEquals(0.8f / 3, BinaryCodeLoss.centeringTerm(a).getFloat(), EPS);
            assertEquals(-2.8f / 6, BinaryCodeLoss.magnitudeTerm(a).getFloat(), EPS);
            float[] c = BinaryCodeLoss.covariance(a).toFloatArray();
            float[] expected = {0.36f, 0, -0.24f, 0, 0, 0, -0.24f, 0, 0.16f};
            for (int i = 0; i < 9; i++) {
                assertEquals(expected[i], c[i], EPS, "C entry " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenOriginalWeights_whenEvaluated_thenWeightedSumWithoutConstant(String engine) {
        try (NDManager m = manager(engine)) {
            NDArray a = m.create(BATCH, new Shape(2, 3));
            BinaryCodeLoss loss = BinaryCodeLoss.builder().build();
            assertEquals(0.244667f, loss.evaluate(new NDList(), new NDList(a)).getFloat(), EPS);
            // Diagonal included: 0.9·0.111111 + 0.266667 − 0.07 = 0.296667
            BinaryCodeLoss withDiag =
                    BinaryCodeLoss.builder().optDiagonal(Diagonal.INCLUDE).build();
            assertEquals(0.296667f, withDiag.evaluate(new NDList(), new NDList(a)).getFloat(), EPS);
            // Only the magnitude term: 1·(−0.466667)
            BinaryCodeLoss magOnly =
                    BinaryCodeLoss.builder().optWeights(new Weights(0, 0, 1)).build();
            assertEquals(-0.466667f, magOnly.evaluate(new NDList(), new NDList(a)).getFloat(), EPS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenDuplicatedBatch_whenEvaluated_thenSameValue(String engine) {
        // Population statistics (divide by N): duplicating every sample changes nothing.
        try (NDManager m = manager(engine)) {
            NDArray a = m.create(BATCH, new Shape(2, 3));
            NDArray twice = a.concat(a, 0);
            BinaryCodeLoss loss = BinaryCodeLoss.builder().optDiagonal(Diagonal.INCLUDE).build();
            assertEquals(
                    loss.evaluate(new NDList(), new NDList(a)).getFloat(),
                    loss.evaluate(new NDList(), new NDList(twice)).getFloat(),
                    EPS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenBalancedIndependentSaturatedBits_whenEvaluated_thenOnlyMagnitudeRemains(
            String engine) {
        // Two ±1 bits over 4 samples, each balanced and uncorrelated: cov (off-diagonal) = 0,
        // centering = 0, magnitude = −1, so the loss is −w_mag (the original's "+w_mag" makes it
        // 0).
        try (NDManager m = manager(engine)) {
            NDArray a = m.create(new float[] {1, 1, 1, -1, -1, 1, -1, -1}, new Shape(4, 2));
            BinaryCodeLoss loss = BinaryCodeLoss.builder().build();
            assertEquals(-0.15f, loss.evaluate(new NDList(), new NDList(a)).getFloat(), EPS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenTwoIdenticalOutputs_whenCovarianceGradientStepTaken_thenOutputsArePushedApart(
            String engine) {
        // Columns 0 and 1 are identical, so C_01 = Var > 0 and ∂|C_01|/∂a_s0 = (a_s1 − μ_1)/N:
        // a descent step lowers a_s0 where a_s1 is above its mean and raises it where below.
        float[] col = {0.5f, -0.5f, 0.3f, -0.3f};
        float[] data = new float[8];
        for (int s = 0; s < 4; s++) {
            data[2 * s] = col[s];
            data[2 * s + 1] = col[s];
        }
        try (NDManager m = manager(engine)) {
            NDArray a = m.create(data, new Shape(4, 2));
            a.setRequiresGradient(true);
            BinaryCodeLoss covOnly =
                    BinaryCodeLoss.builder().optWeights(new Weights(1, 0, 0)).build();
            float before = BinaryCodeLoss.covarianceTerm(a, Diagonal.EXCLUDE).getFloat();
            try (GradientCollector gc =
                    Engine.getEngine(m.getEngine().getEngineName()).newGradientCollector()) {
                gc.backward(covOnly.evaluate(new NDList(), new NDList(a)));
            }
            float[] g = a.getGradient().toFloatArray();
            for (int s = 0; s < 4; s++) {
                // μ_1 = 0: the gradient on a_s0 has the sign of a_s1.
                assertEquals(
                        Math.signum(col[s]), Math.signum(g[2 * s]), "sample " + s + " output 0");
                assertEquals(
                        Math.signum(col[s]),
                        Math.signum(g[2 * s + 1]),
                        "sample " + s + " output 1");
            }
            NDArray stepped = a.sub(a.getGradient().mul(0.5f));
            float after = BinaryCodeLoss.covarianceTerm(stepped, Diagonal.EXCLUDE).getFloat();
            assertTrue(after < before, "covariance term " + before + " -> " + after);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenTwoViews_whenPairWeighted_thenMeanSquaredDifferenceAdded(String engine) {
        // Second view B = A with its first row replaced by [0.8, 0.4, 0.8]: one difference of 1.0,
        // L_pair = 1² / 6 = 0.166667; the statistics use A only, so with w_pair = 2 the loss is
        // 0.244667 + 2·0.166667 = 0.578000.
        try (NDManager m = manager(engine)) {
            NDArray a = m.create(BATCH, new Shape(2, 3));
            NDArray b =
                    m.create(new float[] {0.8f, 0.4f, 0.8f, -0.4f, 0.4f, 0.6f}, new Shape(2, 3));
            assertEquals(1f / 6, BinaryCodeLoss.pairTerm(a, b).getFloat(), EPS);
            BinaryCodeLoss loss =
                    BinaryCodeLoss.builder().optWeights(new Weights(0.9f, 1f, 0.15f, 2f)).build();
            assertEquals(0.578f, loss.evaluate(new NDList(), new NDList(a, b)).getFloat(), EPS);
            assertEquals(0.244667f, loss.evaluate(new NDList(), new NDList(a)).getFloat(), EPS);
        }
    }

    @Test
    void givenWeightText_whenParsed_thenKeysMapToTerms() {
        Weights w = Weights.parse("cov=0.5, center=2,mag=0.1");
        assertEquals(new Weights(0.5f, 2f, 0.1f), w);
        assertEquals(Weights.ORIGINAL_BEST, Weights.parse("cov=0.9"));
        assertEquals(new Weights(0.9f, 1f, 0.15f, 3f), Weights.parse("pair=3"));
        assertThrows(InvalidInputException.class, () -> Weights.parse("cov=-1"));
        assertThrows(InvalidInputException.class, () -> Weights.parse("covariance=1"));
        assertThrows(InvalidInputException.class, () -> Weights.parse("mag=abc"));
    }

    @Test
    void givenVector_whenEvaluated_thenRejected() {
        try (NDManager m = manager("PyTorch")) {
            NDArray v = m.create(new float[] {1, 2, 3});
            BinaryCodeLoss loss = BinaryCodeLoss.builder().build();
            NDList p = new NDList(v);
            assertThrows(InvalidInputException.class, () -> loss.evaluate(new NDList(), p));
        }
    }
}
