package org.latentkit.trainers.loop;

/** Observes a training run; every method has a no-op default. */
public interface TrainingListener {

    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * Called when an epoch starts.
     *
     * @param epoch the 1-based epoch
     * @param epochs the maximum number of epochs
     * @param steps the steps this epoch will take
     */
    default void onEpochStart(int epoch, int epochs, int steps) {}

    /**
     * Called after each optimiser step.
     *
     * @param step 1-based step within the epoch
     * @param loss this step's loss
     */
    default void onStep(int step, double loss) {}

    /**
     * Called when an epoch is complete, validation included.
     *
     * @param stats what the epoch did
     */
    default void onEpochEnd(EpochStats stats) {}

    /**
     * Returns the timer that splits each step into phases; the loop asks once per epoch, after
     * {@link #onEpochStart}.
     *
     * @return {@link StepTimer#OFF} unless this listener measures phases
     */
    default StepTimer stepTimer() {
        return StepTimer.OFF;
    }
}
