package org.latentkit.cli;

import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.RunDirectory;
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

    @Mixin TrainOptions train;

    @Mixin ClassifierOptions classifier;

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        ClassifierTrainer.Options options = classifier.toOptions(this, train, arch, config);
        DataLocator.TrainTest data = loadData();
        Split split = CommandSupport.split(data, train.validation, trainSamples, config.seed());
        RunDirectory run =
                openRun(config, ClassifierOptions.settings(options, train, trainSamples));
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
            run.writeMetrics(m);
            writeHistory(run, r.fit().history(), "validation_accuracy");
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "test accuracy %.2f%% (%s, %d epochs, best epoch %d, %.0f samples/s, %s %s) -> %s%n",
                            100 * r.testAccuracy(),
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
}
