package org.latentkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentkit.api.plot.LinePlot;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.Json;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latentkit sparsity-curve}: the λ trade-off of sparse binary autoencoders, read from
 * finished {@code autoencode --kind sparse-binary} runs: median active bits against test MSE, one
 * point per run, in order of λ.
 */
@Command(
        name = "sparsity-curve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Plot active bits against test MSE over finished sparse-binary autoencode runs "
                        + "(one point per run, ordered by lambda): a CSV and a PNG.")
final class SparsityCurveCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--runs",
            paramLabel = "RUN",
            arity = "1..*",
            required = true,
            description = "Run directories of autoencode --kind sparse-binary.")
    List<Path> runs = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Where to write sparsity_curve.csv and sparsity_curve.png.")
    Path out;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces.")
    boolean verbose;

    /** One run's point. */
    record Point(
            String run,
            double lambda,
            String penalty,
            double mse,
            double bitsMedian,
            double bitsMean) {}

    @Override
    public Integer call() {
        List<Point> points = new ArrayList<>();
        for (Path r : runs) {
            Path metrics = r.resolve(RunDirectory.METRICS);
            Path config = r.resolve(RunDirectory.CONFIG);
            if (!Files.isRegularFile(metrics) || !Files.isRegularFile(config)) {
                throw new InvalidInputException(
                        "runs " + r + ": not a run directory (no metrics.json/config.json)");
            }
            Map<String, Object> m = Json.readMap(metrics);
            Map<String, Object> c = Json.readMap(config);
            if (!(m.get("active_bits_median") instanceof Number)
                    || !(m.get("test_mse") instanceof Number)) {
                throw new InvalidInputException(
                        "runs " + r + ": not a finished sparse-binary autoencode run");
            }
            points.add(
                    new Point(
                            r.toString(),
                            ((Number) c.getOrDefault("lambda", Double.NaN)).doubleValue(),
                            String.valueOf(c.get("penalty")),
                            ((Number) m.get("test_mse")).doubleValue(),
                            ((Number) m.get("active_bits_median")).doubleValue(),
                            ((Number) m.get("active_bits_mean")).doubleValue()));
        }
        points.sort(Comparator.comparingDouble(Point::lambda));
        StringBuilder csv =
                new StringBuilder(
                        "lambda,penalty,test_mse,active_bits_median,active_bits_mean,run\n");
        for (Point p : points) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%.6f,%.1f,%.2f,%s%n",
                            p.lambda(),
                            p.penalty(),
                            p.mse(),
                            p.bitsMedian(),
                            p.bitsMean(),
                            p.run()));
        }
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(
                    "out " + out + ": cannot create directory (" + e.getMessage() + ")", e);
        }
        AtomicFiles.writeString(out.resolve("sparsity_curve.csv"), csv.toString());
        LinePlot plot =
                LinePlot.titled("Sparse binary AE: active bits vs test MSE over lambda")
                        .axes("median active bits per test image", "test MSE per pixel")
                        .legendOutside()
                        .series(
                                "lambda = "
                                        + points.stream()
                                                .map(
                                                        p ->
                                                                String.format(
                                                                        Locale.ROOT,
                                                                        "%s",
                                                                        p.lambda()))
                                                .reduce((a, b) -> a + ", " + b)
                                                .orElse(""),
                                points.stream().mapToDouble(Point::bitsMedian).toArray(),
                                points.stream().mapToDouble(Point::mse).toArray());
        // Seed 001's figure: per-digit medians of 88-95 active bits, per-digit median MSE
        // 0.01-0.045.
        plot.reference(
                "seed 001 (88-95 bits, per-digit median MSE 0.01-0.045)",
                new double[] {92, 92},
                new double[] {0.01, 0.045});
        plot.write(out.resolve("sparsity_curve.png"));
        spec.commandLine().getOut().print(csv);
        spec.commandLine().getOut().println("-> " + out);
        return 0;
    }
}
