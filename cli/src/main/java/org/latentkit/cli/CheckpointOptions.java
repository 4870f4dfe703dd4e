package org.latentkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Flags of every training command for reliability: checkpoints, resume, gradient clipping and the
 * blow-up stop.
 */
final class CheckpointOptions {

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue the interrupted (or finished) run in DIR from its last complete checkpoint; "
                            + "the architecture, data and batching must match, epochs, patience, lr and threads may change.")
    Path resume;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Also checkpoint every N steps; checkpoints are always written at each epoch's end "
                            + "(default: ${DEFAULT-VALUE}, epoch ends only).")
    int checkpointEvery;

    @Option(
            names = "--max-grad-norm",
            paramLabel = "X",
            defaultValue = "0",
            description =
                    "Clip all gradients together to this global L2 norm before each step "
                            + "(default: ${DEFAULT-VALUE}, no clipping).")
    float maxGradNorm;

    @Option(
            names = "--max-loss-jump",
            paramLabel = "F",
            defaultValue = "10",
            description =
                    "Stop (exit 3, last checkpoint kept) when a step's loss exceeds F times the largest "
                            + "loss of the last 200 steps; 0 checks only for NaN and infinity "
                            + "(default: ${DEFAULT-VALUE}).")
    float maxLossJump;
}
