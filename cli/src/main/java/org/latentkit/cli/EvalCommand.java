package org.latentkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentkit.api.InvalidInputException;
import org.latentkit.api.config.EngineSetup;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.Normalization;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latentkit eval}: reload a saved classifier and report its test accuracy. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Reload a saved classifier (classify's DIR/model) and report its test accuracy.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "A model directory written by classify (RUN/model), or its run directory.")
    Path model;

    @Option(names = "--engine", paramLabel = "NAME", description = "DJL engine (default: PyTorch).")
    String engine;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu",
            description = "cpu, gpu or gpuN (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the IDX files are.")
    Path dataDir;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset to test on (default: the one the model was trained on).")
    String dataset;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
    boolean verbose;

    @Override
    public Integer call() {
        EngineSetup.configureThreads(1);
        // Accept the run directory as well as its model/ sub-directory.
        Path dir = Files.isRegularFile(model.resolve("model").resolve(ModelStore.DESCRIPTOR))
                ? model.resolve("model") : model;
        ModelStore.Descriptor d = ModelStore.describe(dir);
        if (!"classify".equals(d.metadata().get("task"))) {
            throw new InvalidInputException("model " + model + ": is a '" + d.metadata().get("task")
                    + "' model, eval needs a classifier");
        }
        DatasetName name = DatasetName.parse(dataset != null ? dataset : d.metadata().getOrDefault("dataset", "mnist"));
        Normalization norm = Normalization.parse(d.metadata().getOrDefault("normalization", "unit"));
        DataLocator.TrainTest data = DataLocator.load(name, dataDir);
        EngineContext context = EngineContext.of(RunConfig.resolveEngine(engine), device);
        try (ModelStore.Loaded loaded = ModelStore.load(dir, context)) {
            double acc = Inference.accuracy(loaded.model(), data.test(), norm);
            spec.commandLine().getOut().printf(Locale.ROOT, "test accuracy %.2f%% (%s on %s test, %d images, %s %s)%n",
                    100 * acc, d.block().architecture(), name, data.test().size(),
                    context.engineName(), context.deviceName());
        }
        return 0;
    }
}
