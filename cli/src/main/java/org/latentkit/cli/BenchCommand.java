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
import org.latentkit.trainers.bench.CallOverhead;
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
            names = "--batch-size",
            paramLabel = "N",
            description =
                    "Samples per step instead of the experiment's own (LeNet and the MLP 32, the dense "
                            + "AE 512), for a scaling table.")
    Integer batchSize;

    @Option(
            names = "--flush-subnormals",
            paramLabel = "N",
            description =
                    "Clear the optimiser state of subnormal values every N updates of a parameter (0: "
                            + "never) instead of the optimiser's default, 64. bench.json counts the "
                            + "subnormal state values left after the last step.")
    Integer flushSubnormals;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Bench epochs; RSS growth is reported from the 2nd to the last (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--profile",
            description =
                    "Record the measured steps with PyTorch's operator profiler into trace.json (a Chrome "
                            + "trace; bench/trace_summary.py counts the engine calls per step). Profiling slows "
                            + "every call: a profiled run's timings are not speed figures.")
    boolean profile;

    @Option(
            names = "--call-overhead",
            paramLabel = "N",
            description =
                    "Instead of training, time N engine calls on one-element arrays (forward, and forward "
                            + "with backward) and write their cost per call in microseconds to bench.json.")
    Integer callOverhead;

    /** {@inheritDoc} */
    @Override
    int execute() {
        if (callOverhead != null) {
            return callOverhead();
        }
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
        if (batchSize != null) {
            e = e.withBatchSize(batchSize);
        }
        if (flushSubnormals != null) {
            e = e.withFlushSubnormalsEvery(flushSubnormals);
        }
        if (common.maxBatches != 0) {
            throw new InvalidInputException(
                    "max-batches: bench does not use it; --batches sets the steps per bench epoch");
        }
        Benchmark.Options options = new Benchmark.Options(warmup, batches, epochs, common.seed);
        RunConfig config = runConfig(epochs, e.batchSize());
        if (profile) {
            TorchProfiler.requirePyTorch(config.engine());
        }
        DataLocator.TrainTest data = loadData();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("experiment", e.name());
        settings.put("warmup", warmup);
        settings.put("batches", batches);
        settings.put("batch_size", e.batchSize());
        settings.put("profile", profile);
        settings.put("flush_subnormals", flushSubnormals);
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
        Benchmark.Report r =
                Benchmark.run(
                        context,
                        engineStart,
                        data.train(),
                        e,
                        options,
                        profile
                                ? TorchProfiler.forEngine(
                                        context.engineName(), run.file("trace.json"))
                                : Benchmark.Profiler.NONE);
        Map<String, Object> m = baseMetrics(context, data);
        m.put("threads", config.threads());
        if (profile) {
            m.put("profile_trace", "trace.json");
        }
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

    private int callOverhead() {
        if (experiment != null || profile) {
            throw new InvalidInputException(
                    "call-overhead: runs no experiment; drop --experiment and --profile");
        }
        if (callOverhead < 1) {
            throw new InvalidInputException(
                    "call-overhead: must be at least 1 call, got " + callOverhead);
        }
        RunConfig config = runConfig(1, 1);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("call_overhead", callOverhead);
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        CallOverhead c = CallOverhead.measure(context.engine(), callOverhead);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", context.engineName() + " " + context.engine().getVersion());
        m.put("threads", config.threads());
        m.put("call_overhead", c.toMap());
        Json.write(run.file("bench.json"), m);
        run.writeMetrics(m);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%s: %.2f us per forward call, %.2f us per call with its backward (%d calls each) -> %s%n",
                        m.get("engine"),
                        c.forwardMicros(),
                        c.backwardMicros(),
                        c.iterations(),
                        run.file("bench.json"));
        return 0;
    }
}
