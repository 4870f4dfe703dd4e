package org.latentkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.run.Json;
import org.latentkit.blocks.autoencoder.SparseBinaryAutoencoder;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.reconstruct.AutoencoderFigures;
import org.latentkit.trainers.reconstruct.ReconstructionEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latentkit autoencode-eval}: reload a saved autoencoder, re-measure it, redraw its figures.
 */
@Command(
        name = "autoencode-eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Reload an autoencoder saved by autoencode (RUN or RUN/model), evaluate it on the "
                        + "test set and write eval.json and the figures into --out.")
final class AutoencodeEvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write eval.json and the figures (default: the run directory).")
    Path out;

    @Override
    public Integer call() {
        Path dir = saved.modelDir();
        ModelStore.Descriptor d = saved.describe("autoencode", "an autoencoder");
        Path target = out != null ? out : dir.getParent() != null ? dir.getParent() : Path.of(".");
        boolean binary = SparseBinaryAutoencoder.ARCHITECTURE.equals(d.block().architecture());
        DatasetName name = DatasetName.parse(d.metadata().getOrDefault("dataset", "mnist"));
        Normalization norm =
                Normalization.parse(d.metadata().getOrDefault("normalization", "unit"));
        DataLocator.TrainTest data = DataLocator.load(name, saved.load.dataDir);
        EngineContext context = saved.context();
        try (ModelStore.Loaded loaded = ModelStore.load(dir, context)) {
            ReconstructionEvaluation e =
                    ReconstructionEvaluation.of(
                            loaded.model(),
                            data.test(),
                            norm,
                            binary
                                    ? ReconstructionEvaluation.CodeKind.BINARY
                                    : ReconstructionEvaluation.CodeKind.DENSE);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", dir.toString());
            m.put("architecture", d.block().architecture());
            m.put("options", d.block().options());
            m.putAll(e.metrics());
            try {
                Files.createDirectories(target);
            } catch (java.io.IOException ex) {
                throw new InvalidInputException("out " + target + ": cannot create directory", ex);
            }
            String title =
                    String.format(
                            Locale.ROOT,
                            "%s %s (reloaded from %s)",
                            d.block().architecture(),
                            d.block().options().get("layers"),
                            dir);
            m.put(
                    "figures",
                    AutoencoderFigures.writeAll(
                            e,
                            target,
                            title,
                            Integer.parseInt(
                                    d.metadata()
                                            .getOrDefault(
                                                    "train_samples",
                                                    Integer.toString(data.train().size())))));
            Json.write(target.resolve("eval.json"), m);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "test MSE %.5f%s -> %s%n",
                            e.meanMse(),
                            binary
                                    ? String.format(
                                            Locale.ROOT,
                                            ", active bits median %s, dead %s, always-on %s",
                                            m.get("active_bits_median"),
                                            m.get("dead_bits"),
                                            m.get("always_on_bits"))
                                    : "",
                            target);
        }
        return 0;
    }
}
