package org.latentkit.cli;

import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.Normalization;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import picocli.CommandLine.Option;

/**
 * Flags every training command shares: length, batching, optimiser and the validation hold-out. The
 * defaults shown are the classifiers'; a command with other defaults states them through {@link
 * CommandDefaults}, and {@code --help} shows the command's own.
 */
final class TrainOptions {

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "10",
            description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "32",
            description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--optimizer",
            paramLabel = "NAME",
            defaultValue = "adam",
            description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(
            names = "--lr",
            paramLabel = "X",
            defaultValue = "0.001",
            description = "Learning rate for the batch-mean loss (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--validation",
            paramLabel = "N",
            defaultValue = "5000",
            description =
                    "Hold out the last N training images for validation (and early stopping where the "
                            + "command has it); 0 trains on all of them (default: ${DEFAULT-VALUE}).")
    int validation;

    /**
     * Starts a reconstruction run's options from these flags: the optimiser and learning rate, the
     * run's epochs, batch size and seed, pixels in [0, 1].
     *
     * @param config the run's resolved epochs, batch size and seed
     * @param patience the command's early-stopping patience
     * @param maxBatches the steps per epoch cap, 0 for none
     * @return the builder, for the command's own settings
     */
    ReconstructionTrainer.Options.Builder reconstruction(
            RunConfig config, int patience, int maxBatches) {
        return ReconstructionTrainer.Options.builder()
                .optOptimizer(OptimizerKind.parse(optimizer))
                .optLearningRate(lr)
                .optEpochs(config.epochs())
                .optBatchSize(config.batchSize())
                .optPatience(patience)
                .optNormalization(Normalization.UNIT)
                .optSeed(config.seed())
                .optMaxBatches(maxBatches);
    }
}
