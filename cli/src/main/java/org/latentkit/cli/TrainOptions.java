package org.latentkit.cli;

import picocli.CommandLine.Option;

/** Flags of supervised training: optimiser, schedule, early stopping and data preparation. */
final class TrainOptions {

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
            description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.001",
            description = "Learning rate for the batch-mean loss (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--momentum", paramLabel = "X", defaultValue = "0.9",
            description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--lr-schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "constant, or cosine annealing to 0 over the run (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Early stopping: epochs without validation improvement; 0 = never "
                    + "(default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Hold out the last N training images for validation and early stopping; "
                    + "0 trains on all 60,000 with no validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--normalize", paramLabel = "NAME", defaultValue = "unit",
            description = "unit ([0,1]) or centered ([-1,1]) (default: ${DEFAULT-VALUE}).")
    String normalize;
}
