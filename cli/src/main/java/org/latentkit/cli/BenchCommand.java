package org.latentkit.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.run.Json;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.bench.Benchmark;
import org.latentkit.trainers.bench.Experiment;
import org.latentkit.trainers.loop.EngineContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentkit bench}: training throughput, step-time split and memory of one experiment. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Benchmark training: samples/s, epoch-equivalent seconds, the split of step time into "
                        + "data/forward/backward/optimizer, engine start time, peak RSS and RSS growth. Writes bench.json.")
final class BenchCommand extends RunCommand {

    @Option(
            names = "--experiment",
            paramLabel = "NAME",
            description = "What to train, for example classify:lenet-classic (see --list).")
    String experiment;

    @Option(names = "--list", description = "List the experiments and exit.")
    boolean list;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "50",
            description = "Unmeasured steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--batches",
            paramLabel = "N",
            defaultValue = "300",
            description = "Steps per bench epoch; 0 for full epochs (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Bench epochs; RSS growth is reported from the 2nd to the last (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Override
    int execute() {
        if (list) {
            for (Experiment e : Benchmark.experiments().values()) {
                spec.commandLine()
                        .getOut()
                        .printf(Locale.ROOT, "%-24s %s%n", e.name(), e.description());
            }
            return 0;
        }
        if (experiment == null) {
            throw new InvalidInputException(
                    "experiment: required (valid: "
                            + String.join(", ", Benchmark.experiments().keySet())
                            + ")");
        }
        Experiment e = Benchmark.experiment(experiment);
        if (common.maxBatches != 0) {
            throw new InvalidInputException(
                    "max-batches: bench does not use it; --batches sets the steps per bench epoch");
        }
        Benchmark.Options options = new Benchmark.Options(warmup, batches, epochs, common.seed);
        RunConfig config = runConfig(epochs, e.batchSize());
        DataLocator.TrainTest data = loadData();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("experiment", e.name());
        settings.put("warmup", warmup);
        settings.put("batches", batches);
        RunDirectory run = openRun(config, settings);
        long start = System.nanoTime();
        EngineContext context = EngineContext.of(config.engine(), config.device());
        double engineStart = (System.nanoTime() - start) / 1e9;
        err().printf(
                        Locale.ROOT,
                        "bench %s on %s: warm-up %d steps, %d epoch(s) of %s, %s %s, %d thread(s)%n",
                        e.name(),
                        data.dataset(),
                        warmup,
                        epochs,
                        batches == 0 ? "the full set" : batches + " steps",
                        context.engineName(),
                        context.deviceName(),
                        config.threads());
        Benchmark.Report r = Benchmark.run(context, engineStart, data.train(), e, options);
        Map<String, Object> m = baseMetrics(context, data);
        m.put("threads", config.threads());
        m.putAll(r.toMap());
        Json.write(run.file("bench.json"), m);
        run.writeMetrics(m);
        spec.commandLine()
                .getOut()
                .println(
                        r.summary()
                                + ", "
                                + config.threads()
                                + " thread(s) -> "
                                + run.file("bench.json"));
        return 0;
    }
}
