package org.latentkit.trainers.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;
import java.util.List;

/**
 * Stochastic gradient descent with (heavy-ball) momentum, with state that can be saved: per
 * parameter w (any shape), the {@code momentum} s of w's shape (none when the momentum μ is 0).
 *
 * <p>At step t, with gradient g rescaled by {@code rescaleGrad} (clipped to ±{@code clipGrad} when
 * that is positive), learning rate η_t from the tracker and weight decay λ, in DJL's form:
 *
 * <pre>
 * s ← μ s + η_t (g + λ w)        w ← w − s        (μ = 0: w ← w − η_t (g + λ w))
 * </pre>
 *
 * <p>The update is the engine's fused in-place one ({@code NDArrayEx.sgdUpdate}), called with the
 * same arguments as DJL 0.35.1's {@code Sgd}, so the numbers equal its.
 */
public final class SgdOptimizer extends StatefulOptimizer {

    /** The momentum's state name. */
    public static final String MOMENTUM = "momentum";

    private final ParameterTracker learningRateTracker;
    private final float momentum;

    private SgdOptimizer(Builder builder) {
        super(builder, builder.momentum == 0 ? List.of() : List.of(MOMENTUM));
        this.learningRateTracker = builder.learningRateTracker;
        this.momentum = builder.momentum;
    }

    /**
     * Creates a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String getName() {
        return "Sgd";
    }

    /**
     * Updates w in place from its gradient, and the momentum with it.
     *
     * @param parameterId the parameter's id
     * @param weight w
     * @param grad g, of w's shape
     */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float weightDecay = getWeightDecay();
        float lr = learningRateTracker.getNewValue(parameterId, updateCount(parameterId));
        NDArray velocity = momentum != 0 ? state(MOMENTUM, parameterId, weight) : null;
        NDList inputs =
                velocity != null ? new NDList(weight, grad, velocity) : new NDList(weight, grad);
        weight.getNDArrayInternal()
                .sgdUpdate(
                        inputs,
                        new NDList(weight),
                        lr,
                        weightDecay,
                        rescaleGrad,
                        clipGrad,
                        momentum,
                        true);
        if (velocity != null) {
            flushSubnormals(parameterId, velocity);
        }
    }

    /** Builds an {@link SgdOptimizer}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {

        private ParameterTracker learningRateTracker;
        private float momentum;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning-rate schedule η_t (required).
         *
         * @param tracker the tracker
         * @return this builder
         */
        public Builder setLearningRateTracker(ParameterTracker tracker) {
            this.learningRateTracker = tracker;
            return this;
        }

        /**
         * Sets the momentum μ (default 0, plain SGD).
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the optimiser, validating the settings.
         *
         * @return the optimiser
         */
        public SgdOptimizer build() {
            if (learningRateTracker == null) {
                throw new IllegalArgumentException(
                        "Sgd: no learning-rate tracker (setLearningRateTracker)");
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException(
                        "Sgd: momentum must be in [0, 1), got " + momentum);
            }
            return new SgdOptimizer(this);
        }
    }
}
