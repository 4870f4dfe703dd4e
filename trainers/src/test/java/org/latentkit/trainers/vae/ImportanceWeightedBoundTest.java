package org.latentkit.trainers.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;

/** The importance-weighted bound (Burda et al. 2015) of {@link VaeEvaluation} (issue 17). */
class ImportanceWeightedBoundTest {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /**
     * Two pixels, one latent dimension, worked by hand. Bernoulli, x = (1, 0), x̂ = (0.8, 0.3): log
     * p(x|z) = ln 0.8 + ln 0.7 = ln 0.56. At z = μ = 0 with σ = 1, log p(z) = log q(z|x), so log w
     * = ln 0.56; at z = 1 with x̂ = (0.5, 0.5), log p(z) − log q(z|x) = −½ + ½ = 0, log w = ln
     * 0.25; L_2 = ln((0.56 + 0.25) / 2) = ln 0.405. A posterior N(1, 4) at z = 0 adds log p(0) −
     * log q(0) = ½ (1/4 + ln 4).
     */
    @Test
    void givenTinyHandWorkedCaseWhenLogWeightsThenTheyMatchTheArithmetic() {
        ElboLoss bernoulli = ElboLoss.builder().build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray recon = m.create(new float[] {0.8f, 0.3f, 0.5f, 0.5f}, new Shape(2, 1, 2));
            NDArray mu = m.zeros(new Shape(1, 1));
            NDArray logvar = m.zeros(new Shape(1, 1));
            NDArray z = m.create(new float[] {0, 1}, new Shape(2, 1, 1));
            NDArray w = VaeEvaluation.logWeights(bernoulli, x, recon, mu, logvar, z);
            assertArrayEquals(
                    new float[] {(float) Math.log(0.56), (float) Math.log(0.25)},
                    w.toFloatArray(),
                    1e-5f);
            assertEquals(Math.log(0.405), VaeEvaluation.logMeanExp(w).toFloatArray()[0], 1e-5);

            NDArray wide =
                    VaeEvaluation.logWeights(
                            bernoulli,
                            x,
                            recon.get("0:1"),
                            m.ones(new Shape(1, 1)),
                            m.full(new Shape(1, 1), (float) Math.log(4)),
                            m.zeros(new Shape(1, 1, 1)));
            assertEquals(Math.log(0.56) + 0.5 * (0.25 + Math.log(4)), wide.getFloat(0, 0), 1e-5);

            // The Gaussian likelihood (σ = 0.5) with its constants: −Σ [(x − x̂)²/2σ² + ln σ + ½ ln
            // 2π].
            ElboLoss gaussian =
                    ElboLoss.builder().optLikelihood(ElboLoss.Likelihood.GAUSSIAN).build();
            double expected = -((0.04 + 0.09) / 0.5 + 2 * (Math.log(0.5) + HALF_LOG_2PI));
            assertEquals(
                    expected,
                    VaeEvaluation.logWeights(
                                    gaussian, x, recon.get("0:1"), mu, logvar, z.get("0:1"))
                            .getFloat(0, 0),
                    1e-5);
        }
    }

    /** Log-sum-exp does not overflow or underflow where the weights are far from 0 nats. */
    @Test
    void givenLargeLogWeightsWhenLogMeanExpThenStable() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {-1000, -1000 + (float) Math.log(3)}, new Shape(2, 1));
            // log ((e^-1000 + 3 e^-1000) / 2) = −1000 + ln 2.
            assertEquals(-1000 + Math.log(2), VaeEvaluation.logMeanExp(w).getFloat(0), 1e-3);
        }
    }

    /**
     * On a fixed batch and fixed noise: L_1 is the one-sample ELBO with the same z, −log p(x|z)
     * exactly as {@link ElboLoss#reconstruction} scores it, minus the Monte Carlo KL log q(z|x) −
     * log p(z) (here recomputed from ε in doubles); averaged over many draws the Monte Carlo KL is
     * the closed-form KL that {@link VaeEvaluation#of} reports; and with K = 50 draws the bound is
     * at least the mean of the 50 one-sample ELBOs (Jensen), image by image.
     */
    @Test
    void givenFixedBatchAndNoiseWhenOneSampleThenItIsTheElboOfThatSampleAndFiftyAreTighter() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        ElboLoss loss = ElboLoss.builder().build();
        try (Trained t = trained(data)) {
            VaeExpert vae = (VaeExpert) t.t.model().getBlock();
            NDManager m = t.t.model().getNDManager().newSubManager();
            try (m) {
                ParameterStore store = new ParameterStore(m, false);
                int n = 16;
                int l = vae.latent();
                NDArray x = data.test().images(m, null, 0, n, Normalization.UNIT);
                m.getEngine().setRandomSeed(3);
                NDArray eps = m.randomNormal(new Shape(1, n, l));
                float[] iw1 =
                        VaeEvaluation.importanceWeighted(vae, store, x, loss, eps).toFloatArray();

                NDList post = vae.encode(store, x, false);
                float[] mu = post.get(0).toFloatArray();
                float[] logvar = post.get(1).toFloatArray();
                float[] e = eps.toFloatArray();
                NDArray z = post.get(0).add(eps.get(0).mul(post.get(1).mul(0.5f).exp()));
                float[] rec = loss.reconstruction(x, vae.decode(store, z, false)).toFloatArray();
                for (int i = 0; i < n; i++) {
                    double logPminusLogQ = 0;
                    for (int j = 0; j < l; j++) {
                        double s = Math.exp(0.5 * logvar[i * l + j]);
                        double zj = mu[i * l + j] + s * e[i * l + j];
                        double ej = e[i * l + j];
                        logPminusLogQ += -0.5 * zj * zj + 0.5 * ej * ej + 0.5 * logvar[i * l + j];
                    }
                    double elbo1 = -rec[i] + logPminusLogQ;
                    assertEquals(elbo1, iw1[i], 1e-3 * Math.abs(elbo1), "image " + i);
                }

                // E[log q − log p] = KL in closed form: 4,000 draws of the Monte Carlo KL per
                // image, their mean within 4 standard errors of the closed form.
                int draws = 4000;
                NDArray mcEps = m.randomNormal(new Shape(draws, n, l));
                NDArray mcZ = post.get(0).add(mcEps.mul(post.get(1).mul(0.5f).exp()));
                NDArray mcKl =
                        mcZ.square()
                                .sub(mcEps.square())
                                .sub(post.get(1))
                                .sum(new int[] {-1})
                                .mul(0.5f); // log q − log p, (draws, n)
                float[] kl = ElboLoss.kl(post.get(0), post.get(1)).toFloatArray();
                float[] mean = mcKl.mean(new int[] {0}).toFloatArray();
                float[] sd =
                        mcKl.sub(mcKl.mean(new int[] {0}, true))
                                .square()
                                .mean(new int[] {0})
                                .sqrt()
                                .toFloatArray();
                for (int i = 0; i < n; i++) {
                    double se = sd[i] / Math.sqrt(draws);
                    assertEquals(kl[i], mean[i], 4 * se + 1e-3, "image " + i + " KL");
                }

                NDArray eps50 = m.randomNormal(new Shape(50, n, l));
                float[] iw50 =
                        VaeEvaluation.importanceWeighted(vae, store, x, loss, eps50).toFloatArray();
                float[] each = new float[n];
                for (int k = 0; k < 50; k++) {
                    float[] one =
                            VaeEvaluation.importanceWeighted(
                                            vae, store, x, loss, eps50.get(k + ":" + (k + 1)))
                                    .toFloatArray();
                    for (int i = 0; i < n; i++) {
                        each[i] += one[i] / 50;
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertTrue(
                            iw50[i] >= each[i] - 1e-3,
                            "image " + i + ": " + iw50[i] + " < " + each[i]);
                }
            }
        }
    }

    /**
     * On the fixture's test set after a short training run: −L_50 is below the test −ELBO (a
     * tighter bound on −log p(x)), by a margin a 2-d code leaves, and the same seed gives the same
     * number.
     */
    @Test
    void givenTrainedVaeWhenIwBoundOnTestSetThenTighterThanElboAndReproducible() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        ElboLoss loss = ElboLoss.builder().build();
        try (Trained t = trained(data)) {
            t.ctx.seed(5);
            VaeEvaluation e = VaeEvaluation.of(t.t.model(), data.test(), Normalization.UNIT, loss);
            t.ctx.seed(5);
            VaeEvaluation.IwBound b =
                    VaeEvaluation.importanceWeighted(
                            t.t.model(), data.test(), Normalization.UNIT, loss, 50);
            t.ctx.seed(5);
            VaeEvaluation.IwBound again =
                    VaeEvaluation.importanceWeighted(
                            t.t.model(), data.test(), Normalization.UNIT, loss, 50);
            assertEquals(b.bound(), again.bound(), 0.0);
            assertEquals(50, b.samples());
            assertEquals(data.test().size(), b.images());
            assertTrue(
                    b.bound() < e.testElbo() - 0.5,
                    "-IW " + b.bound() + " vs -ELBO " + e.testElbo());
            assertTrue(b.bound() > 50, "a bound on -log p(x) of MNIST digits: " + b.bound());
            // K = 1 is the ELBO with a Monte Carlo KL: the same number up to sampling noise.
            t.ctx.seed(5);
            double one =
                    VaeEvaluation.importanceWeighted(
                                    t.t.model(), data.test(), Normalization.UNIT, loss, 1)
                            .bound();
            assertEquals(e.testElbo(), one, 0.02 * e.testElbo());
        }
    }

    private record Trained(ReconstructionTrainer.Trained t, EngineContext ctx)
            implements AutoCloseable {
        @Override
        public void close() {
            t.close();
        }
    }

    private static Trained trained(DataLocator.TrainTest data) {
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        VaeExpert vae = VaeExpert.builder().setLatent(2).optLayers(64).build();
        ElboLoss loss = ElboLoss.builder().build();
        ReconstructionTrainer.Options o =
                new ReconstructionTrainer.Options(
                        OptimizerKind.ADAM, 3e-3f, 2, 100, 0, Normalization.UNIT, 7, 0);
        return new Trained(
                new ReconstructionTrainer(ctx)
                        .fit(
                                vae,
                                vae.descriptor(),
                                loss,
                                loss,
                                new Split(data.train(), null, data.test()),
                                o,
                                TrainingListener.NONE),
                ctx);
    }
}
