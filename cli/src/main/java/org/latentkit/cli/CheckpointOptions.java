package org.latentkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags of every training command for reliability: checkpoints, resume and gradient clipping. */
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
}
