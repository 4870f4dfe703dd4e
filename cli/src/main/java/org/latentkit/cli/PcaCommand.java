package org.latentkit.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.plot.LinePlot;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.Json;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.reconstruct.PcaBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentkit pca}: PCA reconstruction error against the number of components. */
@Command(
        name = "pca",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "PCA reconstruction baseline (seed 001's pca_digits): test MSE against the "
                        + "number of components, as a table and a PNG, optionally with autoencoder runs' points.")
final class PcaCommand extends RunCommand {

    @Option(
            names = "--components",
            paramLabel = "K,K,...",
            defaultValue = "2,5,10,20,32,64,128",
            description = "Component counts (default: ${DEFAULT-VALUE}).")
    String components;

    @Option(
            names = "--compare",
            paramLabel = "RUN",
            arity = "1..*",
            description =
                    "autoencode run directories whose test MSE is plotted at their code size.")
    List<Path> compare = new ArrayList<>();

    /** Trains and evaluates without labels: an image folder without class folders will do. */
    @Override
    boolean needsLabels() {
        return false;
    }

    @Override
    int execute() {
        RunConfig config = runConfig(1, 1);
        int[] ks = AutoencodeCommand.parseLayers(components);
        List<Map<String, Object>> aes = new ArrayList<>();
        for (Path p : compare) {
            Path f = p.resolve(RunDirectory.METRICS);
            if (!Files.isRegularFile(f)) {
                throw new InvalidInputException(
                        "compare " + p + ": no " + RunDirectory.METRICS + " (not a run directory)");
            }
            Map<String, Object> m = Json.readMap(f);
            if (!(m.get("test_mse") instanceof Number) || !(m.get("code_size") instanceof Number)) {
                throw new InvalidInputException(
                        "compare " + p + ": not a finished autoencode run (no test_mse/code_size)");
            }
            m.put("run", p.toString());
            aes.add(m);
        }
        DataLocator.TrainTest data = loadData();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("components", components);
        settings.put("compare", compare.stream().map(Path::toString).toList());
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        List<PcaBaseline.Point> points;
        try (NDManager manager = context.engine().newBaseManager(context.device())) {
            PcaBaseline pca = PcaBaseline.fit(manager, data.train(), Normalization.UNIT);
            points = pca.curve(manager, data.test(), Normalization.UNIT, ks);
        }
        StringBuilder csv = new StringBuilder("components,test_mse,explained_variance\n");
        Map<String, Object> byK = new LinkedHashMap<>();
        for (PcaBaseline.Point p : points) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.6f,%.4f%n",
                            p.components(),
                            p.testMse(),
                            p.explainedVariance()));
            byK.put(Integer.toString(p.components()), p.testMse());
        }
        AtomicFiles.writeString(run.file("pca.csv"), csv.toString());
        LinePlot plot =
                LinePlot.titled(
                                "Reconstruction MSE on "
                                        + data.dataset().id()
                                        + " test: PCA vs autoencoders")
                        .axes("code size (PCA components / code units)", "test MSE per pixel")
                        .logX()
                        .legendOutside()
                        .series(
                                "PCA",
                                points.stream()
                                        .mapToDouble(PcaBaseline.Point::components)
                                        .toArray(),
                                points.stream().mapToDouble(PcaBaseline.Point::testMse).toArray());
        Map<String, Object> comparisons = new LinkedHashMap<>();
        for (Map<String, Object> ae : aes) {
            double k = ((Number) ae.get("code_size")).doubleValue();
            double mse = ((Number) ae.get("test_mse")).doubleValue();
            String name =
                    ae.getOrDefault("kind", "autoencoder") + " " + ae.getOrDefault("layers", "");
            plot.series(name, new double[] {k}, new double[] {mse});
            comparisons.put(name + " (" + ae.get("run") + ")", mse);
        }
        plot.write(run.file("pca.png"));
        Map<String, Object> m = baseMetrics(context, data);
        m.put("pca_test_mse_by_components", byK);
        m.put("autoencoders", comparisons);
        run.writeMetrics(m);
        var out = spec.commandLine().getOut();
        out.println("components  test_mse   explained_variance");
        for (PcaBaseline.Point p : points) {
            out.printf(
                    Locale.ROOT,
                    "%10d  %.6f  %.4f%n",
                    p.components(),
                    p.testMse(),
                    p.explainedVariance());
        }
        out.println("-> " + run.dir());
        return 0;
    }
}
