package org.latentkit.trainers.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.losses.BetaSchedule;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;

/** A VAE trains on the reconstruction trainer with an annealed ELBO; its test −ELBO and figures. */
class VaeTrainingTest {

    @Test
    void givenFixtureWhenVaeTrainsWithWarmupThenTestElboBeatsUntrainedAndBetaAdvanced(
            @TempDir Path dir) {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        Split split = new Split(data.train(), null, data.test());
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        VaeExpert vae = VaeExpert.builder().setLatent(2).optLayers(64).build();
        ElboLoss loss = ElboLoss.builder().optBeta(new BetaSchedule.Linear(1, 40)).build();
        ReconstructionTrainer.Options o =
                new ReconstructionTrainer.Options(
                        OptimizerKind.ADAM, 3e-3f, 3, 100, 0, Normalization.UNIT, 7, 0);
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(ctx)
                        .fit(
                                vae,
                                vae.descriptor(),
                                loss,
                                loss.evaluation(),
                                split,
                                o,
                                new BetaStepper(loss, TrainingListener.NONE))) {
            // 3 epochs × 20 steps = 60 steps, past the 40-step warm-up.
            assertEquals(1f, loss.beta());
            VaeEvaluation e =
                    VaeEvaluation.of(
                            t.model(), split.test(), Normalization.UNIT, loss.evaluation());
            // An untrained decoder outputs ≈ 0.5 everywhere: 784 · ln 2 ≈ 543 nats. The mean image
            // gives ≈ 206.
            assertTrue(e.testElbo() < 230, "test -ELBO " + e.testElbo());
            assertEquals(e.testElbo(), e.reconstruction() + e.kl(), 1e-6);
            assertTrue(e.kl() > 0);
            List<String> files = VaeFigures.writeAll(t.model(), e, dir, "test");
            assertEquals(
                    List.of(
                            VaeFigures.RECONSTRUCTIONS,
                            VaeFigures.SAMPLES,
                            VaeFigures.SCATTER,
                            VaeFigures.MANIFOLD),
                    files);
            for (String f : files) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            }
        }
    }
}
