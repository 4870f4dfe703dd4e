package org.latentkit.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/** FixMatch's loss against hand-computed values on a fixed two-class batch, on both engines. */
class FixMatchLossTest {

    // Two labelled images: logits (0, 0) with class 0, logits (2, 0) with class 1.
    private static final float[] LABELLED = {0f, 0f, 2f, 0f};
    private static final float[] CLASSES = {0f, 1f};
    // Two unlabelled images. Weak views: softmax(3, 0) = (0.952574, 0.047426), confident at 0.95
    // with pseudo-label 0; softmax(0, 0.1) = (0.475021, 0.524979), pseudo-label 1, not confident.
    private static final float[] WEAK = {3f, 0f, 0f, 0.1f};
    // Strong views: (1, 1) and (5, 0).
    private static final float[] STRONG = {1f, 1f, 5f, 0f};

    // L_s = (CE((0,0), 0) + CE((2,0), 1)) / 2 = (ln 2 + ln(1 + e²)) / 2
    //     = (0.693147 + 2.126928) / 2 = 1.410038
    private static final float SUPERVISED = 1.410038f;
    // τ = 0.95: only image 1 counts: L_u = CE((1,1), 0) / 2 = ln 2 / 2 = 0.346574
    private static final float UNSUPERVISED_95 = 0.346574f;
    // τ = 0.5: both count: L_u = (ln 2 + CE((5,0), 1)) / 2 = (0.693147 + ln(e⁵ + 1)) / 2
    //        = (0.693147 + 5.006715) / 2 = 2.849931
    private static final float UNSUPERVISED_50 = 2.849931f;

    private static NDList predictions(NDManager m) {
        return new NDList(
                m.create(LABELLED, new Shape(2, 2)),
                m.create(WEAK, new Shape(2, 2)),
                m.create(STRONG, new Shape(2, 2)));
    }

    private static NDList labels(NDManager m) {
        return new NDList(m.create(CLASSES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatch_whenDefaultThreshold_thenLabelledCePlusConfidentStrongCe(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            FixMatchLoss loss = FixMatchLoss.builder().build();
            assertEquals(0.95f, loss.threshold());
            assertEquals(1f, loss.unlabelledWeight());
            float v = loss.evaluate(labels(m), predictions(m)).getFloat();
            assertEquals(SUPERVISED + UNSUPERVISED_95, v, 1e-5f);
            assertEquals(0.5f, loss.maskRate(predictions(m)).getFloat(), 1e-7f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatch_whenLowerThresholdAndWeightTwo_thenBothPseudoLabelsCountTwice(
            String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            FixMatchLoss loss =
                    FixMatchLoss.builder().optThreshold(0.5f).optUnlabelledWeight(2f).build();
            float v = loss.evaluate(labels(m), predictions(m)).getFloat();
            assertEquals(SUPERVISED + 2 * UNSUPERVISED_50, v, 1e-5f);
            assertEquals(1f, loss.maskRate(predictions(m)).getFloat(), 1e-7f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenThresholdAboveOne_whenEvaluated_thenItIsTheLabelledCrossEntropy(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            FixMatchLoss loss = FixMatchLoss.builder().optThreshold(1.01f).build();
            NDList p = predictions(m);
            assertEquals(SUPERVISED, loss.evaluate(labels(m), p).getFloat(), 1e-5f);
            assertEquals(0f, loss.maskRate(p).getFloat());
            // The same value as DJL's own softmax cross-entropy on the labelled logits.
            float djl =
                    Loss.softmaxCrossEntropyLoss()
                            .evaluate(labels(m), new NDList(p.get(FixMatchLoss.LABELLED)))
                            .getFloat();
            assertEquals(djl, loss.evaluate(labels(m), p).getFloat(), 1e-5f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenConfidentWeakView_whenBackward_thenOnlyLabelledAndStrongLogitsGetGradients(
            String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDList p = predictions(m);
            for (NDArray a : p) {
                a.setRequiresGradient(true);
            }
            FixMatchLoss loss = FixMatchLoss.builder().optThreshold(0.5f).build();
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                c.backward(loss.evaluate(labels(m), p));
            }
            // d L / d s_i = (softmax(s_i) − onehot(pseudo_i)) / B_u; for s_1 = (1, 1), pseudo 0:
            // (0.5 − 1, 0.5) / 2 = (−0.25, 0.25).
            float[] strong = p.get(FixMatchLoss.STRONG).getGradient().toFloatArray();
            assertEquals(-0.25f, strong[0], 1e-5f);
            assertEquals(0.25f, strong[1], 1e-5f);
            float[] labelled = p.get(FixMatchLoss.LABELLED).getGradient().toFloatArray();
            assertEquals(-0.25f, labelled[0], 1e-5f); // (0.5 − 1) / B_l
            assertTrue(weakGradientIsZeroOrAbsent(p.get(FixMatchLoss.WEAK)));
        }
    }

    private static boolean weakGradientIsZeroOrAbsent(NDArray weak) {
        float[] g;
        try {
            g = weak.getGradient().toFloatArray();
        } catch (IllegalStateException absent) {
            return true; // PyTorch: no gradient was ever written to it
        }
        for (float v : g) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    @Test
    void givenBadOptions_whenBuilt_thenOneLineNamesThem() {
        InvalidInputException t =
                assertThrows(
                        InvalidInputException.class,
                        () -> FixMatchLoss.builder().optThreshold(0f).build());
        assertTrue(t.getMessage().startsWith("threshold:"), t.getMessage());
        InvalidInputException w =
                assertThrows(
                        InvalidInputException.class,
                        () -> FixMatchLoss.builder().optUnlabelledWeight(-1f).build());
        assertTrue(w.getMessage().startsWith("unlabelled-weight:"), w.getMessage());
    }
}
