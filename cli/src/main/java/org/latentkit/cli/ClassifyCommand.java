package org.latentkit.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.Architecture;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentkit classify}: train a digit classifier, test it, save it. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a classifier (seed 003/004), report test accuracy, save the model.")
final class ClassifyCommand extends TrainingCommand {

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

    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        ClassifierTrainer.Options options = options(this, train, classifier, arch, config);
        DataLocator.TrainTest data = loadData();
        Split split = split(data, train.validation, trainSamples, config.seed());
        RunDirectory run = openRun(config, settings(options, train, trainSamples));
        EngineContext context = EngineContext.of(config.engine(), config.device());
        err().printf(
                        Locale.ROOT,
                        "classify %s on %s: %d train / %s validation / %d test, %s %s%n",
                        options.architecture(),
                        data.dataset(),
                        split.train().size(),
                        split.validation() == null
                                ? "no"
                                : Integer.toString(split.validation().size()),
                        split.test().size(),
                        context.engineName(),
                        context.deviceName());
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

    static ClassifierTrainer.Options options(
            RunCommand cmd, TrainOptions t, ClassifierOptions k, String arch, RunConfig c) {
        return new ClassifierTrainer.Options(
                Architecture.parse(arch),
                OptimizerKind.parse(t.optimizer),
                t.lr,
                k.momentum,
                LrSchedule.parse(k.lrSchedule),
                c.epochs(),
                c.batchSize(),
                k.patience,
                Normalization.parse(k.normalize),
                c.seed(),
                cmd.common.maxBatches);
    }

    static Split split(
            DataLocator.TrainTest data, int validation, Integer trainSamples, long seed) {
        if (validation < 0) {
            throw new org.latentkit.core.InvalidInputException(
                    "validation: must be 0 or more, got " + validation);
        }
        Split split =
                validation == 0 ? Split.trainTest(data) : Split.withValidation(data, validation);
        return trainSamples == null ? split : split.withTrainSamples(trainSamples, seed);
    }

    static Map<String, Object> settings(
            ClassifierTrainer.Options o, TrainOptions t, Integer samples) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("arch", o.architecture().id());
        s.put("optimizer", o.optimizer().id());
        s.put("lr", o.learningRate());
        s.put("momentum", o.momentum());
        s.put("lr_schedule", o.schedule().id());
        s.put("patience", o.patience());
        s.put("validation", t.validation);
        s.put("normalize", o.normalization().id());
        s.put("train_samples", samples);
        return s;
    }
}
