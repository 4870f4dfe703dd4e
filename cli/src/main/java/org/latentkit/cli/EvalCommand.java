package org.latentkit.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.Normalization;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latentkit eval}: reload a saved classifier and report its test accuracy. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description =
                "Reload a saved classifier (classify's DIR/model) and report its test accuracy.")
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            description = "Dataset to test on (default: the one the model was trained on).")
    String dataset;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        ModelStore.Descriptor d = saved.describe("classify", "a classifier");
        DatasetName name =
                DatasetName.parse(
                        dataset != null ? dataset : d.metadata().getOrDefault("dataset", "mnist"));
        Normalization norm =
                Normalization.parse(d.metadata().getOrDefault("normalization", "unit"));
        DataLocator.TrainTest data = DataLocator.load(name, saved.load.dataDir);
        EngineContext context = saved.context();
        try (ModelStore.Loaded loaded = ModelStore.load(saved.modelDir(), context)) {
            double acc = Inference.accuracy(loaded.model(), data.test(), norm);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "test accuracy %.2f%% (%s on %s test, %d images, %s %s)%n",
                            100 * acc,
                            d.block().architecture(),
                            name,
                            data.test().size(),
                            context.engineName(),
                            context.deviceName());
        }
        return 0;
    }
}
