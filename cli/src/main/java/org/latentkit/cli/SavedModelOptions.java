package org.latentkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags of the commands that reload one saved model: which model, plus {@link LoadOptions}. */
final class SavedModelOptions {

    @Option(
            names = "--model",
            paramLabel = "DIR",
            required = true,
            description = "A run directory, or its model/ directory.")
    Path model;

    @Mixin LoadOptions load;

    /**
     * The model directory: a run's model/ when it holds a model.json, else {@code --model} itself.
     */
    Path modelDir() {
        return modelDir(model);
    }

    /** A run directory's model/ when it holds a model.json, else the directory itself. */
    static Path modelDir(Path runOrModel) {
        Path inner = runOrModel.resolve("model");
        return Files.isRegularFile(inner.resolve(ModelStore.DESCRIPTOR)) ? inner : runOrModel;
    }

    /** Reads the descriptor and checks the model was trained for {@code task}. */
    ModelStore.Descriptor describe(String task, String noun) {
        ModelStore.Descriptor d = ModelStore.describe(modelDir());
        String actual = d.metadata().get("task");
        if (!task.equals(actual)) {
            throw new InvalidInputException(
                    "model " + model + ": is a '" + actual + "' model, not " + noun);
        }
        return d;
    }

    /** The engine and device to load onto. */
    EngineContext context() {
        return load.context();
    }
}
