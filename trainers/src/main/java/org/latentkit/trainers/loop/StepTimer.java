package org.latentkit.trainers.loop;

/**
 * Splits the time of each training step into its phases. The loop calls {@link #lap} at the end of
 * every phase; the timer attributes the time since its previous lap to that phase.
 *
 * <p>{@link #OFF}, what every ordinary listener supplies, does nothing, so timing costs one empty
 * call per phase when nobody asks for it. On engines that run operators asynchronously (MXNet,
 * GPUs) time moves to the phase that first reads a result: the loop reads the loss at the end of
 * {@link Phase#BACKWARD}, so the step total stays exact while forward time can appear under
 * backward. On the PyTorch CPU engine every operator is synchronous and the split is exact.
 */
@FunctionalInterface
public interface StepTimer {

    /** A timer that records nothing. */
    StepTimer OFF = phase -> {};

    /** The phases of one step, in the loop's order. */
    enum Phase {
        /**
         * Batch assembly from the resident bytes, plus the previous step's clean-up and listener.
         */
        DATA,
        /** Forward pass and loss. */
        FORWARD,
        /** Backward pass and reading the loss. */
        BACKWARD,
        /** The optimiser's parameter update. */
        OPTIMIZER
    }

    /**
     * Marks the end of a phase.
     *
     * @param phase the phase that just ended
     */
    void lap(Phase phase);
}
