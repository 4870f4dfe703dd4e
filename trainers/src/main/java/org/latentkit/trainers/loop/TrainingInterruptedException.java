package org.latentkit.trainers.loop;

import java.nio.file.Path;

/**
 * Training stopped on request (Ctrl-C) after saving a checkpoint; the run can be resumed from it.
 */
public class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The checkpoint written before stopping, or {@code null} when the run keeps none. */
    private final transient Path checkpoint;

    /**
     * Creates the exception.
     *
     * @param epoch the 1-based epoch in progress
     * @param step the steps done in it
     * @param checkpoint the checkpoint written, or {@code null}
     */
    public TrainingInterruptedException(int epoch, int step, Path checkpoint) {
        super(
                "interrupted at epoch "
                        + epoch
                        + ", step "
                        + step
                        + (checkpoint == null
                                ? " (no checkpoint: this command keeps none)"
                                : "; checkpoint saved in " + checkpoint));
        this.checkpoint = checkpoint;
    }

    /**
     * Returns the checkpoint written before stopping.
     *
     * @return the checkpoint directory, or {@code null}
     */
    public Path checkpoint() {
        return checkpoint;
    }
}
