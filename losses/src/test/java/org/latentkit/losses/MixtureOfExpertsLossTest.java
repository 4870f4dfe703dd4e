package org.latentkit.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mixture loss: its value by hand, and the balancing term's push toward uniform usage. */
class MixtureOfExpertsLossTest {

    private static MixtureOfExpertsLoss loss(MixtureOfExpertsLoss.Balance kind) {
        return MixtureOfExpertsLoss.builder()
                .setExpertLoss(ElboLoss.builder().build())
                .optWeight(0.1f)
                .optBalance(kind)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenTwoExpertsWhenEvaluateThenWeightedElboPlusBalance(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(new float[] {1f, 0f}, new Shape(1, 2));
            NDArray r = m.create(new float[] {0.5f, 0.25f, 0.5f, 0.5f}, new Shape(2, 1, 2));
            NDArray z = m.zeros(new Shape(2, 1, 3));
            NDArray p = m.create(new float[] {0.25f, 0.75f}, new Shape(1, 2));
            // L0 = −ln 0.5 − ln 0.75 = 0.9808293, L1 = 2 ln 2 = 1.3862944 (KL 0);
            // weighted = 0.25 · 0.9808293 + 0.75 · 1.3862944 = 1.2849281;
            // importance (0.25, 0.75), mean 0.5, variance (0.0625 + 0.0625) / 2 = 0.0625, × 0.1 =
            // 0.00625.
            float v =
                    loss(MixtureOfExpertsLoss.Balance.VARIANCE)
                            .evaluate(new NDList(x), new NDList(r, z, z, p))
                            .getFloat();
            assertEquals(1.2849281 + 0.00625, v, 1e-5);
            // CV² = 0.0625 / 0.5² = 0.25, × 0.1 = 0.025.
            float cv =
                    loss(MixtureOfExpertsLoss.Balance.CV_SQUARED)
                            .evaluate(new NDList(x), new NDList(r, z, z, p))
                            .getFloat();
            assertEquals(1.2849281 + 0.025, cv, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenTargetExpertsWhenGuidedThenCrossEntropyAddedAndAbsentWithoutTargets(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(new float[] {1f, 0f, 1f, 0f}, new Shape(2, 2));
            NDArray r =
                    m.create(
                            new float[] {0.5f, 0.25f, 0.5f, 0.25f, 0.5f, 0.5f, 0.5f, 0.5f},
                            new Shape(2, 2, 2));
            NDArray z = m.zeros(new Shape(2, 2, 3));
            NDArray p = m.create(new float[] {0.25f, 0.75f, 0.8f, 0.2f}, new Shape(2, 2));
            NDArray targets = m.create(new float[] {1f, 1f});
            MixtureOfExpertsLoss guided =
                    MixtureOfExpertsLoss.builder()
                            .setExpertLoss(ElboLoss.builder().build())
                            .optWeight(0f)
                            .optGuide(2f)
                            .build();
            // L0 = 0.9808293 and L1 = 1.3862944 on both images (as above);
            // weighted = ((0.25·L0 + 0.75·L1) + (0.8·L0 + 0.2·L1)) / 2
            //          = (1.2849281 + 1.0619223) / 2 = 1.1734252;
            // guide = 2 · (−ln 0.75 − ln 0.2) / 2 = 0.2876821 + 1.6094379 = 1.8971200.
            float v = guided.evaluate(new NDList(x, targets), new NDList(r, z, z, p)).getFloat();
            assertEquals(1.1734252 + 1.8971200, v, 1e-5);
            assertEquals(
                    (0.2876821 + 1.6094379) / 2, guided.guideTerm(p, targets).getFloat(), 1e-6);
            float unguided = guided.evaluate(new NDList(x), new NDList(r, z, z, p)).getFloat();
            assertEquals(1.1734252, unguided, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenGuidedLossWhenGradientStepThenManagerMovesTowardTargets(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            MixtureOfExpertsLoss l =
                    MixtureOfExpertsLoss.builder()
                            .setExpertLoss(ElboLoss.builder().build())
                            .optWeight(0f)
                            .optGuide(1f)
                            .build();
            NDArray a = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(2, 2));
            a.setRequiresGradient(true);
            NDArray targets = m.create(new float[] {1f, 0f});
            NDArray grad;
            try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                NDArray p = a.softmax(-1);
                gc.backward(l.guideTerm(p, targets));
                grad = a.getGradient().duplicate();
            }
            // d/da of mean −log softmax(a)_t = (softmax(a) − onehot(t)) / N: row 0 targets
            // expert 1, so its logit 1 gradient is (σ(−1) − 1) / 2 = (0.2689414 − 1) / 2.
            assertEquals((0.2689414 - 1) / 2, grad.getFloat(0, 1), 1e-5);
            assertEquals((0.7310586 - 0) / 2, grad.getFloat(0, 0), 1e-5);
            assertEquals((0.2689414 - 1) / 2, grad.getFloat(1, 0), 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {-1f, Float.NaN})
    void givenBadGuideWhenBuildThenRefused(float g) {
        org.junit.jupiter.api.Assertions.assertThrows(
                org.latentkit.core.InvalidInputException.class,
                () ->
                        MixtureOfExpertsLoss.builder()
                                .setExpertLoss(ElboLoss.builder().build())
                                .optGuide(g)
                                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenBalanceTermWhenAllToOneOrUniformThenVarianceOfImportanceSums(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            MixtureOfExpertsLoss l = loss(MixtureOfExpertsLoss.Balance.VARIANCE);
            // Importance (2, 0): mean 1, variance (1 + 1) / 2 = 1.
            assertEquals(
                    1f,
                    l.balanceTerm(m.create(new float[] {1, 0, 1, 0}, new Shape(2, 2))).getFloat(),
                    1e-6f);
            assertEquals(
                    0f,
                    l.balanceTerm(m.create(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new Shape(2, 2)))
                            .getFloat(),
                    1e-7f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSkewedManagerWhenGradientStepOnBalanceThenUsageMovesTowardUniform(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            MixtureOfExpertsLoss l = loss(MixtureOfExpertsLoss.Balance.VARIANCE);
            // Logits that send most weight to expert 0.
            NDArray a =
                    m.create(new float[] {2f, 0f, 0f, 1f, 0f, 0.5f, 3f, 1f, 0f}, new Shape(3, 3));
            a.setRequiresGradient(true);
            float before;
            NDArray grad;
            try (GradientCollector c = Engine.getEngine(engine).newGradientCollector()) {
                NDArray b = l.balanceTerm(a.softmax(-1));
                before = b.getFloat();
                c.backward(b);
            }
            grad = a.getGradient();
            // Expert 0 is overused: the gradient on its logits is positive, so descent lowers them.
            float[] g = grad.toFloatArray();
            assertTrue(g[0] > 0 && g[3] > 0 && g[6] > 0, java.util.Arrays.toString(g));
            NDArray stepped = a.sub(grad.mul(0.5f));
            NDArray p0 = a.softmax(-1).sum(new int[] {0});
            NDArray p1 = stepped.softmax(-1).sum(new int[] {0});
            assertTrue(p1.getFloat(0) < p0.getFloat(0), "importance of expert 0 goes down");
            assertTrue(
                    l.balanceTerm(stepped.softmax(-1)).getFloat() < before, "variance goes down");
        }
    }
}
