package org.latentkit.trainers.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.autoencoder.SparseBinaryAutoencoder;
import org.latentkit.losses.PenalizedReconstructionLoss;
import org.latentkit.losses.ReconstructionLoss;
import org.latentkit.losses.SparsityPenalty;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;

/** Reconstruction training, evaluation, figures and PCA on the 2,000/500 fixture. */
class ReconstructionTrainerTest {

    private static Split split;

    @BeforeAll
    static void load() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        split = new Split(data.train().range(0, 1800), data.train().range(1800, 2000), data.test());
    }

    private static ReconstructionTrainer.Options options(int epochs) {
        return new ReconstructionTrainer.Options(
                OptimizerKind.ADAM, 3e-3f, epochs, 100, 3, Normalization.UNIT, 7, 0);
    }

    @Test
    void givenFixtureWhenDenseAutoencoderTrainsThenTestMseFallsBelowThreshold(@TempDir Path dir) {
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        DenseAutoencoder ae = DenseAutoencoder.builder().setLayers(128, 32).build();
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(ctx)
                        .fit(
                                ae,
                                ae.descriptor(),
                                ReconstructionLoss.mse(),
                                split,
                                options(8),
                                TrainingListener.NONE)) {
            ReconstructionEvaluation e =
                    ReconstructionEvaluation.of(
                            t.model(),
                            split.test(),
                            Normalization.UNIT,
                            ReconstructionEvaluation.CodeKind.DENSE);
            // An untrained sigmoid decoder outputs ~0.5 everywhere: MSE ≈ 0.2. Predicting the mean
            // image gives ≈ 0.067. Eight epochs on 1,800 images must get well below both.
            assertTrue(e.meanMse() < 0.035, "test MSE " + e.meanMse());
            assertEquals(500, e.size());
            assertEquals(32, e.codeSize());
            Map<String, Object> m = e.metrics();
            assertEquals(e.meanMse(), (double) m.get("test_mse"), 1e-12);
            assertEquals(10, ((Map<?, ?>) m.get("test_mse_by_digit")).size());
            // The validation loss drives early stopping and decreases over training.
            var h = t.fit().history();
            assertTrue(h.get(h.size() - 1).validationScore() < h.get(0).validationScore());
            // Save and reload through the descriptor: same test MSE.
            ModelStore.save(
                    t.model(), t.descriptor(), Map.of("task", "autoencode"), dir.resolve("model"));
            try (ModelStore.Loaded l = ModelStore.load(dir.resolve("model"), ctx)) {
                ReconstructionEvaluation again =
                        ReconstructionEvaluation.of(
                                l.model(),
                                split.test(),
                                Normalization.UNIT,
                                ReconstructionEvaluation.CodeKind.DENSE);
                assertEquals(e.meanMse(), again.meanMse(), 1e-7);
            }
            List<String> files = AutoencoderFigures.writeAll(e, dir, "dense test", 1800);
            assertEquals(4, files.size());
            for (String f : files) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            }
        }
    }

    @Test
    void givenFixtureWhenSparseBinaryAutoencoderTrainsThenCodesAreBinaryAndBitStatsAreReported(
            @TempDir Path dir) {
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        SparseBinaryAutoencoder ae =
                SparseBinaryAutoencoder.builder()
                        .optLayers(64, 32, 256)
                        .optPreActivation(org.latentkit.blocks.mlp.ActivationKind.RELU)
                        .build();
        PenalizedReconstructionLoss loss =
                new PenalizedReconstructionLoss(
                        ReconstructionLoss.mse(),
                        new SparsityPenalty(SparsityPenalty.Kind.L1, SparseBinaryAutoencoder.CODE),
                        0.05f);
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(ctx)
                        .fit(ae, ae.descriptor(), loss, split, options(6), TrainingListener.NONE)) {
            ReconstructionEvaluation e =
                    ReconstructionEvaluation.of(
                            t.model(),
                            split.test(),
                            Normalization.UNIT,
                            ReconstructionEvaluation.CodeKind.BINARY);
            for (float[] code : e.codes()) {
                for (float v : code) {
                    assertTrue(v == 0f || v == 1f);
                }
            }
            // Mean-image prediction gives ≈ 0.067; the binary code must carry information.
            assertTrue(e.meanMse() < 0.06, "test MSE " + e.meanMse());
            Map<String, Object> m = e.metrics();
            int dead = (int) m.get("dead_bits");
            int always = (int) m.get("always_on_bits");
            double median = (double) m.get("active_bits_median");
            assertTrue(median > 0 && median < 256, "median active bits " + median);
            assertTrue(dead + always <= 256);
            List<String> files = AutoencoderFigures.writeAll(e, dir, "sparse test", 1800);
            assertTrue(
                    files.contains(AutoencoderFigures.CODES_FULL)
                            && files.contains(AutoencoderFigures.CODES_ZOOM));
        }
    }

    @Test
    void givenFixtureWhenPcaThenErrorFallsWithComponentsAndVanishesAtFullRank() {
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        DigitSet train = split.train();
        try (NDManager m = ctx.engine().newBaseManager()) {
            PcaBaseline pca = PcaBaseline.fit(m, train, Normalization.UNIT);
            List<PcaBaseline.Point> pts =
                    pca.curve(m, train, Normalization.UNIT, new int[] {2, 10, 50, 784});
            for (int i = 1; i < pts.size(); i++) {
                assertTrue(pts.get(i).testMse() < pts.get(i - 1).testMse());
            }
            // All 784 components reconstruct the training images exactly (up to float error).
            assertEquals(0, pts.get(3).testMse(), 1e-6);
            assertEquals(1.0, pts.get(3).explainedVariance(), 1e-6);
            // On training data the residual MSE is the sum of the discarded eigenvalues / D.
            double rest = 0;
            for (int i = 10; i < 784; i++) {
                rest += pca.eigenvalues()[i];
            }
            assertEquals(rest / 784, pts.get(1).testMse(), 2e-5);
        }
    }
}
