package org.latentkit.trainers.loop;

/**
 * The settings every trainer's options builder shares, in the manner of DJL's {@code
 * Optimizer.OptimizerBuilder}: the learning rate, epochs, batch size, seed and batch cap, each
 * setter returning the concrete builder ({@link #self()}) so that a chain of shared and own
 * settings reads as one. The initial values are the trainer's, passed to the constructor; the
 * trainer's {@code defaults()} states them.
 *
 * <pre>{@code
 * import org.latentkit.trainers.buckets.BucketTrainer;
 *
 * BucketTrainer.Options o = BucketTrainer.Options.builder().optEpochs(3).optBits(5).build();
 * }</pre>
 *
 * @param <T> the concrete builder
 */
public abstract class TrainingOptionsBuilder<T extends TrainingOptionsBuilder<T>> {

    /** The learning rate for the batch-mean loss. */
    protected float learningRate;

    /** The maximum epochs. */
    protected int epochs;

    /** The samples per step. */
    protected int batchSize;

    /** Seeds initialisation, shuffling and any sampling. */
    protected long seed = 42;

    /** The steps per epoch cap, 0 for none. */
    protected int maxBatches;

    /**
     * Starts a builder at a trainer's defaults, seed 42 and no batch cap.
     *
     * @param learningRate the default learning rate
     * @param epochs the default epochs
     * @param batchSize the default samples per step
     */
    protected TrainingOptionsBuilder(float learningRate, int epochs, int batchSize) {
        this.learningRate = learningRate;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    /**
     * Returns this builder as its concrete type.
     *
     * @return this builder
     */
    protected abstract T self();

    /**
     * Sets the learning rate for the batch-mean loss.
     *
     * @param value a positive number
     * @return this builder
     */
    public T optLearningRate(float value) {
        this.learningRate = value;
        return self();
    }

    /**
     * Sets the maximum epochs.
     *
     * @param value a positive number
     * @return this builder
     */
    public T optEpochs(int value) {
        this.epochs = value;
        return self();
    }

    /**
     * Sets the samples per step.
     *
     * @param value a positive number
     * @return this builder
     */
    public T optBatchSize(int value) {
        this.batchSize = value;
        return self();
    }

    /**
     * Sets the seed of initialisation, shuffling and any sampling (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public T optSeed(long value) {
        this.seed = value;
        return self();
    }

    /**
     * Sets the steps per epoch cap (default 0, none).
     *
     * @param value 0 or more
     * @return this builder
     */
    public T optMaxBatches(int value) {
        this.maxBatches = value;
        return self();
    }
}
