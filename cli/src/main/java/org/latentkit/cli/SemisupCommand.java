package org.latentkit.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.semisup.FeatureClassifier;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.semisup.LabelsCurve;
import org.latentkit.trainers.semisup.SemiSupervised;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentkit semisup}: pretrain without labels, classify with few, compare with pixels. */
@Command(
        name = "semisup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Semi-supervised learning (seed 003): pretrain an autoencoder on the unlabelled "
                        + "images, train a 20-100-10 classifier on its code with N labels, and report test "
                        + "accuracy next to the 784-100-10 classifier on pixels with the same N labels.")
final class SemisupCommand extends RunCommand {

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
                            + "labels_curve.csv and labels_curve.png.")
    String curve;

    @Option(
            names = "--label-choice",
            paramLabel = "NAME",
            defaultValue = "first",
            description =
                    "first (the first N training images, as the seed did) or stratified "
                            + "(class-balanced random N) (default: ${DEFAULT-VALUE}).")
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
                    "Reuse a saved autoencoder (a semisup or autoencode run's model directory) "
                            + "instead of pretraining.")
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
            defaultValue = "100",
            description = "Classifier's maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "32",
            description = "Classifier's batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "X",
            defaultValue = "0.001",
            description = "Classifier's Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--patience",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Classifier's early stopping patience on validation accuracy (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--validation",
            paramLabel = "N",
            defaultValue = "1000",
            description =
                    "Hold out the last N training images for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Override
    int execute() {
        RunConfig config = runConfig(epochs, batchSize);
        SemiSupervised.Features kind = SemiSupervised.Features.parse(features);
        SemiSupervised.LabelChoice choice = SemiSupervised.LabelChoice.parse(labelChoice);
        FeatureClassifier.Encoder mode = parseEncoder(encoder);
        int[] curveLabels = curve == null ? new int[0] : parseList(curve);
        SemiSupervised.HeadOptions head =
                new SemiSupervised.HeadOptions(
                        lr,
                        config.epochs(),
                        config.batchSize(),
                        patience,
                        mode,
                        standardize,
                        config.seed(),
                        common.maxBatches);
        ReconstructionTrainer.Options pre =
                new ReconstructionTrainer.Options(
                        OptimizerKind.ADAM,
                        pretrainLr,
                        pretrainEpochs,
                        pretrainBatchSize,
                        pretrainPatience,
                        Normalization.UNIT,
                        config.seed(),
                        common.maxBatches);
        DataLocator.TrainTest data = loadData();
        SemiSupervised.Data d = SemiSupervised.Data.of(data, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("features", kind.id());
        settings.put("labels", labels);
        settings.put("curve", curve);
        settings.put("label_choice", choice.id());
        settings.put("encoder", encoder);
        settings.put("standardize", standardize);
        settings.put("pretrained", pretrained == null ? null : pretrained.toString());
        settings.put("latent", latent);
        settings.put("pretrain_epochs", pretrainEpochs);
        settings.put("pretrain_batch_size", pretrainBatchSize);
        settings.put("pretrain_lr", pretrainLr);
        settings.put("pretrain_patience", pretrainPatience);
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
                pretrained != null
                        ? SemiSupervised.Pretrained.load(pretrained, context)
                        : pipeline.pretrain(
                                kind,
                                latent,
                                d,
                                pre,
                                ProgressBar.onStderr("val_loss"),
                                kind == SemiSupervised.Features.PIXELS ? null : run.file("model"));
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
        m.put("features", p.features().id());
        m.put("encoder", mode == FeatureClassifier.Encoder.FROZEN ? "frozen" : "fine-tuned");
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
            LabelsCurve.write(cs, name, run.file("labels_curve.csv"), run.file("labels_curve.png"));
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
            err().println();
            err().print(LabelsCurve.markdown(cs, name));
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

    static FeatureClassifier.Encoder parseEncoder(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "frozen" -> FeatureClassifier.Encoder.FROZEN;
            case "fine-tuned", "finetuned", "fine-tune" -> FeatureClassifier.Encoder.FINE_TUNED;
            default ->
                    throw new InvalidInputException(
                            "encoder: unknown mode '" + text + "' (valid: frozen, fine-tuned)");
        };
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
