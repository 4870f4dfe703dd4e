package org.latentkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.latentkit.api.config.EngineSetup;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.DjlDownload;
import org.latentkit.api.data.ImageFolderLoader;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.Json;
import org.latentkit.api.run.Provenance;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.Checkpoint;
import org.latentkit.trainers.loop.CheckpointStore;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.TrainingControl;
import org.latentkit.trainers.loop.TrainingDivergedException;
import org.latentkit.trainers.loop.TrainingInterruptedException;
import org.latentkit.trainers.loop.TrainingListener;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape every running subcommand shares: resolve the configuration, open the run directory, do
 * the work through the library, write the record — also when the work fails.
 */
abstract class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin CommonOptions common;

    private RunDirectory run;
    private Map<String, Object> runSettings;
    private TrainingControl control;
    private boolean imageFolder;

    /**
     * Settings added to {@code config.json} after runs were already being made, with the value that
     * means "as every run did before": a run whose record lacks one resumes when the setting still
     * has that value.
     */
    static final Map<String, Object> ADDED_LATER =
            Map.of(
                    "binarize",
                    "none",
                    "lr_schedule",
                    "constant",
                    "augment",
                    "none",
                    "method",
                    "autoencoder");

    /**
     * Settings a resumed run may change; any other difference from the checkpointed run is refused.
     */
    static final Set<String> RESUMABLE_CHANGES =
            Set.of(
                    "epochs",
                    "patience",
                    "lr",
                    "threads",
                    "device",
                    "engine",
                    "max_batches",
                    "checkpoint_every",
                    "max_grad_norm",
                    "max_loss_jump",
                    "out",
                    "data_dir",
                    "figures",
                    "evaluate",
                    "iw_samples",
                    "test_shift");

    /**
     * Returns the checkpoint flags of a training command.
     *
     * @return the mixin, or {@code null} for a command that does not train
     */
    CheckpointOptions checkpointing() {
        return null;
    }

    /** {@inheritDoc} */
    @Override
    public final Integer call() {
        if (spec.defaultValueProvider() instanceof ConfigDefaults defaults) {
            defaults.checkKeys(spec);
        }
        EngineSetup.configureThreads(common.threads);
        try {
            return execute();
        } catch (RuntimeException | Error thrown) {
            InvalidInputException gap =
                    Main.unsupportedOp(thrown, RunConfig.resolveEngine(common.engine));
            Throwable e = gap == null ? thrown : gap;
            recordFailure(e);
            if (gap != null) {
                throw gap;
            }
            throw thrown;
        }
    }

    /** Writes a failed run's metrics.json: its status and the one-line error. */
    private void recordFailure(Throwable e) {
        if (run != null && !(e instanceof ImplausibleResultException)) {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put(
                    "status",
                    e instanceof TrainingInterruptedException
                            ? "interrupted"
                            : e instanceof TrainingDivergedException ? "diverged" : "failed");
            failed.put("error", Main.oneLine(e));
            run.writeMetrics(failed);
        }
    }

    /**
     * Does the command's work.
     *
     * @return the exit status
     */
    abstract int execute();

    /** The command's error stream (standard error, or what an in-process caller passed). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Resolves the shared run configuration; validation names any bad value. */
    RunConfig runConfig(int epochs, int batchSize) {
        return RunConfig.builder()
                .optEngine(common.engine)
                .optDevice(common.device)
                .optSeed(common.seed)
                .optThreads(common.threads)
                .setBatchSize(batchSize)
                .setEpochs(epochs)
                .optDataDir(common.dataDir)
                .setOutDir(outDir())
                .build();
    }

    Path outDir() {
        CheckpointOptions c = checkpointing();
        if (c != null && c.resume != null) {
            if (common.out != null
                    && !common.out
                            .toAbsolutePath()
                            .normalize()
                            .equals(c.resume.toAbsolutePath().normalize())) {
                throw new InvalidInputException(
                        "resume "
                                + c.resume
                                + ": a resumed run continues in its own "
                                + "directory; drop --out "
                                + common.out);
            }
            common.out = c.resume;
        }
        if (common.out == null) {
            String stamp =
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            common.out = Path.of("runs", spec.name() + "-" + stamp);
        }
        return common.out;
    }

    /**
     * Returns whether the command needs a class per image; an unsupervised command that can run on
     * an image folder without class subfolders says false.
     */
    boolean needsLabels() {
        return true;
    }

    /**
     * Loads the data: the dataset's IDX files, DJL's download, or an image folder ({@code
     * --data-dir} with no IDX files, read with {@code --resize} and {@code --test-fraction}).
     */
    DataLocator.TrainTest loadData() {
        DatasetName name = DatasetName.parse(common.dataset);
        if (common.download) {
            return DjlDownload.load(name);
        }
        if (name != DatasetName.IMAGE_FOLDER && !DataLocator.isImageFolder(name, common.dataDir)) {
            return DataLocator.load(name, common.dataDir);
        }
        if (common.dataDir == null) {
            throw new InvalidInputException(
                    "dataset image-folder: needs --data-dir DIR, a folder of PNG or JPEG images");
        }
        DataLocator.TrainTest data =
                ImageFolderLoader.builder()
                        .setRoot(common.dataDir)
                        .optResize(common.resize)
                        .optTestFraction(common.testFraction)
                        .build()
                        .load();
        imageFolder = true;
        if (!data.train().hasLabels() && needsLabels()) {
            throw new InvalidInputException(
                    "data-dir "
                            + common.dataDir
                            + ": the images have no labels (no class subfolders), and "
                            + spec.name()
                            + " needs them; put the images in one subfolder per class");
        }
        return data;
    }

    /**
     * Opens the run directory and writes {@code config.json}: the run config plus the command's
     * settings.
     */
    RunDirectory openRun(RunConfig config, Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("command", spec.name());
        all.putAll(config.toMap());
        all.put("dataset", common.dataset);
        all.put("max_batches", common.maxBatches);
        if (imageFolder) {
            all.put("resize", common.resize);
            all.put("test_fraction", common.testFraction);
        }
        all.putAll(settings);
        CheckpointOptions c = checkpointing();
        boolean overwrite = common.overwrite;
        if (c != null) {
            // Validate the flags before anything is written.
            TrainingControl.builder()
                    .optCheckpointEvery(c.checkpointEvery)
                    .optMaxGradNorm(c.maxGradNorm)
                    .optMaxLossJump(c.maxLossJump)
                    .build();
            all.put("checkpoint_every", c.checkpointEvery);
            all.put("max_grad_norm", c.maxGradNorm);
            all.put("max_loss_jump", c.maxLossJump);
            if (c.resume != null) {
                checkResumable(c.resume, all);
                announceResume(c.resume);
                overwrite = true;
            } else if (!common.overwrite) {
                refuseUnfinished(config.outDir());
            }
        }
        run = RunDirectory.create(config.outDir(), all, overwrite);
        runSettings = all;
        return run;
    }

    /**
     * Returns a fit's hooks: the progress listener, with the run's checkpoint, resume, clipping and
     * blow-up settings as its control (a command that does not train gets the listener alone).
     */
    FitHooks control(TrainingListener progress) {
        CheckpointOptions c = checkpointing();
        if (c == null || run == null) {
            return FitHooks.of(progress);
        }
        control =
                TrainingControl.builder()
                        .optCheckpoints(run.dir())
                        .optCheckpointEvery(c.checkpointEvery)
                        .optMaxGradNorm(c.maxGradNorm)
                        .optMaxLossJump(c.maxLossJump)
                        .optResume(c.resume != null)
                        .optRunSettings(runSettings)
                        .build();
        return FitHooks.builder().optProgress(progress).optControl(control).build();
    }

    /** Refuses to resume when the run's recorded settings differ in what matters. */
    private void checkResumable(Path dir, Map<String, Object> now) {
        Path cfg = dir.resolve(RunDirectory.CONFIG);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("resume " + dir + ": directory not found");
        }
        if (!Files.isRegularFile(cfg)) {
            throw new InvalidInputException(
                    "resume "
                            + dir
                            + ": not a latentkit run directory (no "
                            + RunDirectory.CONFIG
                            + ")");
        }
        if (!new CheckpointStore(dir).hasCheckpoint()) {
            throw new InvalidInputException(
                    "resume "
                            + dir
                            + ": no complete checkpoint to resume from (nothing in "
                            + dir.resolve(CheckpointStore.FOLDER)
                            + ")");
        }
        Map<String, Object> was = Json.readMap(cfg);
        Map<String, Object> current = Json.readMapFromString(Json.toJson(now));
        List<String> changed = new ArrayList<>();
        Set<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(current.keySet());
        for (String k : keys) {
            boolean addedLater =
                    !was.containsKey(k) && Objects.equals(ADDED_LATER.get(k), current.get(k));
            if (!RESUMABLE_CHANGES.contains(k)
                    && !addedLater
                    && !Objects.equals(was.get(k), current.get(k))) {
                changed.add(k + " " + show(was.get(k)) + " -> " + show(current.get(k)));
            }
        }
        if (!changed.isEmpty()) {
            throw new InvalidInputException(
                    "resume "
                            + dir
                            + ": the run was made with other settings ("
                            + String.join(", ", changed)
                            + "); only "
                            + String.join(", ", new TreeSet<>(RESUMABLE_CHANGES))
                            + " may change");
        }
    }

    /**
     * Says, as the run's first line, which checkpoint it continues from: the newest complete one,
     * which {@link TrainingControl} then loads.
     */
    private void announceResume(Path dir) {
        Map.Entry<Path, Checkpoint> latest = new CheckpointStore(dir).latest();
        Checkpoint c = latest.getValue();
        err().printf(
                        Locale.ROOT,
                        "resuming %s from checkpoint at step %d (%s): %s%n",
                        dir,
                        c.globalStep(),
                        c.position(),
                        latest.getKey());
        err().flush();
    }

    private static String show(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    /** A fresh run must not silently discard the checkpoints of an unfinished one. */
    private static void refuseUnfinished(Path dir) {
        if (!new CheckpointStore(dir).hasCheckpoint()) {
            return;
        }
        Path metrics = dir.resolve(RunDirectory.METRICS);
        Object status = null;
        if (Files.isRegularFile(metrics)) {
            try {
                status = Json.readMap(metrics).get("status");
            } catch (InvalidInputException e) {
                status = null;
            }
        }
        if (!"ok".equals(status)) {
            throw new InvalidInputException(
                    "out "
                            + dir
                            + ": holds checkpoints of an unfinished run; continue it with "
                            + "--resume "
                            + dir
                            + ", or pass --overwrite to start again");
        }
    }

    /**
     * Writes {@code history.csv}, one row per epoch: loss, the validation score (when the command
     * has one, under {@code validationColumn}), time and throughput.
     */
    static void writeHistory(RunDirectory run, List<EpochStats> history, String validationColumn) {
        StringBuilder csv =
                new StringBuilder(
                        "epoch,train_loss,"
                                + (validationColumn == null ? "" : validationColumn + ",")
                                + "seconds,samples_per_second\n");
        for (EpochStats e : history) {
            String score =
                    validationColumn == null
                            ? ""
                            : (Double.isNaN(e.validationScore())
                                            ? ""
                                            : String.format(
                                                    Locale.ROOT, "%.6f", e.validationScore()))
                                    + ",";
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.6f,%s%.3f,%.1f%n",
                            e.epoch(),
                            e.trainLoss(),
                            score,
                            e.trainSeconds(),
                            e.samplesPerSecond()));
        }
        AtomicFiles.writeString(run.file("history.csv"), csv.toString());
    }

    /**
     * The largest test −ELBO, in nats per 28×28 image, that a trained model can plausibly have: an
     * untrained Bernoulli decoder scores 784 · ln 2 ≈ 543, a Gaussian one with σ = 0.5 about 300.
     */
    static final double MAX_PLAUSIBLE_ELBO = 1e4;

    /**
     * The largest plausible per-pixel MSE of images in [0, 1]: predicting 0.5 everywhere gives ≤
     * 0.25.
     */
    static final double MAX_PLAUSIBLE_MSE = 1;

    /** A finished run whose headline metric says the model is wrecked. */
    static final class ImplausibleResultException extends TrainingDivergedException {
        private static final long serialVersionUID = 1L;

        ImplausibleResultException(String message) {
            super(message);
        }
    }

    /**
     * Says why a metric is implausible.
     *
     * @param metrics the run's metrics
     * @param key the headline metric
     * @param limit the largest plausible value
     * @return the one-line reason, or {@code null} when the value is finite and at most {@code
     *     limit}
     */
    static String implausible(Map<String, Object> metrics, String key, double limit) {
        Object v = metrics.get(key);
        double x = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (x <= limit) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "training diverged: %s is %.6g, above the plausible %.3g; the model is not usable"
                        + " (try a lower --lr or --max-grad-norm)",
                key,
                x,
                limit);
    }

    /**
     * Writes a finished run's metrics. When the headline metric is implausible (not finite, or
     * above {@code limit}) they are written with status {@code diverged} and the reason, and the
     * command ends with exit status 3: a wrecked model never reports {@code "status": "ok"}.
     *
     * @param m the metrics, with {@code status} ok
     * @param key the headline metric
     * @param limit the largest plausible value
     */
    void writeResult(Map<String, Object> m, String key, double limit) {
        String why = implausible(m, key, limit);
        if (why != null) {
            m.put("status", "diverged");
            m.put("error", why);
        }
        run.writeMetrics(m);
        if (why != null) {
            throw new ImplausibleResultException(why);
        }
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
        if (control != null && control.resumedFrom() != null) {
            m.put("resumed_from", control.resumedFrom().position());
        }
        Provenance.of(context.engine())
                .toMap()
                .forEach(
                        (k, v) -> {
                            if (!k.equals("engine") && !k.equals("engine_version")) {
                                m.put(k, v);
                            }
                        });
        return m;
    }
}
