package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.Mlp;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EarlyStopping;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.FitConfig;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;

/** The two library examples of the README, on the fixture instead of full MNIST. */
class ReadmeExamplesTest {

    @TempDir Path tmp;

    @Test
    void givenReadmeExampleOne_whenRun_thenLenetTrainsAndSaves() {
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        Split split =
                Split.withValidation(
                        Fixtures.mnistSmall(), 500); // README: Split.trainValidationTest(...)
        ClassifierTrainer.Options options =
                ClassifierTrainer.Options.defaults(Architecture.LENET_CLASSIC);
        options = options.withEpochs(2);
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(ctx).fit(split, options, TrainingListener.NONE)) {
            assertTrue(t.result().testAccuracy() > 0.7, "accuracy " + t.result().testAccuracy());
            ModelStore.save(
                    t.model(),
                    t.descriptor(),
                    ClassifierTrainer.metadata(options, "mnist"),
                    tmp.resolve("my-lenet"));
        }
        assertTrue(tmp.resolve("my-lenet").resolve("model.json").toFile().exists());
    }

    @Test
    void givenReadmeExampleTwo_whenOwnBlockTrainsOnTheSharedLoop_thenItLearns() {
        EngineContext ctx = EngineContext.of("PyTorch", "cpu");
        Split split = Split.withValidation(Fixtures.mnistSmall(), 500);
        Block block =
                Mlp.builder()
                        .setHidden(256, 128)
                        .setOutputs(10)
                        .optActivation(ActivationKind.TANH)
                        .build();
        try (Model model = ctx.newModel(block);
                Trainer trainer =
                        model.newTrainer(
                                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                        .optOptimizer(OptimizerKind.ADAM.create(1e-3f, 0f)))) {
            trainer.initialize(new Shape(32, 1, 28, 28));
            TrainingLoop.Result r =
                    TrainingLoop.fit(
                            trainer,
                            FitConfig.builder()
                                    .setFeed(
                                            new Feed(
                                                    split.train(),
                                                    Normalization.UNIT,
                                                    Feed.Target.CLASS))
                                    .setOptions(
                                            new TrainingLoop.Options(
                                                    3, 32, 42, 0, TrainingLoop.LastBatch.KEEP))
                                    .optValidator(
                                            t ->
                                                    Inference.accuracy(
                                                            t.getModel(),
                                                            split.validation(),
                                                            Normalization.UNIT))
                                    .optStopping(new EarlyStopping(EarlyStopping.Goal.MAXIMIZE, 3))
                                    .build());
            // 1,500 images, 3 epochs: far above the 10% of chance.
            assertTrue(r.bestScore() > 0.75, "validation accuracy " + r.bestScore());
        }
    }
}
