package org.latentkit.cli;

import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentkit classify}: train a digit classifier, test it, save it. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a classifier (seed 003/004), report test accuracy, save the model.")
final class ClassifyCommand extends TrainingCommand implements CommandDefaults {

    /** {@inheritDoc} */
    @Override
    public Map<String, String> defaults() {
        return ClassifierOptions.defaults();
    }

    @Option(
            names = "--arch",
            paramLabel = "NAME",
            defaultValue = "lenet-classic",
            description = "lenet-classic, lenet-deep, mlp or convnet (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--train-samples",
            paramLabel = "N",
            description = "Train on a stratified subset of N samples, chosen from the seed.")
    Integer trainSamples;

    @Option(
            names = "--test-shift",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "After training, also report test_accuracy_shift_N: the mean test accuracy"
                            + " with the images moved N pixels left, right, up and down; 0 = off"
                            + " (default: ${DEFAULT-VALUE}).")
    int testShift;

    @Mixin TrainOptions train;

    @Mixin ClassifierOptions classifier;

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        ClassifierTrainer.Options options = classifier.toOptions(this, train, arch, config);
        checkTestShift(Integer.MAX_VALUE);
        DataLocator.TrainTest data = loadData();
        checkTestShift(Math.min(data.test().rows(), data.test().cols()));
        Split split = CommandSupport.split(data, train.validation, trainSamples, config.seed());
        Map<String, Object> settings = ClassifierOptions.settings(options, train, trainSamples);
        settings.put("test_shift", testShift);
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        err().printf(
                        Locale.ROOT,
                        "classify %s on %s: %s%n",
                        options.architecture(),
                        data.dataset(),
                        CommandSupport.describe(split, context));
        try (ClassifierTrainer.Trained t =
                new ClassifierTrainer(context)
                        .fit(split, options, control(ProgressBar.onStderr("val_acc")))) {
            ModelStore.save(
                    t.model(),
                    t.descriptor(),
                    ClassifierTrainer.metadata(options, data.dataset().id()),
                    run.file("model"));
            ClassifierTrainer.Result r = t.result();
            Map<String, Object> m = baseMetrics(context, data);
            m.put("arch", options.architecture().id());
            m.put("test_accuracy", r.testAccuracy());
            m.put(
                    "validation_accuracy",
                    Double.isNaN(r.validationAccuracy()) ? null : r.validationAccuracy());
            m.put("epochs_run", r.fit().epochsRun());
            m.put("best_epoch", r.fit().bestEpoch());
            m.put("train_samples", split.train().size());
            m.put("train_seconds", r.fit().trainSeconds());
            m.put("samples_per_second", r.fit().samplesPerSecond());
            m.put("final_train_loss", r.fit().history().get(r.fit().epochsRun() - 1).trainLoss());
            m.put("augment", ClassifierOptions.augment(options));
            String shifted = "";
            if (testShift > 0) {
                double s =
                        ClassifierTrainer.shiftedAccuracy(
                                t.model(), split.test(), options.normalization(), testShift);
                m.put("test_accuracy_shift_" + testShift, s);
                shifted = String.format(Locale.ROOT, ", shifted %d px %.2f%%", testShift, 100 * s);
            }
            run.writeMetrics(m);
            writeHistory(run, r.fit().history(), "validation_accuracy");
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "test accuracy %.2f%%%s (%s, %d epochs, best epoch %d, %.0f samples/s, %s %s) -> %s%n",
                            100 * r.testAccuracy(),
                            shifted,
                            options.architecture(),
                            r.fit().epochsRun(),
                            r.fit().bestEpoch(),
                            r.fit().samplesPerSecond(),
                            context.engineName(),
                            context.deviceName(),
                            run.dir());
        }
        return 0;
    }

    /** Refuses a negative {@code --test-shift}, or one that moves the whole image out of view. */
    private void checkTestShift(int side) {
        if (testShift < 0) {
            throw new InvalidInputException(
                    "test-shift: must be 0 (off) or more pixels, got " + testShift);
        }
        if (testShift >= side) {
            throw new InvalidInputException(
                    "test-shift: "
                            + testShift
                            + " pixels moves "
                            + side
                            + "-pixel images out of view; use 1 to "
                            + (side - 1));
        }
    }
}
