package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitDataset;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.PixelRange;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.losses.ReconstructionLoss;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.reconstruct.ReconstructionEvaluation;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;

/**
 * The trainers on data that arrives as DJL {@code RandomAccessDataset}s: a plain DJL {@link
 * ArrayDataset} and latentkit's {@link DigitDataset}, labelled and not, through {@link
 * DigitDataset#toDigitSet}.
 */
class DjlDatasetTrainingTest {

    private static final DataLocator.TrainTest DATA = Fixtures.mnistSmall();

    private static ClassifierTrainer.Options options() {
        return new ClassifierTrainer.Options(
                Architecture.MLP,
                OptimizerKind.ADAM,
                1e-3f,
                0.9f,
                LrSchedule.CONSTANT,
                3,
                32,
                0,
                Normalization.UNIT,
                7,
                0);
    }

    private static double accuracy(Split split) {
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(split, options(), TrainingListener.NONE)) {
            return t.result().testAccuracy();
        }
    }

    @Test
    void givenDjlArrayDatasets_whenConvertedAndTrained_thenTheClassifierMatchesTheIdxRun() {
        Split idx = Split.withValidation(DATA, 500);
        Split djl;
        try (NDManager m = NDManager.newBaseManager()) {
            // Plain DJL datasets, values in [0, 1] as DJL's ToTensor gives them.
            ArrayDataset train = idx.train().toArrayDataset(m, Normalization.UNIT, 32, true);
            ArrayDataset validation =
                    idx.validation().toArrayDataset(m, Normalization.UNIT, 32, false);
            ArrayDataset test = idx.test().toArrayDataset(m, Normalization.UNIT, 32, false);
            djl =
                    new Split(
                            DigitDataset.toDigitSet(train, "djl/train", PixelRange.UNIT),
                            DigitDataset.toDigitSet(validation, "djl/validation", PixelRange.UNIT),
                            DigitDataset.toDigitSet(test, "djl/test", PixelRange.UNIT));
        }
        assertEquals(idx.train().fingerprint(), djl.train().fingerprint());
        assertEquals(idx.test().fingerprint(), djl.test().fingerprint());
        double acc = accuracy(djl);
        // 1,500 images, 3 epochs: chance is 10%; this MLP reaches about 85%.
        assertTrue(acc > 0.75, "accuracy " + acc);
        // The same images in the same order: the very same run as on the IDX files.
        assertEquals(accuracy(idx), acc, 0.0);
    }

    @Test
    void givenAnUnlabelledDigitDataset_whenAnAutoencoderTrains_thenItReconstructsWithoutLabels() {
        DigitSet bare = DATA.train().range(0, 1800).withoutLabels();
        DigitDataset ds = DigitDataset.builder().setDigits(bare).setSampling(100, true).build();
        DigitSet train =
                DigitDataset.toDigitSet(ds.subDataset(0, 1600), "djl/train", PixelRange.UNIT);
        DigitSet validation =
                DigitDataset.toDigitSet(
                        ds.subDataset(1600, 1800), "djl/validation", PixelRange.UNIT);
        assertFalse(train.hasLabels());
        assertEquals(1600, train.size());
        Split split = new Split(train, validation, validation);
        DenseAutoencoder ae = DenseAutoencoder.builder().setLayers(128, 32).build();
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(
                                ae,
                                ae.descriptor(),
                                ReconstructionLoss.mse(),
                                split,
                                new ReconstructionTrainer.Options(
                                        OptimizerKind.ADAM,
                                        3e-3f,
                                        6,
                                        100,
                                        0,
                                        Normalization.UNIT,
                                        7,
                                        0),
                                TrainingListener.NONE)) {
            ReconstructionEvaluation e =
                    ReconstructionEvaluation.of(
                            t.model(),
                            validation,
                            Normalization.UNIT,
                            ReconstructionEvaluation.CodeKind.DENSE);
            // Predicting the mean image gives about 0.067; six epochs get well below it.
            assertTrue(e.meanMse() < 0.045, "MSE " + e.meanMse());
            Map<String, Object> m = e.metrics();
            assertTrue(((Map<?, ?>) m.get("test_mse_by_digit")).isEmpty());
        }
    }
}
