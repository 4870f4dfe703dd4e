package org.latentkit.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentkit.api.config.EngineSetup;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.DjlDownload;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.Provenance;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.EpochStats;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape every running subcommand shares: resolve the configuration, open the run directory,
 * do the work through the library, write the record — also when the work fails.
 */
abstract class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    private RunDirectory run;

    @Override
    public final Integer call() {
        if (spec.defaultValueProvider() instanceof ConfigDefaults defaults) {
            defaults.checkKeys(spec);
        }
        EngineSetup.configureThreads(common.threads);
        try {
            return execute();
        } catch (RuntimeException | Error e) {
            if (run != null) {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("status", "failed");
                failed.put("error", Main.oneLine(e));
                run.writeMetrics(failed);
            }
            throw e;
        }
    }

    /**
     * Does the command's work.
     *
     * @return the exit status
     */
    abstract int execute();

    /** The command's error stream (standard error, or what an in-process caller passed). */
    java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Resolves the shared run configuration; validation names any bad value. */
    RunConfig runConfig(int epochs, int batchSize) {
        return new RunConfig(RunConfig.resolveEngine(common.engine), common.device, common.seed,
                common.threads, batchSize, epochs, common.dataDir, outDir());
    }

    Path outDir() {
        if (common.out == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            common.out = Path.of("runs", spec.name() + "-" + stamp);
        }
        return common.out;
    }

    DataLocator.TrainTest loadData() {
        DatasetName name = DatasetName.parse(common.dataset);
        return common.download ? DjlDownload.load(name) : DataLocator.load(name, common.dataDir);
    }

    /** Opens the run directory and writes {@code config.json}: the run config plus the command's settings. */
    RunDirectory openRun(RunConfig config, Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("command", spec.name());
        all.putAll(config.toMap());
        all.put("dataset", common.dataset);
        all.put("max_batches", common.maxBatches);
        all.putAll(settings);
        run = RunDirectory.create(config.outDir(), all, common.overwrite);
        return run;
    }

    /**
     * Writes {@code history.csv}, one row per epoch: loss, the validation score (when the command
     * has one, under {@code validationColumn}), time and throughput.
     */
    static void writeHistory(RunDirectory run, List<EpochStats> history, String validationColumn) {
        StringBuilder csv = new StringBuilder("epoch,train_loss,"
                + (validationColumn == null ? "" : validationColumn + ",") + "seconds,samples_per_second\n");
        for (EpochStats e : history) {
            String score = validationColumn == null ? ""
                    : (Double.isNaN(e.validationScore()) ? "" : String.format(Locale.ROOT, "%.6f", e.validationScore())) + ",";
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%s%.3f,%.1f%n", e.epoch(), e.trainLoss(), score,
                    e.trainSeconds(), e.samplesPerSecond()));
        }
        AtomicFiles.writeString(run.file("history.csv"), csv.toString());
    }

    /** Metrics every run records: status, engine, device, data fingerprint and versions. */
    Map<String, Object> baseMetrics(EngineContext context, DataLocator.TrainTest data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("engine", context.engineName());
        m.put("engine_version", context.engine().getVersion());
        m.put("device", context.deviceName());
        m.put("dataset", data.dataset().id());
        m.put("dataset_fingerprint", data.train().fingerprint());
        Provenance.of(context.engine()).toMap().forEach((k, v) -> {
            if (!k.equals("engine") && !k.equals("engine_version")) {
                m.put(k, v);
            }
        });
        return m;
    }
}
