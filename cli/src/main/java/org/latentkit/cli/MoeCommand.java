package org.latentkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.losses.BetaSchedule;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.mixture.MixtureEvaluation;
import org.latentkit.trainers.mixture.MixtureFigures;
import org.latentkit.trainers.mixture.MixtureTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latentkit moe}: train the unsupervised mixture of VAE experts, score its manager as a
 * clusterer.
 */
@Command(
        name = "moe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Train a mixture of VAE experts and a manager without labels (seed 002); report "
                        + "cluster accuracy, NMI, test -ELBO and expert usage; save the model and the figures.")
final class MoeCommand extends TrainingCommand implements CommandDefaults {

    @Mixin TrainOptions train;

    /** Seed 002's batch and expert shape; the {@link VaeModelOptions} defaults are vae's. */
    @Override
    public Map<String, String> defaults() {
        return Map.of(
                "--batch-size", "100",
                "--latent", "10",
                "--layers", "128",
                "--activation", "sigmoid",
                "--likelihood", "gaussian");
    }

    @Option(
            names = "--experts",
            paramLabel = "K",
            defaultValue = "10",
            description = "Number of VAE experts (default: ${DEFAULT-VALUE}).")
    int experts;

    @Mixin VaeModelOptions model;

    @Option(
            names = "--manager-layers",
            paramLabel = "N,N,...",
            defaultValue = "128",
            description = "Manager's hidden layers (default: ${DEFAULT-VALUE}).")
    String managerLayers;

    @Option(
            names = "--manager-activation",
            paramLabel = "NAME",
            defaultValue = "sigmoid",
            description = "Manager's hidden activation (default: ${DEFAULT-VALUE}).")
    String managerActivation;

    @Option(
            names = "--balance",
            paramLabel = "W",
            defaultValue = "0.1",
            description = "Weight of the balancing term (default: ${DEFAULT-VALUE}).")
    float balance;

    @Option(
            names = "--balance-kind",
            paramLabel = "NAME",
            defaultValue = "variance",
            description =
                    "variance of the importance sums (seed 002) or cv-squared (MoE paper) (default: ${DEFAULT-VALUE}).")
    String balanceKind;

    @Option(
            names = "--balance-final",
            paramLabel = "W",
            description =
                    "Decay the balancing weight linearly to W by the last epoch (default: constant).")
    Double balanceFinal;

    @Option(
            names = "--evaluation",
            paramLabel = "NAME",
            defaultValue = "batched",
            description =
                    "Experts as one batched computation or a Java loop (reference) (default: ${DEFAULT-VALUE}).")
    String evaluation;

