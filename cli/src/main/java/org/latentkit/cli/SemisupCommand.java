package org.latentkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.semisup.FeatureClassifier;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.FitHooks;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.semisup.FixMatch;
import org.latentkit.trainers.semisup.LabelsCurve;
import org.latentkit.trainers.semisup.SemiSupervised;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latentkit semisup}: learn from few labels and many unlabelled images, compare with pixels.
 */
@Command(
        name = "semisup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Semi-supervised learning (seed 003) with N labelled images and the rest unlabelled, "
                        + "reported next to the 784-100-10 classifier on pixels with the same N labels. The "
                        + "default method, fixmatch, trains one classifier with FixMatch (Sohn et al. 2020: "
                        + "confident pseudo-labels of weakly augmented unlabelled images taught on strongly "
                        + "augmented ones), with checkpoints and --resume. --method autoencoder runs seed "
                        + "003's pipeline: pretrain an autoencoder on the unlabelled images, then train a "
                        + "20-100-10 classifier on its code.")
final class SemisupCommand extends RunCommand implements CommandDefaults {

    /** The classifier's defaults: {@link SemiSupervised.HeadOptions#defaults()}. */
    @Override
    public Map<String, String> defaults() {
        SemiSupervised.HeadOptions d = SemiSupervised.HeadOptions.defaults();
        return Map.of(
                "--epochs", Integer.toString(d.epochs()),
                "--batch-size", Integer.toString(d.batchSize()),
                "--lr", Float.toString(d.learningRate()),
                "--patience", Integer.toString(d.patience()));
    }

    /** Checkpoint and resume flags; only {@code --method fixmatch} checkpoints. */
    @Mixin CheckpointOptions checkpoints;

    @Option(
            names = "--method",
            paramLabel = "NAME",
            defaultValue = "fixmatch",
            description =
                    "fixmatch (one classifier trained on the labelled and the unlabelled images) or "
                            + "autoencoder (pretrain, then classify its code: seed 003's pipeline) "
                            + "(default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--features",
            paramLabel = "NAME",
            defaultValue = "conv-ae",
            description =
                    "conv-ae, conv-vae (embeds with the posterior mean), dense-ae or pixels "
                            + "(default: ${DEFAULT-VALUE}).")
    String features;

    @Option(
            names = "--labels",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Labelled training images (default: ${DEFAULT-VALUE}).")
    int labels;

    @Option(
            names = "--curve",
            paramLabel = "N,N,...",
            description =
                    "Also run a labels curve at these Ns (for example 100,250,600,1000,2000,3000): "
                            + "labels_curve.csv, labels_curve.md and labels_curve.png. With fixmatch the "
                            + "curve has three columns: fixmatch, the --features autoencoder's classifier "
                            + "and pixels, on the same N images.")
    String curve;

    @Option(
            names = "--label-choice",
            paramLabel = "NAME",
            defaultValue = "stratified",
            description =
                    "stratified (class-balanced, drawn from --seed) or first (the first N training "
                            + "images, as the seed did) (default: ${DEFAULT-VALUE}).")
    String labelChoice;

    @Option(
            names = "--encoder",
            paramLabel = "NAME",
            defaultValue = "frozen",
            description =
                    "frozen (only the classifier learns, as the seed did) or fine-tuned (the "
                            + "pretrained encoder learns from the labels too) (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(
            names = "--standardize",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Standardise the pretrained code per dimension (mean and deviation over the "
                            + "unlabelled images) before the classifier; the seed fed the raw code (default: ${DEFAULT-VALUE}).")
    boolean standardize;

    @Option(
            names = "--pretrained",
            paramLabel = "DIR",
            description =
                    "Reuse a saved autoencoder (a semisup or autoencode run's model directory, or "
                            + "a fixmatch curve's autoencoder directory) instead of pretraining.")
    Path pretrained;

    @Option(
            names = "--latent",
            paramLabel = "N",
            defaultValue = "20",
            description = "Code size of the autoencoder (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(
            names = "--pretrain-epochs",
            paramLabel = "N",
            defaultValue = "20",
            description = "Maximum pretraining epochs (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(
            names = "--pretrain-batch-size",
            paramLabel = "N",
            defaultValue = "100",
            description = "Pretraining batch size (default: ${DEFAULT-VALUE}, the seed's).")
    int pretrainBatchSize;

    @Option(
            names = "--pretrain-lr",
            paramLabel = "X",
            defaultValue = "0.001",
            description = "Pretraining Adam learning rate (default: ${DEFAULT-VALUE}).")
    float pretrainLr;

    @Option(
            names = "--pretrain-patience",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Pretraining early stopping patience on validation loss (default: ${DEFAULT-VALUE}).")
    int pretrainPatience;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description =
                    "autoencoder: the classifier's maximum epochs (default: ${DEFAULT-VALUE}); "
                            + "fixmatch: passes over the unlabelled images (fixmatch default "
                            + FIXMATCH_EPOCHS
                            + ").")
    int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description =
                    "autoencoder: the classifier's batch size (default: ${DEFAULT-VALUE}); fixmatch: "
                            + "labelled images per step (fixmatch default "
                            + FIXMATCH_BATCH
                            + ").")
    int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "X",
            description =
                    "autoencoder: the classifier's Adam learning rate (default: ${DEFAULT-VALUE}); "
                            + "fixmatch: Adam's base rate, decayed to 0 on a cosine (fixmatch default "
                            + FIXMATCH_LR
                            + ").")
    float lr;

