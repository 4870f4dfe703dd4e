package org.latentkit.cli;

import picocli.CommandLine.Option;

/**
 * Flags of supervised classification on top of {@link TrainOptions}: SGD, schedule, stopping,
 * inputs.
 */
final class ClassifierOptions {

    @Option(
            names = "--momentum",
            paramLabel = "X",
            defaultValue = "0.9",
            description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(
            names = "--lr-schedule",
            paramLabel = "NAME",
            defaultValue = "constant",
            description =
                    "constant, or cosine annealing to 0 over the run (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(
            names = "--patience",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Early stopping: epochs without validation improvement; 0 = never "
                            + "(default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--normalize",
            paramLabel = "NAME",
            defaultValue = "unit",
            description = "unit ([0,1]) or centered ([-1,1]) (default: ${DEFAULT-VALUE}).")
    String normalize;
}