    @Option(
            names = "--monitor",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Report the test cluster accuracy after every epoch (labels used for the report only) "
                            + "(default: ${DEFAULT-VALUE}).")
    boolean monitor;

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        DataLocator.TrainTest data = loadData();
        Split split = CommandSupport.split(data, train.validation, null, config.seed());
        MixtureTrainer.Options.Builder optionsBuilder =
                MixtureTrainer.Options.builder()
                        .optOptimizer(OptimizerKind.parse(train.optimizer))
                        .optLearningRate(train.lr)
                        .optEpochs(config.epochs())
                        .optBatchSize(config.batchSize())
                        .optNormalization(Normalization.UNIT)
                        .optSeed(config.seed())
                        .optMaxBatches(common.maxBatches);
        if (balanceFinal != null) {
            optionsBuilder.optBalanceFinal(balanceFinal);
        }
        MixtureTrainer.Options options = optionsBuilder.build();
        long stepsPerEpoch = split.train().size() / config.batchSize();
        if (common.maxBatches > 0) {
            stepsPerEpoch = Math.min(stepsPerEpoch, common.maxBatches);
        }
        BetaSchedule schedule = model.schedule(stepsPerEpoch, config.epochs());
        ElboLoss elbo = model.elbo(schedule);
        MixtureOfExpertsLoss loss =
                MixtureOfExpertsLoss.builder()
                        .setExpertLoss(elbo)
                        .optWeight(balance)
                        .optBalance(MixtureOfExpertsLoss.Balance.parse(balanceKind))
                        .build();
        MixtureOfVaeExperts mix =
                MixtureOfVaeExperts.builder()
                        .setExperts(experts)
                        .setLatent(model.latent)
                        .optLayers(CommandSupport.parseLayers(model.layers))
                        .optActivation(ActivationKind.parse(model.activation))
                        .optManagerLayers(CommandSupport.parseLayers(managerLayers))
                        .optManagerActivation(ActivationKind.parse(managerActivation))
                        .optEvaluation(MixtureOfVaeExperts.Evaluation.parse(evaluation))
                        .build();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("experts", experts);
        settings.put("latent", model.latent);
        settings.put("layers", model.layers);
        settings.put("activation", model.activation);
        settings.put("manager_layers", managerLayers);
        settings.put("manager_activation", managerActivation);
        settings.put("likelihood", elbo.likelihood().id());
        settings.put("sigma", model.sigma);
        settings.put("balance", balance);
        settings.put("balance_kind", balanceKind);
        settings.put("balance_final", balanceFinal);
        settings.put("beta_schedule", schedule.describe());
        settings.put("optimizer", train.optimizer);
        settings.put("lr", train.lr);
        settings.put("validation", train.validation);
        settings.put("evaluation", mix.evaluation().id());
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        err().printf(
                        Locale.ROOT,
                        "moe %d experts 784-%s-%d %s, balance %s %s on %s: %d train / %d test, %s %s%n",
                        experts,
                        model.layers,
                        model.latent,
                        elbo.likelihood().id(),
                        balance,
                        balanceKind,
                        data.dataset(),
                        split.train().size(),
                        split.test().size(),
                        context.engineName(),
                        context.deviceName());
        try (MixtureTrainer.Trained t =
                new MixtureTrainer(context)
                        .fit(
                                mix,
                                loss,
                                split.train(),
                                monitor ? split.test() : null,
                                options,
                                control(ProgressBar.onStderr("val")))) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("task", "moe");
            meta.put("normalization", Normalization.UNIT.id());
            meta.put("likelihood", elbo.likelihood().id());
            meta.put("dataset", data.dataset().id());
            ModelStore.save(t.model(), t.descriptor(), meta, run.file("model"));
            context.seed(config.seed());
            MixtureEvaluation e =
                    MixtureEvaluation.of(t.model(), split.test(), Normalization.UNIT, elbo);
            Map<String, Object> m = baseMetrics(context, data);
            m.putAll(e.metrics());
            m.put("expert_usage", t.usage());
            m.put("monitor_cluster_accuracy", t.monitorAccuracy());
            m.put("epochs_run", t.fit().epochsRun());
            m.put("final_train_loss", t.fit().history().get(t.fit().epochsRun() - 1).trainLoss());
            m.put("train_seconds", t.fit().trainSeconds());
            m.put("samples_per_second", t.fit().samplesPerSecond());
            writeMixtureHistory(run, t);
            if (model.figures) {
                context.seed(config.seed());
                m.put(
                        "figures",
                        MixtureFigures.writeAll(
                                t.model(),
                                e,
                                t.usage(),
                                run.dir(),
                                String.format(Locale.ROOT, "%d VAE experts", experts)));
            }
            writeResult(m, "test_elbo", MAX_PLAUSIBLE_ELBO);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "cluster accuracy %.2f%%, NMI %.3f, test -ELBO %.2f nats, %d epochs, %.0f samples/s -> %s%n",
                            100 * e.clusterAccuracy(),
                            e.nmi(),
                            e.testElbo(),
                            t.fit().epochsRun(),
                            t.fit().samplesPerSecond(),
                            run.dir());
        }
        return 0;
    }

    private static void writeMixtureHistory(RunDirectory run, MixtureTrainer.Trained t) {
        int k = t.usage().isEmpty() ? 0 : t.usage().get(0).length;
        List<String> head =
                new ArrayList<>(List.of("epoch", "train_loss", "test_cluster_accuracy", "seconds"));
        for (int i = 0; i < k; i++) {
            head.add("usage_" + i);
        }
        StringBuilder csv = new StringBuilder(String.join(",", head)).append('\n');
        int epochs = t.fit().history().size();
        // A resumed run observed usage and accuracy only for the epochs it ran itself: align them
        // to
        // the last epochs and leave the earlier cells empty.
        int usageFrom = epochs - t.usage().size();
        int accuracyFrom = epochs - t.monitorAccuracy().size();
        for (int i = 0; i < epochs; i++) {
            EpochStats s = t.fit().history().get(i);
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.4f,%s,%.2f",
                            s.epoch(),
                            s.trainLoss(),
                            i >= accuracyFrom
                                    ? String.format(
                                            Locale.ROOT,
                                            "%.4f",
                                            t.monitorAccuracy().get(i - accuracyFrom))
                                    : "",
                            s.trainSeconds()));
            for (int j = 0; j < k; j++) {
                csv.append(
                        i >= usageFrom
                                ? String.format(
                                        Locale.ROOT, ",%.4f", t.usage().get(i - usageFrom)[j])
                                : ",");
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(run.file("history.csv"), csv.toString());
    }
}
