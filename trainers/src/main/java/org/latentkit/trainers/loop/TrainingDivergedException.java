package org.latentkit.trainers.loop;

import java.nio.file.Path;
import java.util.Locale;

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
    /**
     * Reports a run that stopped for a reason given in full.
     *
     * @param message the one-line reason, starting with what diverged
     */
    public TrainingDivergedException(String message) {
        super(message);
    }

    /**
     * Reports a loss that jumped by more than the guard's factor.
     *
     * @param epoch the 1-based epoch
     * @param step the 1-based step in the epoch
     * @param loss the step's loss
     * @param reference the recent typical loss magnitude
     * @param factor the guard's factor
     * @return the exception
     */
    static TrainingDivergedException jump(
            int epoch, int step, float loss, float reference, float factor) {
        return new TrainingDivergedException(
                String.format(
                        Locale.ROOT,
                        "training diverged: loss jumped to %.6g at epoch %d, step %d, more than"
                                + " %.3g times the recent typical loss (%.6g, the 90th percentile of the"
                                + " last %d steps); try a lower"
                                + " --lr or --max-grad-norm (--max-loss-jump 0 turns this check off)",
                        loss,
                        epoch,
                        step,
                        factor,
                        reference,
                        LossGuard.WINDOW));
    }

    public TrainingDivergedException(TrainingDivergedException cause, Path checkpoint) {
        super(
                cause.getMessage() + "; the last good checkpoint is " + checkpoint + ", intact",
                cause);
    }
}
