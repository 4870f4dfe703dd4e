package org.latentkit.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BetaSchedule;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.Binarization;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.vae.BetaStepper;
import org.latentkit.trainers.vae.VaeEvaluation;
import org.latentkit.trainers.vae.VaeFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latentkit vae}: train a dense VAE, report the test −ELBO, save the model and the figures.
 */
@Command(
        name = "vae",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Train a variational autoencoder (seeds 002/003); report the test negative ELBO "
                        + "in nats per image, save the model and the figures.")
final class VaeCommand extends TrainingCommand implements CommandDefaults {

    @Mixin TrainOptions train;

    @Mixin VaeModelOptions model;

    /** {@inheritDoc} */
    @Override
    public Map<String, String> defaults() {
        return Map.of("--batch-size", "128", "--validation", "0");
    }

    @Option(
            names = "--patience",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Early stopping patience with --validation; 0 = never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--lr-schedule",
            paramLabel = "NAME",
            defaultValue = "constant",
            description =
                    "constant, or cosine annealing to 0 over --epochs (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(
            names = "--evaluate",
            paramLabel = "NAME",
            defaultValue = "elbo",
            description =
                    "elbo (one-sample test -ELBO), or iw: also the importance-weighted bound of "
                            + "Burda et al. 2015 with --samples K, test_iw_bound in metrics.json "
                            + "(default: ${DEFAULT-VALUE}).")
    String evaluate;

    @Option(
            names = "--samples",
            paramLabel = "K",
            defaultValue = "100",
            description =
                    "Posterior samples per test image for --evaluate iw (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--binarize",
            paramLabel = "NAME",
            defaultValue = "none",
            description =
                    "none, or dynamic: every training batch redrawn as pixel ~ Bernoulli(intensity) "
                            + "from the run's seed, the test set binarised once (default: ${DEFAULT-VALUE}).")
    String binarize;

    @Option(
            names = "--train-samples",
            paramLabel = "S",
            defaultValue = "1",
            description =
                    "Codes drawn per training image: the encoder runs once, the decoder on all S, "
                            + "and the loss averages them (a lower-variance ELBO gradient; the test "
                            + "-ELBO is unchanged) (default: ${DEFAULT-VALUE}).")
    int trainSamples;

