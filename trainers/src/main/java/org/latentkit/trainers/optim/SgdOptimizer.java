package org.latentkit.trainers.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>{@link #update} is the engine's fused in-place per-parameter update ({@code
 * NDArrayEx.sgdUpdate}), called with the same arguments as DJL 0.35.1's {@code Sgd}, so the numbers
 * equal its. {@link #updateAll}, a whole step, is one multi-tensor kernel call on PyTorch's CPU for
 * large enough models ({@link StatefulOptimizer}), equal to DJL's update to float rounding.
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
        float lr = learningRateTracker.getNewValue(parameterId, updateCount(parameterId));
        NDArray velocity = momentum != 0 ? state(MOMENTUM, parameterId, weight) : null;
        sgdUpdate(lr, weight, grad, velocity);
        if (velocity != null) {
            flushSubnormals(parameterId, velocity);
        }
    }

    /**
     * Updates every parameter of a step. On the engine's fused kernel ({@link FusedUpdates}), one
     * call per group of parameters that share η_t. The kernel's momentum step is PyTorch's, b ← μ b
     * + (1 − d) g', w ← w − η' b; with dampening d = 1 − η_t and η' = 1 it is DJL's, s ← μ s + η_t
     * g', w ← w − s, with the same state s. Without momentum it is w ← w − η_t g' on both.
     *
     * @param parameterIds the parameters' ids
     * @param weights their arrays
     * @param grads their gradients
     */
    @Override
    public void updateAll(List<String> parameterIds, List<NDArray> weights, List<NDArray> grads) {
        if (!fusable(weights)) {
            super.updateAll(parameterIds, weights, grads);
            return;
        }
        Map<Float, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            String id = parameterIds.get(i);
            float lr = learningRateTracker.getNewValue(id, updateCount(id));
            groups.computeIfAbsent(lr, k -> new ArrayList<>()).add(i);
        }
        float weightDecay = getWeightDecay();
        for (Map.Entry<Float, List<Integer>> group : groups.entrySet()) {
            float lr = group.getKey();
            List<NDArray> w = new ArrayList<>();
            List<NDArray> g = new ArrayList<>();
            List<NDArray> s = momentum != 0 ? new ArrayList<>() : null;
            for (int i : group.getValue()) {
                w.add(weights.get(i));
                g.add(grads.get(i));
                if (s != null) {
                    s.add(state(MOMENTUM, parameterIds.get(i), weights.get(i)));
                }
            }
            double[] h =
                    s != null
                            ? new double[] {weightDecay, momentum, 1.0, 1.0 - lr}
                            : new double[] {weightDecay, lr};
            if (FusedUpdates.sgd(w, g, s, h)) {
                countFusedCall();
            } else {
                // The kernel did not load on this engine: the counts are taken, so update here.
                for (int k = 0; k < w.size(); k++) {
                    sgdUpdate(lr, w.get(k), g.get(k), s == null ? null : s.get(k));
                }
            }
            if (s != null) {
                for (int k = 0; k < w.size(); k++) {
                    flushSubnormals(parameterIds.get(group.getValue().get(k)), s.get(k));
                }
            }
        }
    }

    /** DJL's fused per-parameter update, with DJL's arguments. */
    private void sgdUpdate(float lr, NDArray weight, NDArray grad, NDArray velocity) {
        NDList inputs =
                velocity != null ? new NDList(weight, grad, velocity) : new NDList(weight, grad);
        weight.getNDArrayInternal()
                .sgdUpdate(
                        inputs,
                        new NDList(weight),
                        lr,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        momentum,
                        true);
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
