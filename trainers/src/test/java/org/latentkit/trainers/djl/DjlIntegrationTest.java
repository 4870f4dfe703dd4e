package org.latentkit.trainers.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.OptimizerKind;

/** latentkit's loop speaks DJL, and latentkit's parts train under DJL's own loop. */
class DjlIntegrationTest {

    /** Records DJL's callbacks in order, one letter each. */
    private static final class Recorder extends TrainingListenerAdapter {
        final StringBuilder events = new StringBuilder();

        @Override
        public void onTrainingBegin(Trainer trainer) {
            events.append('B');
        }

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            assertEquals(32, batchData.getBatch().getSize());
            assertEquals(1, batchData.getPredictions().size());
            events.append('t');
        }

        @Override
        public void onValidationBatch(Trainer trainer, BatchData batchData) {
            events.append('v');
        }

        @Override
        public void onEpoch(Trainer trainer) {
            events.append('E');
        }

        @Override
        public void onTrainingEnd(Trainer trainer) {
            events.append('X');
        }
    }

    @Test
    void givenDjlListenersAndAccuracyOnClassifierTrainerThenCallbacksInOrderAndResultHoldsThem() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        // 1,000 images to train on, 1,000 (two validation batches of 500) to validate on.
        Split split =
                new Split(data.train().range(0, 1000), data.train().range(1000, 2000), data.test());
        Recorder recorder = new Recorder();
        ClassifierTrainer.Options o =
                new ClassifierTrainer.Options(
                        Architecture.MLP,
                        OptimizerKind.SGD,
                        0.1f,
                        0.9f,
                        LrSchedule.CONSTANT,
                        2,
                        32,
                        0,
                        Normalization.UNIT,
                        3,
                        10);
        TrainingListener[] logging = TrainingListener.Defaults.logging();
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(
                                split,
                                o,
                                FitHooks.builder()
                                        .optTrainingListeners(logging)
                                        .optTrainingListeners(recorder)
                                        .optEvaluator(new Accuracy())
                                        .build())) {
            // EasyTrain's order: begin; per epoch 10 training batches, 2 validation batches,
            // onEpoch;
            // end when the trainer closes.
            String epoch = "t".repeat(10) + "vvE";
            assertEquals("B" + epoch + epoch + "X", recorder.events.toString());
            TrainingResult r = t.result().fit().djl();
            assertEquals(2, r.getEpoch());
            float trainAccuracy = r.getTrainEvaluation("Accuracy");
            float validationAccuracy = r.getValidateEvaluation("Accuracy");
            // 10 classes: chance is 0.1; 20 steps of SGD on an MLP get well past it.
            assertTrue(trainAccuracy > 0.4, "train accuracy " + trainAccuracy);
            // DJL's Accuracy on the validation batches is latentkit's own validation score.
            assertEquals(
                    t.result().fit().history().get(1).validationScore(), validationAccuracy, 1e-6);
            assertTrue(r.getTrainLoss() > 0 && r.getTrainLoss() < 2.3, "loss " + r.getTrainLoss());
        }
    }

    /** The fixture's training images as one (N, 1, 28, 28) array in [0, 1]. */
    private static NDArray images(NDManager m, DigitSet set, int n) {
        return set.images(m, null, 0, n, Normalization.UNIT);
    }

    @Test
    void givenVaeExpertAndElboLossWhenEasyTrainFitsOnDjlDatasetThenElboFallsFarBelowUntrained()
            throws Exception {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (Model model = Model.newInstance("vae", "PyTorch")) {
            model.setBlock(VaeExpert.builder().setLatent(4).optLayers(64).build());
            NDArray x = images(model.getNDManager(), data.train(), 1024);
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(x) // reconstruction: the image is its own label
                            .setSampling(64, true)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(ElboLoss.builder().build())
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(Tracker.fixed(3e-3f))
                                            .build())
                            .addTrainingListeners(new EvaluatorTrainingListener());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(64, 1, 28, 28));
                EasyTrain.fit(trainer, 3, dataset, null);
                // An untrained decoder outputs ≈ 0.5 everywhere: 784 · ln 2 ≈ 543 nats per image.
                float elbo = trainer.getTrainingResult().getTrainLoss();
                assertTrue(elbo < 300, "training -ELBO after 3 epochs " + elbo);
            }
        }
    }

    @Test
    void givenMixtureAndItsLossWhenEasyTrainFitsOnDjlDatasetThenLossFalls() throws Exception {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        Engine.getEngine("PyTorch").setRandomSeed(12);
        try (Model model = Model.newInstance("mixture", "PyTorch")) {
            MixtureOfVaeExperts mix =
                    MixtureOfVaeExperts.builder()
                            .setExperts(3)
                            .setLatent(4)
                            .optLayers(32)
                            .optManagerLayers(32)
                            .build();
            model.setBlock(mix);
            NDArray x = images(model.getNDManager(), data.train(), 1000);
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(x)
                            .setSampling(100, true)
                            .build();
            MixtureOfExpertsLoss loss =
                    MixtureOfExpertsLoss.builder()
                            .setExpertLoss(ElboLoss.builder().build())
                            .optWeight(0.1f)
                            .build();
            List<Float> epochLosses = new ArrayList<>();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(Tracker.fixed(3e-3f))
                                            .build())
                            .addTrainingListeners(
                                    new EvaluatorTrainingListener(),
                                    new TrainingListenerAdapter() {
                                        @Override
                                        public void onEpoch(Trainer trainer) {
                                            epochLosses.add(
                                                    trainer.getTrainingResult().getTrainLoss());
                                        }
                                    });
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(100, 1, 28, 28));
                EasyTrain.fit(trainer, 3, dataset, null);
            }
            assertEquals(3, epochLosses.size());
            assertTrue(
                    epochLosses.get(2) < epochLosses.get(0) * 0.9f, "epoch losses " + epochLosses);
        }
    }
}
