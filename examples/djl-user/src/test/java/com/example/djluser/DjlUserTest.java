package com.example.djluser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.translate.DigitClassifierTranslator;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;

/**
 * What a Java engineer who already uses DJL does with latentkit, written against the installed
 * artifacts only: DJL listeners and evaluators on a latentkit trainer, latentkit parts under DJL's
 * EasyTrain, and a saved latentkit model loaded by DJL's Criteria. The README's library section
 * shows this code.
 */
class DjlUserTest {

    /** latentkit's 2,000/500-image MNIST fixture, as IDX files. */
    private static final DataLocator.TrainTest DATA =
            DataLocator.load(DatasetName.MNIST, Path.of("..", "..", "testdata", "mnist-small"));

    private static ClassifierTrainer.Options mlp(int epochs, int maxBatches) {
        return ClassifierTrainer.Options.builder()
                .setArchitecture(Architecture.MLP)
                .optOptimizer(OptimizerKind.SGD)
                .optLearningRate(0.1f)
                .optEpochs(epochs)
                .optPatience(0)
                .optSeed(3)
                .optMaxBatches(maxBatches)
                .build();
    }

    @Test
    void djlLoggingListenersAndAccuracyOnALatentkitTrainer() {
        Split split =
                new Split(DATA.train().range(0, 1500), DATA.train().range(1500, 2000), DATA.test());
        FitHooks hooks =
                FitHooks.builder()
                        .optTrainingListeners(TrainingListener.Defaults.logging())
                        .optEvaluator(new Accuracy())
                        .build();
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(split, mlp(2, 20), hooks)) {
            TrainingResult r = t.result().fit().djl();
            assertEquals(2, r.getEpoch());
            // 10 classes, chance 10%: 40 SGD steps of an MLP get far past it.
            assertTrue(r.getTrainEvaluation("Accuracy") > 0.5, r.toString());
            assertTrue(r.getValidateEvaluation("Accuracy") > 0.6, r.toString());
            assertTrue(r.getTrainLoss() < 2.0, r.toString());
        }
    }

    @Test
    void easyTrainFitsALatentkitVaeWithItsElboOnADjlDataset() throws Exception {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (Model model = Model.newInstance("vae", "PyTorch")) {
            model.setBlock(VaeExpert.builder().setLatent(4).optLayers(64).build());
            NDArray x =
                    DATA.train().images(model.getNDManager(), null, 0, 1024, Normalization.UNIT);
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(x)
                            .setSampling(64, true)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(ElboLoss.builder().build())
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(Tracker.fixed(3e-3f))
                                            .build())
                            .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(64, 1, 28, 28));
                EasyTrain.fit(trainer, 3, dataset, null);
                // An untrained decoder scores 784 ln 2 = 543 nats per image.
                float elbo = trainer.getTrainingResult().getTrainLoss();
                assertTrue(elbo < 300, "training -ELBO " + elbo);
            }
        }
    }

    @Test
    void aSavedLatentkitClassifierLoadsWithCriteriaAndPredictsPngs(@TempDir Path tmp)
            throws Exception {
        Path modelDir = tmp.resolve("my-mlp");
        double eval;
        ClassifierTrainer.Options options = mlp(1, 50);
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu"))
                        .fit(Split.trainTest(DATA), options, FitHooks.of(null))) {
            ModelStore.save(
                    t.model(),
                    t.descriptor(),
                    ClassifierTrainer.metadata(options, "mnist"),
                    modelDir);
            eval = t.result().testAccuracy();
        }
        DigitSet test = DATA.test();
        Path pngs = Files.createDirectories(tmp.resolve("pngs"));
        for (int i = 0; i < test.size(); i++) {
            float[] p = test.image(i, Normalization.UNIT);
            for (int j = 0; j < p.length; j++) {
                p[j] *= 255f;
            }
            DigitImages.writePng(p, pngs.resolve(i + ".png"));
        }

        // From here on: DJL's API, latentkit's translator, and the block factory that the model
        // directory's serving.properties names.
        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(modelDir)
                        .optEngine("PyTorch")
                        .optTranslator(DigitClassifierTranslator.builder().build())
                        .build();
        int correct = 0;
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < test.size(); i++) {
                Image png = ImageFactory.getInstance().fromFile(pngs.resolve(i + ".png"));
                Classifications c = predictor.predict(png);
                correct += Integer.parseInt(c.best().getClassName()) == test.label(i) ? 1 : 0;
            }
        }
        // The PNGs predict exactly as latentkit's own evaluation of the saved model.
        assertEquals(eval, correct / (double) test.size(), 1e-12);
        assertTrue(eval > 0.6, "test accuracy " + eval);
    }
}
