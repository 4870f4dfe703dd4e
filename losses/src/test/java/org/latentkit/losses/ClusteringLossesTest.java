package org.latentkit.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/**
 * {@link MutualInformationLoss} and {@link EntropyBalanceLoss} against values worked by hand (the
 * sums written out in double precision) on a fixed batch of three images and two clusters.
 */
class ClusteringLossesTest {

    /** Cluster probabilities of the first view; the logits are their logarithms. */
    private static final float[] P = {0.75f, 0.25f, 0.5f, 0.5f, 0.2f, 0.8f};

    /** ... and of the second view. */
    private static final float[] Q = {0.6f, 0.4f, 0.9f, 0.1f, 0.3f, 0.7f};

    private static NDArray logits(NDManager m, float[] probabilities) {
        return m.create(probabilities).reshape(3, 2).log();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatch_whenMutualInformation_thenHandComputedValue(String engine) {
        // J = (1/3) Σ_i P_iᵀ Q_i, symmetrised: [[0.295, 0.1975], [0.1975, 0.31]];
        // −Σ J (ln J − λ ln p − λ ln p′) = −0.0057446 (λ 1), −1.3850864 (λ 2)
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDList views = new NDList(logits(m, P), logits(m, Q));
            float one = MutualInformationLoss.builder().build().evaluate(null, views).getFloat();
            float two =
                    MutualInformationLoss.builder()
                            .optLambda(2f)
                            .build()
                            .evaluate(null, views)
                            .getFloat();
            assertEquals(-0.00574457, one, 1e-6);
            assertEquals(-1.38508643, two, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenConfidentAgreeingBalancedViews_whenMutualInformation_thenMinusLnK(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            // four images, two per cluster, both views certain and equal: I = ln 2
            NDArray a = m.create(new float[] {30, 0, 0, 30, 30, 0, 0, 30}).reshape(4, 2);
            float loss =
                    MutualInformationLoss.builder()
                            .build()
                            .evaluate(null, new NDList(a, a))
                            .getFloat();
            assertEquals(-Math.log(2), loss, 1e-5);
            // the same certainty but all in one cluster carries no information: I = 0
            NDArray one = m.create(new float[] {30, 0, 30, 0, 30, 0, 30, 0}).reshape(4, 2);
            float collapsed =
                    MutualInformationLoss.builder()
                            .build()
                            .evaluate(null, new NDList(one, one))
                            .getFloat();
            assertEquals(0, collapsed, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixedBatch_whenEntropyBalance_thenHandComputedValue(String engine) {
        // p̄ = (0.48333, 0.51667): Σ p̄ ln p̄ = −0.6925915; mean per-image entropy 0.5852950,
        // so with c = 0.5: −0.6925915 + 0.2926475 = −0.3999441
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDList a = new NDList(logits(m, P));
            float balance = EntropyBalanceLoss.builder().build().evaluate(null, a).getFloat();
            float both =
                    EntropyBalanceLoss.builder()
                            .optConfidence(0.5f)
                            .build()
                            .evaluate(null, a)
                            .getFloat();
            assertEquals(-0.69259152, balance, 1e-6);
            assertEquals(-0.39994406, both, 1e-6);
        }
    }

    @Test
    void givenOverusedCluster_whenEntropyBalanceBackward_thenItsScoresArePushedDown() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            // every image leans to cluster 0: the balance gradient lowers cluster 0's logits
            NDArray a = m.create(new float[] {2, 0, 1, 0, 3, 0}).reshape(3, 2);
            a.setRequiresGradient(true);
            try (GradientCollector g = Engine.getEngine("PyTorch").newGradientCollector()) {
                g.backward(EntropyBalanceLoss.builder().build().evaluate(null, new NDList(a)));
            }
            float[] grad = a.getGradient().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertTrue(grad[2 * i] > 0, "d/da_i0 > 0 (descent lowers it): " + grad[2 * i]);
                assertEquals(-grad[2 * i], grad[2 * i + 1], 1e-6f);
            }
        }
    }

    @Test
    void givenBadWeights_whenBuild_thenOneLineNamingThem() {
        assertEquals(
                "mi-lambda: must be a number of at least 1, got 0.5",
                assertThrows(
                                InvalidInputException.class,
                                () -> MutualInformationLoss.builder().optLambda(0.5f).build())
                        .getMessage());
        assertEquals(
                "confidence: must be a number of at least 0, got -1.0",
                assertThrows(
                                InvalidInputException.class,
                                () -> EntropyBalanceLoss.builder().optConfidence(-1f).build())
                        .getMessage());
    }
}
