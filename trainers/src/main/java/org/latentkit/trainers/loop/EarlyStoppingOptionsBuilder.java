package org.latentkit.trainers.loop;

/**
 * An {@link OptimizerOptionsBuilder} for a run that validates each epoch: it also sets the patience
 * of early stopping and how the learning rate changes over the run (constant unless set).
 *
 * <pre>{@code
 * import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
 *
 * ReconstructionTrainer.Options o =
 *         ReconstructionTrainer.Options.builder()
 *                 .optPatience(0)
 *                 .optSchedule(LrSchedule.COSINE)
 *                 .build();
 * }</pre>
 *
 * @param <T> the concrete builder
 */
public abstract class EarlyStoppingOptionsBuilder<T extends EarlyStoppingOptionsBuilder<T>>
        extends OptimizerOptionsBuilder<T> {

    /** Epochs without validation improvement before stopping; 0 never stops early. */
    protected int patience;

    /** How the learning rate changes over the run. */
    protected LrSchedule schedule = LrSchedule.CONSTANT;

    /**
     * Starts a builder at a trainer's defaults, with a constant learning rate.
     *
     * @param learningRate the default learning rate
     * @param epochs the default epochs
     * @param batchSize the default samples per step
     * @param patience the default patience
     */
    protected EarlyStoppingOptionsBuilder(
            float learningRate, int epochs, int batchSize, int patience) {
        super(learningRate, epochs, batchSize);
        this.patience = patience;
    }

    /**
     * Sets the epochs without validation improvement before stopping (0 never stops early).
     *
     * @param value 0 or more
     * @return this builder
     */
    public T optPatience(int value) {
        this.patience = value;
        return self();
    }

    /**
     * Sets how the learning rate changes over the run's epochs (default constant).
     *
     * @param value the schedule
     * @return this builder
     */
    public T optSchedule(LrSchedule value) {
        this.schedule = value;
        return self();
    }
}