    @Option(
            names = "--patience",
            paramLabel = "N",
            description =
                    "autoencoder: the classifier's early stopping patience on validation accuracy "
                            + "(default: ${DEFAULT-VALUE}); fixmatch keeps the best epoch either way (fixmatch default "
                            + FIXMATCH_PATIENCE
                            + ": every epoch runs).")
    int patience;

    // FixMatch's defaults for the shared classifier flags, as compile-time text for --help; a test
    // checks them against FixMatch.Options.defaults().
    static final String FIXMATCH_EPOCHS = "4";
    static final String FIXMATCH_BATCH = "64";
    static final String FIXMATCH_LR = "0.001";
    static final String FIXMATCH_PATIENCE = "0";

    @Option(
            names = "--arch",
            paramLabel = "NAME",
            defaultValue = "lenet-deep",
            description =
                    "fixmatch: the classifier, lenet-classic, lenet-deep, mlp or convnet (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--threshold",
            paramLabel = "TAU",
            defaultValue = "0.95",
            description =
                    "fixmatch: confidence a weak view's prediction needs to become a pseudo-label, in (0, 1] "
                            + "(default: ${DEFAULT-VALUE}).")
    float threshold;

    @Option(
            names = "--unlabelled-ratio",
            paramLabel = "MU",
            defaultValue = "3",
            description =
                    "fixmatch: unlabelled images per labelled image in a step, 1 or more (default: ${DEFAULT-VALUE}).")
    int unlabelledRatio;

    @Option(
            names = "--unlabelled-weight",
            paramLabel = "LAMBDA",
            defaultValue = "1",
            description =
                    "fixmatch: weight of the unlabelled (pseudo-label) term of the loss (default: ${DEFAULT-VALUE}).")
    float unlabelledWeight;