    /** Trains and evaluates without labels: an image folder without class folders will do. */
    @Override
    boolean needsLabels() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        boolean iw = evaluation(evaluate, samples);
        Binarization.Mode binarization = Binarization.Mode.parse(binarize);
        DataLocator.TrainTest data = loadData();
        Split split =
                binarized(
                        CommandSupport.split(data, train.validation, null, config.seed()),
                        binarization,
                        config.seed());
        ReconstructionTrainer.Options options =
                train.reconstruction(config, patience, common.maxBatches)
                        .optSchedule(LrSchedule.parse(lrSchedule))
                        .build();
        long stepsPerEpoch = split.train().size() / config.batchSize();
        if (common.maxBatches > 0) {
            stepsPerEpoch = Math.min(stepsPerEpoch, common.maxBatches);
        }
        BetaSchedule schedule = model.schedule(stepsPerEpoch, config.epochs());
        ElboLoss loss = model.elbo(schedule);
        VaeExpert vae =
                VaeExpert.builder()
                        .setLatent(model.latent)
                        .optLayers(CommandSupport.parseLayers(model.layers))
                        .optActivation(ActivationKind.parse(model.activation))
                        .optTrainingSamples(trainSamples)
                        .build();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("latent", model.latent);
        settings.put("layers", model.layers);
        settings.put("activation", model.activation);
        settings.put("likelihood", loss.likelihood().id());
        settings.put("sigma", model.sigma);
        settings.put("beta_schedule", schedule.describe());
        settings.put("optimizer", train.optimizer);
        settings.put("lr", train.lr);
        settings.put("lr_schedule", options.schedule().id());
        settings.put("validation", train.validation);
        settings.put("patience", patience);
        settings.put("evaluate", evaluate.toLowerCase(Locale.ROOT));
        if (iw) {
            settings.put("iw_samples", samples);
        }
        settings.put("binarize", binarization.id());
        if (trainSamples != 1) {
            settings.put("train_samples", trainSamples); // absent at 1, as in runs made before it
        }
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        err().printf(
                        Locale.ROOT,
                        "vae 784-%s-%d %s, beta %s on %s: %d train / %d test, %s %s%n",
                        model.layers,
                        model.latent,
                        loss.likelihood().id(),
                        schedule.describe(),
                        data.dataset(),
                        split.train().size(),
                        split.test().size(),
                        context.engineName(),
                        context.deviceName());
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(context)
                        .optTransform(Binarization.transform(binarization))
                        .fit(
                                vae,
                                vae.descriptor(),
                                loss,
                                loss.evaluation(),
                                split,
                                options,
                                control(new BetaStepper(loss, ProgressBar.onStderr("val_elbo"))))) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("task", "vae");
            meta.put("normalization", Normalization.UNIT.id());
            meta.put("likelihood", loss.likelihood().id());
            meta.put("sigma", Float.toString(model.sigma));
            meta.put("dataset", data.dataset().id());
            ModelStore.save(t.model(), t.descriptor(), meta, run.file("model"));
            context.seed(config.seed());
            VaeEvaluation e =
                    VaeEvaluation.of(
                            t.model(), split.test(), Normalization.UNIT, loss.evaluation());
            Map<String, Object> m = baseMetrics(context, data);
            m.putAll(e.metrics());
            VaeEvaluation.IwBound bound = null;
            if (iw) {
                context.seed(config.seed());
                bound =
                        VaeEvaluation.importanceWeighted(
                                t.model(), split.test(), Normalization.UNIT, loss, samples);
                m.putAll(bound.metrics());
            }
            m.put("binarize", binarization.id());
            m.put("latent", model.latent);
            m.put("layers", model.layers);
            m.put("epochs_run", t.fit().epochsRun());
            m.put("final_train_loss", t.fit().history().get(t.fit().epochsRun() - 1).trainLoss());
            m.put("train_seconds", t.fit().trainSeconds());
            m.put("samples_per_second", t.fit().samplesPerSecond());
            writeHistory(run, t.fit().history(), train.validation > 0 ? "validation_elbo" : null);
            if (model.figures) {
                context.seed(config.seed());
                m.put(
                        "figures",
                        VaeFigures.writeAll(
                                t.model(),
                                e,
                                run.dir(),
                                String.format(
                                        Locale.ROOT, "VAE 784-%s-%d", model.layers, model.latent)));
            }
            writeResult(m, "test_elbo", MAX_PLAUSIBLE_ELBO);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "test -ELBO %.2f nats (reconstruction %.2f + KL %.2f)%s, %d epochs, %.0f samples/s -> %s%n",
                            e.testElbo(),
                            e.reconstruction(),
                            e.kl(),
                            bound == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            ", -IW bound (K=%d) %.2f nats",
                                            bound.samples(),
                                            bound.bound()),
                            t.fit().epochsRun(),
                            t.fit().samplesPerSecond(),
                            run.dir());
        }
        return 0;
    }

    /**
     * Checks {@code --evaluate} and {@code --samples}.
     *
     * @return whether the importance-weighted bound is wanted
     */
    static boolean evaluation(String kind, int samples) {
        boolean iw =
                switch (kind.toLowerCase(Locale.ROOT)) {
                    case "elbo" -> false;
                    case "iw" -> true;
                    default ->
                            throw new InvalidInputException(
                                    "evaluate: unknown evaluation '"
                                            + kind
                                            + "' (valid: elbo, iw)");
                };
        if (iw && samples < 1) {
            throw new InvalidInputException("samples: must be a positive number, got " + samples);
        }
        return iw;
    }

    /**
     * The split with its validation and test sets binarised once, for {@code --binarize dynamic}.
     */
    static Split binarized(Split split, Binarization.Mode mode, long seed) {
        if (mode == Binarization.Mode.NONE) {
            return split;
        }
        // Seed-derived, distinct from the training stream: the same seed gives the same test set.
        return new Split(
                split.train(),
                Binarization.fixed(split.validation(), seed ^ 0x5EED_0001L),
                Binarization.fixed(split.test(), seed ^ 0x5EED_0002L));
    }
}
