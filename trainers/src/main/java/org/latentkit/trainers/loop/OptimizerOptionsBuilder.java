package org.latentkit.trainers.loop;

import org.latentkit.api.data.Normalization;

/**
 * A {@link TrainingOptionsBuilder} that also chooses the optimiser and the input normalisation,
 * Adam and pixels in [0, 1] unless set.
 *
 * <pre>{@code
 * import org.latentkit.trainers.mixture.MixtureTrainer;
 *
 * MixtureTrainer.Options o =
 *         MixtureTrainer.Options.builder().optOptimizer(OptimizerKind.SGD).optEpochs(5).build();
 * }</pre>
 *
 * @param <T> the concrete builder
 */
public abstract class OptimizerOptionsBuilder<T extends OptimizerOptionsBuilder<T>>
        extends TrainingOptionsBuilder<T> {

    /** Adam or SGD. */
    protected OptimizerKind optimizer = OptimizerKind.ADAM;

    /** The input normalisation. */
    protected Normalization normalization = Normalization.UNIT;

    /**
     * Starts a builder at a trainer's defaults, Adam and pixels in [0, 1].
     *
     * @param learningRate the default learning rate
     * @param epochs the default epochs
     * @param batchSize the default samples per step
     */
    protected OptimizerOptionsBuilder(float learningRate, int epochs, int batchSize) {
        super(learningRate, epochs, batchSize);
    }

    /**
     * Sets the optimiser (default Adam).
     *
     * @param value Adam or SGD
     * @return this builder
     */
    public T optOptimizer(OptimizerKind value) {
        this.optimizer = value;
        return self();
    }

    /**
     * Sets the input normalisation (default pixels in [0, 1], for sigmoid outputs).
     *
     * @param value the normalisation
     * @return this builder
     */
    public T optNormalization(Normalization value) {
        this.normalization = value;
        return self();
    }
}
