package org.latentkit.cli;

import java.nio.file.Path;
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
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BetaSchedule;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.trainers.cluster.ClusteredMixture;
import org.latentkit.trainers.cluster.PseudoLabels;
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
            names = "--recipe",
            paramLabel = "NAME",
            defaultValue = "clustered",
            description =
                    "clustered: pretrain an encoder, pseudo-label its codes (t-SNE + k-means) and guide the "
                            + "manager by them; original: seed 002's training as it was (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(
            names = "--guide",
            paramLabel = "W",
            defaultValue = "100",
            description =
                    "clustered: weight of the manager's cross-entropy to the pseudo-labels (default: ${DEFAULT-VALUE}).")
    float guide;

    @Option(
            names = "--pretrained",
            paramLabel = "DIR",
            description =
                    "clustered: take the codes from a saved autoencoder's model directory instead of pretraining "
                            + "the 784-500-500-2000-10 one.")
    Path pretrained;

    @Option(
            names = "--pretrain-epochs",
            paramLabel = "N",
            defaultValue = "25",
            description =
                    "clustered: the encoder's pretraining epochs (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(
            names = "--embedding",
            paramLabel = "NAME",
            defaultValue = "tsne",
            description =
                    "clustered: tsne (2-D t-SNE of the drawn codes before k-means) or none (k-means on the "
                            + "codes) (default: ${DEFAULT-VALUE}).")
    String embedding;

    @Option(
            names = "--embed-count",
            paramLabel = "N",
            defaultValue = "10000",
            description =
                    "clustered: codes embedded and clustered; the rest take their neighbours' vote "
                            + "(default: ${DEFAULT-VALUE}).")
    int embedCount;

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
        Recipe kind = Recipe.parse(recipe);
        if (kind == Recipe.CLUSTERED && pretrainEpochs < 1 && pretrained == null) {
            throw new InvalidInputException(
                    "pretrain-epochs: must be at least 1, got " + pretrainEpochs);
        }
        PseudoLabels.Embedding embed = PseudoLabels.Embedding.parse(embedding);
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
                        .optGuide(kind == Recipe.CLUSTERED ? guide : 0f)
                        .build();
        ClusteredMixture.Recipe clustered =
                kind == Recipe.CLUSTERED
                        ? new ClusteredMixture.Recipe(
                                PseudoLabels.builder()
                                        .optEmbedding(embed)
                                        .optCount(embedCount)
                                        .optSeed(config.seed())
                                        .build(),
                                ClusteredMixture.Recipe.pretraining(
                                        Math.max(1, pretrainEpochs),
                                        config.seed(),
                                        common.maxBatches),
                                pretrained == null ? null : SavedModelOptions.modelDir(pretrained))
                        : null;
        if (kind == Recipe.CLUSTERED && !(guide > 0)) {
            throw new InvalidInputException("guide: must be above 0, got " + guide);
        }
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
        settings.put("recipe", kind.id());
        if (clustered != null) {
            settings.put("guide", guide);
            settings.put("pretrained", pretrained == null ? "" : pretrained.toString());
            settings.put("pretrain_epochs", pretrained == null ? pretrainEpochs : 0);
            settings.put("embedding", embed.id());
            settings.put("embed_count", embedCount);
        }
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
        Map<String, Object> recipeMetrics = new LinkedHashMap<>();
        try (MixtureTrainer.Trained t =
                clustered == null
                        ? new MixtureTrainer(context)
                                .fit(
                                        mix,
                                        loss,
                                        split.train().withoutLabels(),
                                        monitor ? split.test() : null,
                                        options,
                                        control(ProgressBar.onStderr("val")))
                        : fitClustered(
                                context, mix, loss, split, options, clustered, recipeMetrics)) {
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
            m.putAll(recipeMetrics);
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
                                split.test(),
                                t.usage(),
                                config.seed(),
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

    /** The recipes of {@code --recipe}. */
    enum Recipe implements Choice {
        CLUSTERED("clustered"),
        ORIGINAL("original");

        private final String id;

        Recipe(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        static Recipe parse(String text) {
            return Choice.parse(values(), "recipe", "recipe", text);
        }
    }

    /**
     * Runs the clustered recipe and records its pseudo-labels' quality (scored against the training
     * labels, which no step of the recipe reads).
     */
    private MixtureTrainer.Trained fitClustered(
            EngineContext context,
            MixtureOfVaeExperts mix,
            MixtureOfExpertsLoss loss,
            Split split,
            MixtureTrainer.Options options,
            ClusteredMixture.Recipe recipe,
            Map<String, Object> metrics) {
        ClusteredMixture.Trained t =
                new ClusteredMixture(context)
                        .fit(
                                mix,
                                loss,
                                split,
                                monitor ? split.test() : null,
                                options,
                                recipe,
                                control(ProgressBar.onStderr("val")));
        PseudoLabels.Result r = t.labels();
        metrics.put("pseudo_label_seconds", r.seconds());
        if (!Double.isNaN(r.klDivergence())) {
            metrics.put("tsne_kl", r.klDivergence());
        }
        metrics.put("pretrain_seconds", t.pretrainSeconds());
        if (split.train().hasLabels()) {
            int[] truth = split.train().labels();
            int[] drawnTruth = new int[r.drawn().length];
            for (int a = 0; a < drawnTruth.length; a++) {
                drawnTruth[a] = truth[r.drawn()[a]];
            }
            int k = mix.experts();
            double drawnAccuracy =
                    MixtureEvaluation.fromClusters(Double.NaN, r.drawnLabels(), drawnTruth, k)
                            .clusterAccuracy();
            double allAccuracy =
                    MixtureEvaluation.fromClusters(Double.NaN, r.labels(), truth, k)
                            .clusterAccuracy();
            metrics.put("pseudo_label_accuracy_drawn", drawnAccuracy);
            metrics.put("pseudo_label_accuracy", allAccuracy);
            err().printf(
                            Locale.ROOT,
                            "pseudo-labels: %.2f%% of the %d drawn codes, %.2f%% of all %d (scored against "
                                    + "the training labels, which no step reads)%n",
                            100 * drawnAccuracy,
                            r.drawn().length,
                            100 * allAccuracy,
                            r.labels().length);
        }
        err().printf(
                        Locale.ROOT,
                        "pretraining %.0f s, pseudo-labels %.0f s%n",
                        t.pretrainSeconds(),
                        r.seconds());
        return t.mixture();
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