    @Option(
            names = "--validation",
            paramLabel = "N",
            defaultValue = "1000",
            description =
                    "Hold out the last N training images for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    /** {@inheritDoc} Only {@code --method fixmatch} trains through the checkpointing loop. */
    @Override
    CheckpointOptions checkpointing() {
        return isFixMatch() ? checkpoints : null;
    }

    private boolean isFixMatch() {
        return SemiSupervised.Method.parse(method) == SemiSupervised.Method.FIXMATCH;
    }

    /** {@inheritDoc} */
    @Override
    int execute() {
        SemiSupervised.Method m = SemiSupervised.Method.parse(method);
        FixMatch.Options fixmatch = fixMatchOptions(m == SemiSupervised.Method.FIXMATCH);
        if (m == SemiSupervised.Method.FIXMATCH) {
            return executeFixMatch(fixmatch);
        }
        if (checkpoints.resume != null) {
            throw new InvalidInputException(
                    "resume: semisup checkpoints only with --method fixmatch");
        }
        return executeAutoencoder();
    }

    /**
     * Returns FixMatch's options from the flags; {@code --epochs}, {@code --batch-size}, {@code
     * --lr} and {@code --patience} count only for fixmatch and when given, or the options' defaults
     * stand. They are built for either method, so that a bad fixmatch flag is refused before any
     * work.
     */
    private FixMatch.Options fixMatchOptions(boolean fixmatch) {
        FixMatch.Options.Builder b =
                FixMatch.Options.builder()
                        .optArchitecture(Architecture.parse(arch))
                        .optThreshold(threshold)
                        .optUnlabelledRatio(unlabelledRatio)
                        .optUnlabelledWeight(unlabelledWeight)
                        .optSeed(common.seed)
                        .optMaxBatches(common.maxBatches);
        if (fixmatch && given("--epochs")) {
            b.optEpochs(epochs);
        }
        if (fixmatch && given("--batch-size")) {
            b.optBatchSize(batchSize);
        }
        if (fixmatch && given("--lr")) {
            b.optLearningRate(lr);
        }
        if (fixmatch && given("--patience")) {
            b.optPatience(patience);
        }
        return b.build();
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private int executeFixMatch(FixMatch.Options options) {
        int[] curveLabels = curve == null ? new int[0] : parseList(curve);
        SemiSupervised.Features kind = SemiSupervised.Features.parse(features);
        if (pretrained != null && curveLabels.length == 0) {
            throw new InvalidInputException(
                    "pretrained: --method fixmatch uses it only for a --curve's autoencoder column");
        }
        if (curveLabels.length > 0 && checkpoints.resume != null) {
            throw new InvalidInputException(
                    "resume: a --curve run cannot be resumed; its finished points are in labels_curve.csv");
        }
        RunConfig config = runConfig(options.epochs(), options.labelledBatch());
        SemiSupervised.LabelChoice choice = SemiSupervised.LabelChoice.parse(labelChoice);
        DataLocator.TrainTest data = loadData();
        SemiSupervised.Data d = SemiSupervised.Data.of(data, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("method", SemiSupervised.Method.FIXMATCH.id());
        settings.put("labels", labels);
        settings.put("label_choice", choice.id());
        settings.put("arch", options.architecture().id());
        settings.put("threshold", options.threshold());
        settings.put("unlabelled_ratio", options.unlabelledRatio());
        settings.put("unlabelled_weight", options.unlabelledWeight());
        settings.put("weak_augment", options.weak().toSpec());
        settings.put("strong_augment", options.strong().toSpec());
        settings.put("cutout", options.cutout());
        settings.put("optimizer", options.optimizer().id());
        settings.put("lr_schedule", options.schedule().id());
        settings.put("lr", options.learningRate());
        settings.put("patience", options.patience());
        settings.put("validation", validation);
        if (curveLabels.length > 0) {
            settings.put("curve", curve);
            settings.put("features", kind.id());
            settings.putAll(pretrainSettings());
        }
        RunDirectory run = openRun(config, settings);
        DigitSet labelled = d.labelled(labels, choice, config.seed());
        EngineContext context = EngineContext.of(config.engine(), config.device());
        err().printf(
                        Locale.ROOT,
                        "semisup fixmatch (%s) on %s: %d labelled of %d unlabelled / %d validation / %d test, "
                                + "%d + %d images per step, %s %s%n",
                        options.architecture().id(),
                        data.dataset(),
                        labelled.size(),
                        d.unlabelled().size(),
                        d.validation().size(),
                        d.test().size(),
                        options.labelledBatch(),
                        options.unlabelledBatch(),
                        context.engineName(),
                        context.deviceName());
        long start = System.nanoTime();
        FixMatch.Result r;
        try (FixMatch.Trained t =
                new FixMatch(context)
                        .fit(d, labelled, options, control(ProgressBar.onStderr("val_acc")))) {
            r = t.result();
            ModelStore.save(
                    t.model(),
                    t.descriptor(),
                    Map.of(
                            "task",
                            "classify",
                            "normalization",
                            Normalization.UNIT.id(),
                            "dataset",
                            data.dataset().id(),
                            "method",
                            SemiSupervised.Method.FIXMATCH.id(),
                            "labels",
                            Integer.toString(labelled.size())),
                    run.file("model"));
        }
        double fixmatchSeconds = (System.nanoTime() - start) / 1e9;
        SemiSupervised.Result pixels =
                new SemiSupervised(context)
                        .classify(
                                SemiSupervised.Pretrained.pixels(),
                                labelled,
                                d,
                                SemiSupervised.HeadOptions.builder()
                                        .optSeed(config.seed())
                                        .optMaxBatches(common.maxBatches)
                                        .build(),
                                ProgressBar.onStderr("val_acc"));
        Map<String, Object> m = baseMetrics(context, data);
        m.put("method", SemiSupervised.Method.FIXMATCH.id());
        m.put("arch", options.architecture().id());
        m.put("labels", labels);
        m.put("label_choice", choice.id());
        m.put("test_accuracy", r.testAccuracy());
        m.put("baseline_accuracy", pixels.testAccuracy());
        m.put("baseline", "pixels, FC 784-100-10 relu, same labels, seed 003's training");
        m.put("validation_accuracy", r.validationAccuracy());
        m.put("mask_rate", r.maskRate());
        m.put("epochs_run", r.fit().epochsRun());
        m.put("best_epoch", r.fit().bestEpoch());
        m.put("fixmatch_seconds", fixmatchSeconds);
        writeHistory(run, r.fit().history(), "validation_accuracy");
        if (curveLabels.length > 0) {
            m.put(
                    "labels_curve",
                    fixMatchCurve(curveLabels, kind, d, choice, options, r, context, run, config));
        }
        m.put("seconds", (System.nanoTime() - start) / 1e9);
        run.writeMetrics(m);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "test accuracy %.2f%% with %d labels (fixmatch, %s, mask rate %.2f) vs %.2f%% on pixels, %s %s -> %s%n",
                        100 * r.testAccuracy(),
                        labels,
                        options.architecture().id(),
                        r.maskRate(),
                        100 * pixels.testAccuracy(),
                        context.engineName(),
                        context.deviceName(),
                        run.dir());
        return 0;
    }

    private int executeAutoencoder() {
        RunConfig config = runConfig(epochs, batchSize);
        SemiSupervised.Features kind = SemiSupervised.Features.parse(features);
        SemiSupervised.LabelChoice choice = SemiSupervised.LabelChoice.parse(labelChoice);
        FeatureClassifier.Encoder mode = FeatureClassifier.Encoder.parse(encoder);
        int[] curveLabels = curve == null ? new int[0] : parseList(curve);
        SemiSupervised.HeadOptions head =
                SemiSupervised.HeadOptions.builder()
                        .optLearningRate(lr)
                        .optEpochs(config.epochs())
                        .optBatchSize(config.batchSize())
                        .optPatience(patience)
                        .optEncoder(mode)
                        .optStandardize(standardize)
                        .optSeed(config.seed())
                        .optMaxBatches(common.maxBatches)
                        .build();
        ReconstructionTrainer.Options pre = pretrainOptions(config.seed());
        DataLocator.TrainTest data = loadData();
        SemiSupervised.Data d = SemiSupervised.Data.of(data, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("method", SemiSupervised.Method.AUTOENCODER.id());
        settings.put("features", kind.id());
        settings.put("labels", labels);
        settings.put("curve", curve);
        settings.put("label_choice", choice.id());
        settings.put("encoder", encoder);
        settings.put("standardize", standardize);
        settings.putAll(pretrainSettings());
        settings.put("lr", lr);
        settings.put("patience", patience);
        settings.put("validation", validation);
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        SemiSupervised pipeline = new SemiSupervised(context);
        err().printf(
                        Locale.ROOT,
                        "semisup %s on %s: %d unlabelled / %d validation / %d test, %s %s%n",
                        kind.id(),
                        data.dataset(),
                        d.unlabelled().size(),
                        d.validation().size(),
                        d.test().size(),
                        context.engineName(),
                        context.deviceName());
        long start = System.nanoTime();
        SemiSupervised.Pretrained p =
                pretrained(pipeline, kind, d, pre, context, run.file("model"));
        double pretrainSeconds = (System.nanoTime() - start) / 1e9;
        SemiSupervised.Comparison c =
                pipeline.compare(
                        p,
                        d,
                        labels,
                        choice,
                        head,
                        ProgressBar.onStderr("val_acc"),
                        run.file("head"));
        Map<String, Object> m = baseMetrics(context, data);
        m.put("method", SemiSupervised.Method.AUTOENCODER.id());
        m.put("features", p.features().id());
        m.put("encoder", mode.id());
        m.put("labels", labels);
        m.put("label_choice", choice.id());
        m.put("test_accuracy", c.features().testAccuracy());
        m.put("baseline_accuracy", c.pixels().testAccuracy());
        m.put("baseline", "pixels, FC 784-100-10 relu, same labels and training");
        m.put("validation_accuracy", c.features().validationAccuracy());
        m.put("classifier_epochs_run", c.features().epochsRun());
        if (p.fit() != null) {
            m.put("pretrain_epochs_run", p.fit().epochsRun());
            m.put("pretrain_best_epoch", p.fit().bestEpoch());
            m.put("pretrain_best_validation_loss", p.fit().bestScore());
            m.put("pretrain_seconds", pretrainSeconds);
            writeHistory(run, p.fit().history(), "validation_loss");
        }
        if (curveLabels.length > 0) {
            List<SemiSupervised.Comparison> cs =
                    pipeline.curve(
                            p, d, curveLabels, choice, head, ProgressBar.onStderr("val_acc"));
            String name =
                    p.features().id()
                            + (mode == FeatureClassifier.Encoder.FINE_TUNED ? " (fine-tuned)" : "");
            Map<String, Object> table = new LinkedHashMap<>();
            for (SemiSupervised.Comparison x : cs) {
                table.put(
                        Integer.toString(x.labels()),
                        Map.of(
                                "test_accuracy",
                                x.features().testAccuracy(),
                                "baseline_accuracy",
                                x.pixels().testAccuracy()));
            }
            m.put("labels_curve", table);
            writeCurve(run, LabelsCurve.labels(cs), curveSeries(cs, name));
        }
        m.put("seconds", (System.nanoTime() - start) / 1e9);
        run.writeMetrics(m);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "test accuracy %.2f%% with %d labels (%s features, %s encoder) vs %.2f%% on pixels, %s %s -> %s%n",
                        100 * c.features().testAccuracy(),
                        labels,
                        p.features().id(),
                        m.get("encoder"),
                        100 * c.pixels().testAccuracy(),
                        context.engineName(),
                        context.deviceName(),
                        run.dir());
        return 0;
    }

    /**
     * Runs a fixmatch labels curve: at each N, FixMatch (the headline run's result at N = {@code
     * --labels}), the {@code --features} autoencoder's classifier and pixels, all on the same N
     * images. The table is rewritten after every N, so an interrupted curve keeps its finished
     * points.
     *
     * @return the curve for metrics.json: per N, each method's test accuracy
     */
    private Map<String, Object> fixMatchCurve(
            int[] ns,
            SemiSupervised.Features kind,
            SemiSupervised.Data d,
            SemiSupervised.LabelChoice choice,
            FixMatch.Options options,
            FixMatch.Result headline,
            EngineContext context,
            RunDirectory run,
            RunConfig config) {
        SemiSupervised pipeline = new SemiSupervised(context);
        SemiSupervised.Pretrained p =
                pretrained(
                        pipeline,
                        kind,
                        d,
                        pretrainOptions(config.seed()),
                        context,
                        run.file("autoencoder"));
        SemiSupervised.HeadOptions head =
                SemiSupervised.HeadOptions.builder()
                        .optSeed(config.seed())
                        .optMaxBatches(common.maxBatches)
                        .build();
        List<SemiSupervised.Comparison> cs = new ArrayList<>();
        List<Double> fm = new ArrayList<>();
        Map<String, Object> table = new LinkedHashMap<>();
        for (int n : ns) {
            SemiSupervised.Comparison c =
                    pipeline.compare(p, d, n, choice, head, ProgressBar.onStderr("val_acc"));
            double acc;
            if (n == labels) {
                acc = headline.testAccuracy();
            } else {
                err().printf(Locale.ROOT, "labels curve: fixmatch with %d labels%n", n);
                try (FixMatch.Trained t =
                        new FixMatch(context)
                                .fit(
                                        d,
                                        d.labelled(n, choice, config.seed()),
                                        options,
                                        FitHooks.of(ProgressBar.onStderr("val_acc")))) {
                    acc = t.result().testAccuracy();
                }
            }
            cs.add(c);
            fm.add(acc);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("fixmatch_accuracy", acc);
            if (c.features() != c.pixels()) {
                point.put(p.features().id() + "_accuracy", c.features().testAccuracy());
            }
            point.put("pixels_accuracy", c.pixels().testAccuracy());
            table.put(Integer.toString(n), point);
            List<LabelsCurve.Series> series = new ArrayList<>();
            series.add(
                    new LabelsCurve.Series(
                            "fixmatch",
                            "FixMatch, " + options.architecture().id(),
                            fm.stream().mapToDouble(Double::doubleValue).toArray()));
            series.addAll(curveSeries(cs, p.features().id()));
            writeCurve(run, LabelsCurve.labels(cs), series);
        }
        return table;
    }

    /** The autoencoder curve's series: the features and pixels, or pixels alone. */
    private static List<LabelsCurve.Series> curveSeries(
            List<SemiSupervised.Comparison> cs, String name) {
        return cs.get(0).features() == cs.get(0).pixels()
                ? List.of(LabelsCurve.pixels(cs))
                : LabelsCurve.of(cs, name);
    }

    private void writeCurve(RunDirectory run, int[] ns, List<LabelsCurve.Series> series) {
        LabelsCurve.write(ns, series, run.file("labels_curve.csv"), run.file("labels_curve.png"));
        String md = LabelsCurve.markdown(ns, series);
        AtomicFiles.writeString(run.file("labels_curve.md"), md);
        err().println();
        err().print(md);
    }

    /** The autoencoder's pretraining options, from the {@code --pretrain-*} flags. */
    private ReconstructionTrainer.Options pretrainOptions(long seed) {
        return ReconstructionTrainer.Options.builder()
                .optOptimizer(OptimizerKind.ADAM)
                .optLearningRate(pretrainLr)
                .optEpochs(pretrainEpochs)
                .optBatchSize(pretrainBatchSize)
                .optPatience(pretrainPatience)
                .optNormalization(Normalization.UNIT)
                .optSeed(seed)
                .optMaxBatches(common.maxBatches)
                .build();
    }

    private Map<String, Object> pretrainSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pretrained", pretrained == null ? null : pretrained.toString());
        settings.put("latent", latent);
        settings.put("pretrain_epochs", pretrainEpochs);
        settings.put("pretrain_batch_size", pretrainBatchSize);
        settings.put("pretrain_lr", pretrainLr);
        settings.put("pretrain_patience", pretrainPatience);
        return settings;
    }

    /** Loads {@code --pretrained}, or pretrains the features and saves them into {@code saveTo}. */
    private SemiSupervised.Pretrained pretrained(
            SemiSupervised pipeline,
            SemiSupervised.Features kind,
            SemiSupervised.Data d,
            ReconstructionTrainer.Options pre,
            EngineContext context,
            Path saveTo) {
        if (pretrained != null) {
            return SemiSupervised.Pretrained.load(pretrained, context);
        }
        return pipeline.pretrain(
                kind,
                latent,
                d,
                pre,
                ProgressBar.onStderr("val_loss"),
                kind == SemiSupervised.Features.PIXELS ? null : saveTo);
    }

    static int[] parseList(String text) {
        try {
            int[] v =
                    Arrays.stream(text.split(","))
                            .map(String::trim)
                            .mapToInt(Integer::parseInt)
                            .toArray();
            if (v.length == 0 || Arrays.stream(v).anyMatch(x -> x <= 0)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "curve: expected positive integers separated by commas, got '" + text + "'");
        }
    }
}
