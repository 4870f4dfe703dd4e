package org.latentkit.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.plot.ImageGrid;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.mixture.MixtureFigures;
import org.latentkit.trainers.vae.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latentkit generate}: reload saved VAEs or mixtures and draw samples from their priors, or
 * (with {@code --reconstruct}) test images over each VAE's reconstructions, one row per model.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Reload a VAE or a mixture of VAE experts saved by vae/moe and write a grid of samples "
                        + "(a mixture: one row per expert); with --reconstruct, test images over each model's "
                        + "reconstructions.")
final class GenerateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            required = true,
            description =
                    "A run directory or its model/ directory; repeat with --reconstruct to compare models.")
    List<Path> models;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "12",
            description =
                    "Samples per row (a mixture: per expert; a VAE: 10 rows) (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--out",
            paramLabel = "PNG",
            defaultValue = "grid.png",
            description = "The PNG to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description =
                    "Seed of the prior samples; the same seed draws the same grid (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--reconstruct",
            description = "Draw test images over each VAE's reconstructions instead of samples.")
    boolean reconstruct;

    @Mixin LoadOptions load;

    @Override
    public Integer call() {
        if (count <= 0 || count > 100) {
            throw new InvalidInputException("count: must be in 1..100, got " + count);
        }
        if (models.size() > 1 && !reconstruct) {
            throw new InvalidInputException("model: several models need --reconstruct");
        }
        EngineContext context = load.context();
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new InvalidInputException("out " + out + ": cannot create its directory", e);
        }
        if (reconstruct) {
            reconstructions(context);
        } else {
            samples(context);
        }
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }

    private void samples(EngineContext context) {
        try (ModelStore.Loaded loaded =
                ModelStore.load(SavedModelOptions.modelDir(models.get(0)), context)) {
            Model model = loaded.model();
            context.seed(seed);
            if (model.getBlock() instanceof MixtureOfVaeExperts mix) {
                MixtureFigures.writeGeneration(
                        model,
                        null,
                        count,
                        out,
                        String.format(
                                Locale.ROOT,
                                "%d VAE experts: prior samples, one row per expert (seed %d)",
                                mix.experts(),
                                seed));
            } else if (model.getBlock() instanceof VaeExpert vae) {
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray s =
                            vae.sample(
                                    new ParameterStore(model.getNDManager(), false), m, 10 * count);
                    DigitSet set = Pictures.of("samples", s.toFloatArray(), null);
                    ImageGrid grid =
                            ImageGrid.titled(
                                            String.format(
                                                    Locale.ROOT,
                                                    "VAE z=%d: prior samples (seed %d)",
                                                    vae.latent(),
                                                    seed))
                                    .zoom(2);
                    for (int r = 0; r < 10; r++) {
                        grid.row("", set, Pictures.range(r * count, count));
                    }
                    Figure.writePng(grid.render(), out);
                }
            } else {
                throw new InvalidInputException(
                        "model "
                                + models.get(0)
                                + ": is a "
                                + loaded.descriptor().block().architecture()
                                + ", not a VAE or a mixture of VAE experts");
            }
        }
    }

    private void reconstructions(EngineContext context) {
        DataLocator.TrainTest data = DataLocator.load(DatasetName.MNIST, load.dataDir);
        DigitSet test = data.test();
        List<Integer> picks = new ArrayList<>();
        for (int d = 0; d < 10 && picks.size() < count * 10; d++) {
            int found = 0;
            for (int i = 0; i < test.size() && found < Math.max(1, count / 10); i++) {
                if (test.label(i) == d) {
                    picks.add(i);
                    found++;
                }
            }
        }
        int[] idx = picks.stream().mapToInt(Integer::intValue).toArray();
        DigitSet originals = test.select(idx, "picked");
        ImageGrid grid =
                ImageGrid.titled("test images over their reconstructions (posterior means)")
                        .zoom(2)
                        .row("original", originals, Pictures.range(0, idx.length));
        for (Path p : models) {
            try (ModelStore.Loaded loaded =
                    ModelStore.load(SavedModelOptions.modelDir(p), context)) {
                if (!(loaded.model().getBlock() instanceof VaeExpert vae)) {
                    throw new InvalidInputException(
                            "model "
                                    + p
                                    + ": --reconstruct needs a VAE, got a "
                                    + loaded.descriptor().block().architecture());
                }
                ParameterStore store = new ParameterStore(loaded.model().getNDManager(), false);
                try (NDManager m = loaded.model().getNDManager().newSubManager()) {
                    NDArray x = originals.images(m, null, 0, idx.length, Normalization.UNIT);
                    NDArray recon = vae.decode(store, vae.encode(store, x, false).get(0), false);
                    grid.row(
                            String.format(Locale.ROOT, "z=%d", vae.latent()),
                            Pictures.of("recon", recon.toFloatArray(), null),
                            Pictures.range(0, idx.length));
                }
            }
        }
        Figure.writePng(grid.render(), out);
    }
}
