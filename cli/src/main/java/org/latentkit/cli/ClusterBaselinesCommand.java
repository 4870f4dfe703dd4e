package org.latentkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.cluster.ClusterBaselines;
import org.latentkit.trainers.cluster.ClusteredMixture;
import org.latentkit.trainers.cluster.PseudoLabels;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.mixture.MixtureTrainer;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import org.latentkit.trainers.semisup.SemiSupervised;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code latentkit cluster-baselines}: k-means on pixels, k-means on a pretrained encoder's codes,
 * seed 002's mixture and the clustered recipe's mixture, side by side on one split ({@link
 * ClusterBaselines}).
 */
@Command(
        name = "cluster-baselines",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Label-free clustering baselines on one split, side by side: k-means on pixels, "
                        + "k-means on a pretrained encoder's codes, seed 002's mixture of VAE "
                        + "experts, and the same mixture under moe's default clustered recipe. "
                        + "Prints a table (test cluster accuracy under a Hungarian matching, NMI) "
                        + "and writes it as baselines.md and metrics.json.")
final class ClusterBaselinesCommand extends RunCommand {

    @Option(
            names = "--features",
            paramLabel = "KIND",
            defaultValue = "conv-ae",
            description =
                    "The encoder pretrained here for the codes: conv-ae, dense-ae or conv-vae "
                            + "(default: ${DEFAULT-VALUE}).")
    String features;

    @Option(
            names = "--pretrain-epochs",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "Pretraining epochs of that encoder, early stopping on the validation loss (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(
            names = "--pretrained",
            paramLabel = "DIR",
            description =
                    "Take the codes from a saved autoencoder (a semisup or autoencode run's model directory) instead of pretraining one.")
    Path pretrained;

    @Option(
            names = "--moe-epochs",
            paramLabel = "N",
            defaultValue = "10",
            description =
                    "Epochs of both mixtures; 0 leaves their rows out (default: ${DEFAULT-VALUE}).")
    int moeEpochs;

    @Option(
            names = "--clustered-pretrain-epochs",
            paramLabel = "N",
            defaultValue = "" + ClusteredMixture.DEFAULT_PRETRAIN_EPOCHS,
            description =
                    "Pretraining epochs of the clustered recipe's 784-500-500-2000-10 autoencoder, "
                            + "as moe's --pretrain-epochs; 0 leaves the clustered row out "
                            + "(default: ${DEFAULT-VALUE}).")
    int clusteredPretrainEpochs;

    @Option(
            names = "--restarts",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "k-means++ seedings per fit, the lowest inertia kept (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(
            names = "--validation",
            paramLabel = "N",
            defaultValue = "5000",
            description =
                    "Hold out the last N training images for the pretraining's early stopping (default: ${DEFAULT-VALUE}).")
    int validation;

    /** Clusters without labels; the test labels only score. */
    @Override
    boolean needsLabels() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(Math.max(1, pretrainEpochs), 100);
        SemiSupervised.Features kind = SemiSupervised.Features.parse(features);
        if (kind == SemiSupervised.Features.PIXELS) {
            throw new InvalidInputException(
                    "features: pixels are the first row already; choose conv-ae, dense-ae or conv-vae");
        }
        if (pretrainEpochs < 1) {
            throw new InvalidInputException(
                    "pretrain-epochs: must be at least 1, got " + pretrainEpochs);
        }
        if (moeEpochs < 0) {
            throw new InvalidInputException("moe-epochs: must be at least 0, got " + moeEpochs);
        }
        if (clusteredPretrainEpochs < 0) {
            throw new InvalidInputException(
                    "clustered-pretrain-epochs: must be at least 0, got "
                            + clusteredPretrainEpochs);
        }
        DataLocator.TrainTest data = loadData();
        Split split = Split.withValidation(data, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("features", kind.id());
        settings.put("pretrain_epochs", pretrainEpochs);
        settings.put("pretrained", pretrained == null ? "" : pretrained.toString());
        settings.put("moe_epochs", moeEpochs);
        settings.put("clustered_pretrain_epochs", clusteredPretrainEpochs);
        settings.put("restarts", restarts);
        settings.put("validation", validation);
        RunDirectory run = openRun(config, settings);
        EngineContext context = EngineContext.of(config.engine(), config.device());
        ClusterBaselines.Options options =
                new ClusterBaselines.Options(
                        config.seed(),
                        restarts,
                        kind,
                        ReconstructionTrainer.Options.builder()
                                .optEpochs(pretrainEpochs)
                                .optBatchSize(100)
                                .optPatience(3)
                                .optSeed(config.seed())
                                .optMaxBatches(common.maxBatches)
                                .build(),
                        pretrained == null ? null : SavedModelOptions.modelDir(pretrained),
                        moeEpochs == 0
                                ? null
                                : MixtureTrainer.Options.builder()
                                        .optEpochs(moeEpochs)
                                        .optSeed(config.seed())
                                        .optMaxBatches(common.maxBatches)
                                        .build(),
                        clusteredPretrainEpochs == 0
                                ? null
                                : new ClusteredMixture.Recipe(
                                        PseudoLabels.builder().optSeed(config.seed()).build(),
                                        ClusteredMixture.Recipe.pretraining(
                                                clusteredPretrainEpochs,
                                                config.seed(),
                                                common.maxBatches),
                                        null));
        List<ClusterBaselines.Row> rows =
                new ClusterBaselines(context).run(split, options, ProgressBar.onStderr("val_loss"));
        StringBuilder md =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "Cluster baselines on %s (%d train / %d validation / %d test), %s, seed %d%n%n",
                                data.dataset().id(),
                                split.train().size(),
                                split.validation().size(),
                                split.test().size(),
                                context.engineName(),
                                config.seed()));
        md.append("| method | test cluster accuracy | NMI | seconds |\n|---|---|---|---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (ClusterBaselines.Row r : rows) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.2f%% | %.3f | %.0f |%n",
                            r.method(),
                            100 * r.evaluation().clusterAccuracy(),
                            r.evaluation().nmi(),
                            r.seconds()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.method());
            row.put("cluster_accuracy", r.evaluation().clusterAccuracy());
            row.put("nmi", r.evaluation().nmi());
            row.put("seconds", r.seconds());
            json.add(row);
        }
        AtomicFiles.writeString(run.file("baselines.md"), md.toString());
        Map<String, Object> m = baseMetrics(context, data);
        m.put("baselines", json);
        m.put("kmeans_pixels_cluster_accuracy", rows.get(0).evaluation().clusterAccuracy());
        m.put("kmeans_codes_cluster_accuracy", rows.get(1).evaluation().clusterAccuracy());
        if (rows.size() > 2) {
            m.put("mixture_cluster_accuracy", rows.get(2).evaluation().clusterAccuracy());
        }
        if (rows.size() > 3) {
            m.put("clustered_mixture_cluster_accuracy", rows.get(3).evaluation().clusterAccuracy());
        }
        run.writeMetrics(m);
        var out = spec.commandLine().getOut();
        out.print(md);
        out.println("-> " + run.dir());
        return 0;
    }
}
