package org.latentkit.cli;

import picocli.CommandLine.Mixin;

/**
 * A command that trains through the shared loop, and so gets checkpoints, {@code --resume}, {@code
 * --checkpoint-every} and {@code --max-grad-norm}: it wraps its progress listener in {@link
 * #control} and the loop does the rest.
 */
abstract class TrainingCommand extends RunCommand {

    @Mixin CheckpointOptions checkpoints;

    /** {@inheritDoc} */
    @Override
    final CheckpointOptions checkpointing() {
        return checkpoints;
    }
}
