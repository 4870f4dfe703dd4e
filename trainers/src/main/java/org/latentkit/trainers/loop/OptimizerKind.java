package org.latentkit.trainers.loop;

import ai.djl.training.tracker.Tracker;
import org.latentkit.core.Choice;
import org.latentkit.trainers.optim.AdamOptimizer;
import org.latentkit.trainers.optim.SgdOptimizer;
import org.latentkit.trainers.optim.StatefulOptimizer;

/** The optimisers latentkit trainers offer, by name. */
public enum OptimizerKind implements Choice {
    /** Adam (Kingma and Ba, 2015) with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    ADAM("adam"),
    /** Stochastic gradient descent with (heavy-ball) momentum. */
    SGD("sgd");

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    /**
     * Returns the command-line name.
     *
     * @return {@code adam} or {@code sgd}
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Builds the optimiser with a fixed learning rate.
     *
     * @param learningRate the fixed learning rate, for a loss averaged over the batch
     * @param momentum SGD's momentum (ignored by Adam)
     * @return latentkit's optimiser (a DJL {@code Optimizer} whose state checkpoints save)
     */
    public StatefulOptimizer create(float learningRate, float momentum) {
        return create(Tracker.fixed(learningRate), momentum);
    }

    /**
     * Builds the optimiser with a learning-rate schedule.
     *
     * @param lr the learning-rate tracker, for a loss averaged over the batch
     * @param momentum SGD's momentum (ignored by Adam)
     * @return latentkit's optimiser, with the same numbers as DJL's {@code Optimizer.adam()} and
     *     {@code Optimizer.sgd()}
     */
    public StatefulOptimizer create(Tracker lr, float momentum) {
        return create(lr, momentum, DEFAULT_ADAM_EPSILON);
    }

    /** Adam's default ε, added to √v: {@value} (PyTorch's and DJL's; Keras's is 1e-7). */
    public static final float DEFAULT_ADAM_EPSILON = 1e-8f;

    /**
     * Builds the optimiser with a learning-rate schedule and Adam's ε.
     *
     * @param lr the learning-rate tracker, for a loss averaged over the batch
     * @param momentum SGD's momentum (ignored by Adam)
     * @param adamEpsilon Adam's ε, added to √v (ignored by SGD); more than 0
     * @return latentkit's optimiser
     */
    public StatefulOptimizer create(Tracker lr, float momentum, float adamEpsilon) {
        return switch (this) {
            case ADAM ->
                    AdamOptimizer.builder()
                            .optLearningRateTracker(lr)
                            .optEpsilon(adamEpsilon)
                            .build();
            case SGD ->
                    SgdOptimizer.builder().setLearningRateTracker(lr).optMomentum(momentum).build();
        };
    }

    /**
     * Parses an optimiser name.
     *
     * @param text {@code adam} or {@code sgd}
     * @return the optimiser kind
     */
    public static OptimizerKind parse(String text) {
        return Choice.parse(values(), "optimizer", "optimizer", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
