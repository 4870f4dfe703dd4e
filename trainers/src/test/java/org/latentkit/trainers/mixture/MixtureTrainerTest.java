package org.latentkit.trainers.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * The mixture trains on the shared loop, reports usage, evaluates, and reloads to the same samples.
 */
class MixtureTrainerTest {

    private static float[] sample(Model model, EngineContext ctx) {
        ctx.seed(11);
        try (NDManager m = model.getNDManager().newSubManager()) {
            return ((MixtureOfVaeExperts) model.getBlock())
                    .sample(new ParameterStore(model.getNDManager(), false), m, 4)
                    .toFloatArray();
        }
    }

    @Test
    void givenFixtureWhenMixtureTrainsThenUsageIsRecordedAndReloadGivesIdenticalGeneration(
            @TempDir Path dir) {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        MixtureOfVaeExperts mix =
                MixtureOfVaeExperts.builder()
                        .setExperts(4)
                        .setLatent(4)
                        .optLayers(32)
                        .optManagerLayers(32)
                        .build();
        ElboLoss elbo = ElboLoss.builder().optLikelihood(ElboLoss.Likelihood.GAUSSIAN).build();
        MixtureOfExpertsLoss loss =
                MixtureOfExpertsLoss.builder().setExpertLoss(elbo).optWeight(0.1f).build();
        MixtureTrainer.Options o =
                new MixtureTrainer.Options(
                        OptimizerKind.ADAM, 3e-3f, 2, 100, Normalization.UNIT, 5, 10, 0.0);
        try (MixtureTrainer.Trained t =
                new MixtureTrainer(ctx)
                        .fit(mix, loss, data.train(), data.test(), o, TrainingListener.NONE)) {
            assertEquals(2, t.usage().size());
            for (double[] u : t.usage()) {
                assertEquals(4, u.length);
                assertEquals(1.0, java.util.Arrays.stream(u).sum(), 1e-9);
            }
            assertEquals(2, t.monitorAccuracy().size());
            // The balance decays linearly from 0.1 to 0.0: the last epoch ran with weight 0.
            assertEquals(0f, loss.weight());
            MixtureEvaluation e =
                    MixtureEvaluation.of(t.model(), data.test(), Normalization.UNIT, elbo);
            // Chance for 4 clusters on 10 balanced digits is ≈ 0.1–0.4; only sanity is asserted
            // here.
            assertTrue(
                    e.clusterAccuracy() > 0.1 && e.clusterAccuracy() <= 0.4 + 1e-9,
                    "acc " + e.clusterAccuracy());
            assertTrue(Double.isFinite(e.testElbo()) && e.testElbo() > 0);
            assertEquals(4, e.confusion().length);
            Map<String, Object> m = e.metrics();
            assertTrue(
                    m.containsKey("cluster_accuracy")
                            && m.containsKey("nmi")
                            && m.containsKey("test_elbo"));
            assertTrue(
                    MixtureFigures.writeAll(t.model(), e, t.usage(), dir, "test")
                            .contains(MixtureFigures.USAGE));
            assertTrue(Files.isRegularFile(dir.resolve(MixtureFigures.GENERATION)));

            float[] before = sample(t.model(), ctx);
            ModelStore.save(t.model(), t.descriptor(), Map.of("task", "moe"), dir.resolve("model"));
            try (ModelStore.Loaded loaded = ModelStore.load(dir.resolve("model"), ctx)) {
                assertArrayEquals(before, sample(loaded.model(), ctx), 0f);
            }
        }
    }
}
