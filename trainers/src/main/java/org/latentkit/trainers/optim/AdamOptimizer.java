package org.latentkit.trainers.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), and AdamW (Loshchilov and Hutter, 2019) with {@link #adamWBuilder()},
 * with state that can be saved: per parameter w (any shape), the first moment {@code mean} m and
 * the second moment {@code variance} v, both of w's shape.
 *
 * <p>At step t (see {@link StatefulOptimizer} for how t is counted), with gradient g rescaled by
 * {@code rescaleGrad} (and clipped to ±{@code clipGrad} when that is positive), learning rate η_t
 * from the tracker and weight decay λ:
 *
 * <pre>
 * Adam:   g ← g + λ w
 *         m ← β1 m + (1 − β1) g        v ← β2 v + (1 − β2) g²
 *         w ← w − η_t √(1 − β2^t) / (1 − β1^t) · m / (√v + ε)
 * AdamW:  m, v as above from the undecayed g
 *         w ← w − η_t (√(1 − β2^t) / (1 − β1^t) · m / (√v + ε) + λ w)
 * </pre>
 *
 * <p>{@link #update} is the engine's fused in-place per-parameter update ({@code
 * NDArrayEx.adamUpdate}), called with the same arguments as DJL 0.35.1's {@code Adam} and {@code
 * AdamW}, so the numbers equal theirs. {@link #updateAll}, a whole step, is one multi-tensor kernel
 * call on PyTorch's CPU for large enough models ({@link StatefulOptimizer}), equal to DJL's update
 * to float rounding: it makes 8 passes over each parameter's memory where DJL's makes about 28.
 * Defaults as DJL: η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0 (AdamW: 0.01).
 */
public final class AdamOptimizer extends StatefulOptimizer {

    /** The first moment's state name. */
    public static final String MEAN = "mean";

    /** The second moment's state name. */
    public static final String VARIANCE = "variance";

    private final ParameterTracker learningRateTracker;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean decoupled;

    private AdamOptimizer(Builder builder) {
        super(builder, List.of(MEAN, VARIANCE));
        this.learningRateTracker = builder.learningRateTracker;
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.decoupled = builder.decoupled;
    }

    /**
     * Creates a builder for Adam (weight decay added to the gradient).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(false);
    }

    /**
     * Creates a builder for AdamW (decoupled weight decay, default λ = 0.01).
     *
     * @return the builder
     */
    public static Builder adamWBuilder() {
        Builder b = new Builder(true);
        b.optWeightDecays(0.01f);
        return b;
    }

    /** {@inheritDoc} */
    @Override
    public String getName() {
        return decoupled ? "AdamW" : "Adam";
    }

    /**
     * Updates w in place from its gradient, and m and v with it.
     *
     * @param parameterId the parameter's id
     * @param weight w
     * @param grad g, of w's shape
     */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray mean = state(MEAN, parameterId, weight);
        NDArray variance = state(VARIANCE, parameterId, weight);
        adamUpdate(step(parameterId), weight, grad, mean, variance);
        flushSubnormals(parameterId, mean, variance);
    }

    /**
     * Updates every parameter of a step. On the engine's fused kernel ({@link FusedUpdates}), one
     * call per group of parameters that share t and η_t (one group, unless a schedule or a restored
     * checkpoint sets them apart). The kernel adds its ε to √v / √(1 − β2^t); given ε / √(1 −
     * β2^t), its update is the one in the class comment:
     *
     * <pre>
     * η_t / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε / √(1 − β2^t)) = η_t √(1 − β2^t) / (1 − β1^t) · m / (√v + ε)
     * </pre>
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
        Map<Step, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            groups.computeIfAbsent(step(parameterIds.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Step, List<Integer>> group : groups.entrySet()) {
            Step step = group.getKey();
            List<NDArray> w = new ArrayList<>();
            List<NDArray> g = new ArrayList<>();
            List<NDArray> m = new ArrayList<>();
            List<NDArray> v = new ArrayList<>();
            for (int i : group.getValue()) {
                String id = parameterIds.get(i);
                w.add(weights.get(i));
                g.add(grads.get(i));
                m.add(state(MEAN, id, weights.get(i)));
                v.add(state(VARIANCE, id, weights.get(i)));
            }
            double[] h = {
                step.lr,
                beta1,
                beta2,
                getWeightDecay(),
                epsilon / Math.sqrt(1.0 - Math.pow(beta2, step.t))
            };
            if (FusedUpdates.adam(w, g, m, v, step.t, h, decoupled)) {
                countFusedCall();
            } else {
                // The kernel did not load on this engine: the counts are taken, so update here.
                for (int k = 0; k < w.size(); k++) {
                    adamUpdate(step, w.get(k), g.get(k), m.get(k), v.get(k));
                }
            }
            for (int k = 0; k < w.size(); k++) {
                flushSubnormals(parameterIds.get(group.getValue().get(k)), m.get(k), v.get(k));
            }
        }
    }

    /** DJL's fused per-parameter update, with DJL's arguments. */
    private void adamUpdate(Step step, NDArray w, NDArray g, NDArray m, NDArray v) {
        w.getNDArrayInternal()
                .adamUpdate(
                        new NDList(w, g, m, v),
                        new NDList(w),
                        step.lr,
                        step.corrected(),
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        beta1,
                        beta2,
                        epsilon,
                        true,
                        decoupled);
    }

    /** Counts one update of a parameter and returns its step number and learning rate. */
    private Step step(String parameterId) {
        int t = updateCount(parameterId);
        float lr = learningRateTracker.getNewValue(parameterId, t);
        Step step = new Step(t, lr, beta1, beta2);
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(step.corrected()) || !Float.isFinite(weightDecay)) {
            throw new IllegalStateException(
                    "Adam: learning rate "
                            + step.corrected()
                            + " or weight decay "
                            + weightDecay
                            + " is not finite");
        }
        return step;
    }

    /**
     * A step number t and its learning rate η_t.
     *
     * @param t the step
     * @param lr η_t
     * @param beta1 β1
     * @param beta2 β2
     */
    private record Step(int t, float lr, float beta1, float beta2) {

        /** η_t √(1 − β2^t) / (1 − β1^t), as DJL's Adam computes it. */
        float corrected() {
            double coef1 = 1.0 - Math.pow(beta1, t);
            double coef2 = 1.0 - Math.pow(beta2, t);
            return (float) (lr * Math.sqrt(coef2) / coef1);
        }
    }

    /** Builds an {@link AdamOptimizer}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {

        private ParameterTracker learningRateTracker = Tracker.fixed(0.001f);
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private final boolean decoupled;

        private Builder(boolean decoupled) {
            this.decoupled = decoupled;
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning-rate schedule η_t (default fixed 0.001).
         *
         * @param tracker the tracker
         * @return this builder
         */
        public Builder optLearningRateTracker(ParameterTracker tracker) {
            this.learningRateTracker = tracker;
            return this;
        }

        /**
         * Sets β1, the first moment's decay (default 0.9).
         *
         * @param beta1 in [0, 1)
         * @return this builder
         */
        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /**
         * Sets β2, the second moment's decay (default 0.999).
         *
         * @param beta2 in [0, 1)
         * @return this builder
         */
        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets ε, added to √v (default 1e-8).
         *
         * @param epsilon more than 0
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Builds the optimiser, validating the settings.
         *
         * @return the optimiser
         */
        public AdamOptimizer build() {
            if (learningRateTracker == null) {
                throw new IllegalArgumentException("Adam: no learning-rate tracker");
            }
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException(
                        "Adam: beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException(
                        "Adam: epsilon must be positive, got " + epsilon);
            }
            return new AdamOptimizer(this);
        }
    }
}
