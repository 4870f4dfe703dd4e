package org.latentkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.latentkit.api.InvalidInputException;
import org.latentkit.api.config.EngineSetup;
import org.latentkit.api.config.RunConfig;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import picocli.CommandLine.Option;

/** Flags of the commands that reload a saved model: which model, on which engine and device. */
final class SavedModelOptions {

    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "A run directory, or its model/ directory.")
    Path model;

    @Option(names = "--engine", paramLabel = "NAME", description = "DJL engine (default: PyTorch).")
    String engine;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu",
            description = "cpu, gpu or gpuN (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the IDX files are.")
    Path dataDir;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
    boolean verbose;

    /** The model directory: a run's model/ when it holds a model.json, else {@code --model} itself. */
    Path modelDir() {
        Path inner = model.resolve("model");
        return Files.isRegularFile(inner.resolve(ModelStore.DESCRIPTOR)) ? inner : model;
    }

    /** Reads the descriptor and checks the model was trained for {@code task}. */
    ModelStore.Descriptor describe(String task, String noun) {
        ModelStore.Descriptor d = ModelStore.describe(modelDir());
        String actual = d.metadata().get("task");
        if (!task.equals(actual)) {
            throw new InvalidInputException("model " + model + ": is a '" + actual + "' model, not " + noun);
        }
        return d;
    }

    /** The engine and device to load onto (one intra-op thread, as for training). */
    EngineContext context() {
        EngineSetup.configureThreads(1);
        return EngineContext.of(RunConfig.resolveEngine(engine), device);
    }
}
