package org.latentkit.trainers.loop;

/**
 * The training loss became NaN or infinite. Training stops at once; parameters written before
 * (checkpoints, saved models) are left as they were.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param epoch the 1-based epoch
     * @param step the 1-based step within the epoch
     * @param loss the offending loss value
     */
    public TrainingDivergedException(int epoch, int step, double loss) {
        super(
                "training diverged: loss is "
                        + loss
                        + " at epoch "
                        + epoch
                        + ", step "
                        + step
                        + " (usual causes: a learning rate too high for this optimiser, or bad input scaling;"
                        + " try a lower --lr)");
    }

    /**
     * Adds where the last good checkpoint is to a divergence.
     *
     * @param cause the divergence
     * @param checkpoint the last checkpoint written before it, intact
     */
    public TrainingDivergedException(
            TrainingDivergedException cause, java.nio.file.Path checkpoint) {
        super(
                cause.getMessage() + "; the last good checkpoint is " + checkpoint + ", intact",
                cause);
    }
}
