package org.latentkit.trainers.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DJL {@link Optimizer} whose state can be read and written: one array per parameter and state
 * name (Adam's {@code mean} and {@code variance}, SGD's {@code momentum}), each of the parameter's
 * shape, and the per-parameter update counts that drive bias correction and learning-rate
 * schedules.
 *
 * <p>The update count follows DJL 0.35.1's {@code Optimizer.updateCount} exactly, so the numbers
 * equal DJL's own optimisers: a parameter's count c starts at {@code beginNumUpdate} and grows by
 * one per update; the global count T is the largest c seen so far, and the step uses t = T (not c).
 * Restoring every parameter's c with {@link #setUpdateCount} restores T too.
 *
 * <p>State arrays are kept per device (as DJL does, for a model on several devices) and created
 * lazily as zeros of the weight's shape on the first update, detached from every manager (as DJL's
 * own state is). {@link #getState} returns the array the next update will change in place; {@link
 * #setState} replaces it.
 *
 * <p><b>Subnormal state values are set to zero</b> every {@code flushEvery} updates of a parameter
 * (default 64; {@link Builder#optFlushSubnormalsEvery}). A state entry whose gradient has stopped
 * (the weight of a pixel that is rarely lit, say) decays geometrically, by the momentum μ or by
 * Adam's β₁ and β₂ at every step, and spends a hundred steps or more in float32's subnormal range
 * (0 < |s| < 2⁻¹²⁶ ≈ 1.2·10⁻³⁸) before it underflows to 0. x86 CPUs handle subnormal operands in
 * microcode: on the Xeon measured, multiplications and additions over subnormal values ran 50–60
 * times slower than over normal ones ({@code bench/Subnormals.java}), and DJL offers no way to set
 * the CPU's flush-to-zero mode. After one MNIST epoch a fifth of the MLP's momentum entries were
 * subnormal, and their multiplications were the slowest calls of its step (docs/performance.md).
 * The flush changes nothing that matters: a weight moves by s (SGD) or by m̂/(√v̂ + ε) with ε ≥
 * 10⁻⁸ (Adam), so a state change below 1.2·10⁻³⁸ moves the update by far less than half a unit in
 * the last place of any weight above about 10⁻³¹ in magnitude, and the weights stay bit for bit the
 * same (OptimizersMatchDjlTest checks it against DJL's optimisers, with states driven subnormal).
 *
 * <p><b>A step's updates can be one engine call.</b> {@link #updateAll} updates every parameter of
 * a step; {@link AdamOptimizer} and {@link SgdOptimizer} then use the engine's fused multi-tensor
 * kernel where it has one ({@link FusedUpdates}: PyTorch on the CPU), when the step's parameters
 * hold at least {@link Builder#optFusedFrom} values (default {@value #DEFAULT_FUSED_FROM}). Below
 * that, the kernel's fixed cost (a TorchScript call with its argument lists, about 20–40 µs)
 * outweighs what it saves: in training, the optimiser phase of the MLP (79,510 values, SGD) was
 * slower fused, and LeNet's (61,706) no faster. The dense autoencoder's (435,536, Adam) took
 * 1.4–1.7 times less time fused, the mixture's 2.5–3 times less (docs/performance.md). The kernels
 * compute DJL's update to float rounding, not bit for bit. {@link #getFusedCalls} counts the kernel
 * calls.
 */
public abstract class StatefulOptimizer extends Optimizer {

    /** The default of {@link Builder#optFusedFrom}: 2¹⁷ parameter values. */
    public static final long DEFAULT_FUSED_FROM = 131_072;

    private final int beginNumUpdate;
    private volatile int flushEvery;
    private final Map<String, Integer> updateCounts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<Device, NDArray>>> states;
    private volatile int numUpdate;
    private final long fusedFrom;
    private final AtomicLong fusedCalls = new AtomicLong();

    /**
     * Creates the optimiser.
     *
     * @param builder the builder, holding DJL's common settings and {@code beginNumUpdate}
     * @param stateNames the names of the per-parameter state arrays, in a fixed order
     */
    protected StatefulOptimizer(Builder<?> builder, List<String> stateNames) {
        super(builder);
        this.beginNumUpdate = builder.beginNumUpdate;
        this.flushEvery = builder.flushEvery;
        this.numUpdate = builder.beginNumUpdate;
        this.fusedFrom = builder.fusedFrom;
        Map<String, Map<String, Map<Device, NDArray>>> m = new LinkedHashMap<>();
        for (String name : stateNames) {
            m.put(name, new ConcurrentHashMap<>());
        }
        this.states = Collections.unmodifiableMap(m);
    }

    /**
     * Returns the optimiser's name, as checkpoints record it.
     *
     * @return for example {@code Adam}, {@code AdamW} or {@code Sgd}
     */
    public abstract String getName();

    /**
     * Returns the names of the per-parameter state arrays.
     *
     * @return for example {@code [mean, variance]}; empty for plain SGD
     */
    public final List<String> getStateNames() {
        return List.copyOf(states.keySet());
    }

    /**
     * Returns the ids of the parameters this optimiser has state or an update count for.
     *
     * @return the ids, in no particular order
     */
    public final Set<String> getParameterIds() {
        Set<String> ids = new LinkedHashSet<>(updateCounts.keySet());
        for (Map<String, Map<Device, NDArray>> s : states.values()) {
            ids.addAll(s.keySet());
        }
        return ids;
    }

    /**
     * Returns a parameter's state array, the very one the next update changes in place.
     *
     * @param stateName one of {@link #getStateNames()}
     * @param parameterId the parameter's id ({@code Parameter.getId()})
     * @return the array (the parameter's shape), or empty before the parameter's first update
     */
    public final Optional<NDArray> getState(String stateName, String parameterId) {
        Map<Device, NDArray> perDevice = stateMap(stateName).get(parameterId);
        if (perDevice == null || perDevice.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(perDevice.values().iterator().next());
    }

    /**
     * Replaces a parameter's state array. The optimiser keeps {@code value} itself (no copy) and
     * updates it in place; the caller keeps it alive (attached to a manager that outlives
     * training). Copies on other devices are dropped and re-made from it when next needed.
     *
     * @param stateName one of {@link #getStateNames()}
     * @param parameterId the parameter's id
     * @param value the state, of the parameter's shape and data type, on its device
     */
    public final void setState(String stateName, String parameterId, NDArray value) {
        Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
        perDevice.put(value.getDevice(), value);
        stateMap(stateName).put(parameterId, perDevice);
    }

    /**
     * Returns how many times a parameter was updated, counting from {@code beginNumUpdate}.
     *
     * @param parameterId the parameter's id
     * @return its count c; {@code beginNumUpdate} before its first update
     */
    public final int getUpdateCount(String parameterId) {
        return updateCounts.getOrDefault(parameterId, beginNumUpdate);
    }

    /**
     * Returns the global update count T, the largest per-parameter count: Adam's t at the last
     * step.
     *
     * @return T
     */
    public final int getNumUpdate() {
        return numUpdate;
    }

    /**
     * Sets a parameter's update count, as a restored checkpoint does; raises the global count T to
     * at least {@code count}.
     *
     * @param parameterId the parameter's id
     * @param count its count c, at least 0
     */
    public final void setUpdateCount(String parameterId, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("update count must be 0 or more, got " + count);
        }
        updateCounts.put(parameterId, count);
        synchronized (this) {
            numUpdate = Math.max(numUpdate, count);
        }
    }

    /**
     * Counts one update of a parameter and returns the step number t to use, as DJL's {@code
     * Optimizer.updateCount} does: c ← c + 1, T ← max(T, c), t = T.
     *
     * @param parameterId the parameter's id
     * @return t
     */
    @Override
    protected final int updateCount(String parameterId) {
        int count = updateCounts.merge(parameterId, beginNumUpdate + 1, (old, one) -> old + 1);
        synchronized (this) {
            numUpdate = Math.max(numUpdate, count);
            return numUpdate;
        }
    }

    /**
     * Updates every parameter of one step, as {@link #update} for each in order would. Adam and SGD
     * make it one fused engine call where the engine has one (see the class comment); otherwise,
     * and here, it is one {@link #update} per parameter.
     *
     * @param parameterIds the parameters' ids
     * @param weights their arrays, updated in place
     * @param grads their gradients, one per weight, of its shape
     */
    public void updateAll(List<String> parameterIds, List<NDArray> weights, List<NDArray> grads) {
        for (int i = 0; i < weights.size(); i++) {
            update(parameterIds.get(i), weights.get(i), grads.get(i));
        }
    }

    /**
     * Returns how many fused kernel calls {@link #updateAll} made (one per step, or one per group
     * of parameters that share a step number and learning rate).
     *
     * @return the count, 0 on an engine without the kernels or with {@code optFused(false)}
     */
    public final long getFusedCalls() {
        return fusedCalls.get();
    }

    /**
     * Whether {@link #updateAll} may use the engine's fused kernel for these weights: they hold at
     * least {@code fusedFrom} values, DJL's element-wise gradient rescaling and clipping are off
     * (the kernels have neither), and the arrays are ones the kernels take.
     *
     * @param weights the step's parameters
     * @return whether to try the fused kernel
     */
    protected final boolean fusable(List<NDArray> weights) {
        if (fusedFrom == Long.MAX_VALUE || rescaleGrad != 1f || clipGrad >= 0) {
            return false;
        }
        long values = 0;
        for (NDArray w : weights) {
            values += w.size();
        }
        return values >= fusedFrom && FusedUpdates.applies(weights);
    }

    /** Counts one fused kernel call. */
    protected final void countFusedCall() {
        fusedCalls.incrementAndGet();
    }

    /**
     * Returns a parameter's state array on the weight's device, creating zeros of the weight's
     * shape on first use (or a copy of the state on another device).
     *
     * @param stateName one of {@link #getStateNames()}
     * @param parameterId the parameter's id
     * @param weight the parameter's array
     * @return the state, updated in place by the fused update
     */
    protected final NDArray state(String stateName, String parameterId, NDArray weight) {
        Device device = weight.getDevice();
        Map<Device, NDArray> perDevice =
                stateMap(stateName).computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>());
        return perDevice.computeIfAbsent(
                device,
                d -> {
                    NDArray created =
                            perDevice.isEmpty()
                                    ? weight.zerosLike()
                                    : perDevice.values().iterator().next().toDevice(d, true);
                    // As DJL's withDefaultState: the weight may be a temporary view (MXNet's
                    // parameter store hands the update its own arrays, in a manager closed
                    // after the update), so the state must not belong to the weight's manager.
                    created.detach();
                    return created;
                });
    }

    /**
     * Returns how often a parameter's state is cleared of subnormal values.
     *
     * @return every this many updates of a parameter; 0 for never
     */
    public final int getFlushSubnormalsEvery() {
        return flushEvery;
    }

    /**
     * Changes how often a parameter's state is cleared of subnormal values (see the class comment),
     * for an optimiser made elsewhere; takes effect from the next update.
     *
     * @param every every this many updates of a parameter, at least 0; 0 for never
     */
    public final void setFlushSubnormalsEvery(int every) {
        this.flushEvery = Builder.checkFlushEvery(every);
    }

    /**
     * How many state values are subnormal.
     *
     * @param subnormal values with 0 < |v| < 2⁻¹²⁶
     * @param values all state values
     */
    public record SubnormalCount(long subnormal, long values) {}

    /**
     * Counts the subnormal values (0 < |v| < 2⁻¹²⁶) in every state array, a diagnostic: with the
     * flush on, few remain.
     *
     * @return the count
     */
    public final SubnormalCount countSubnormalState() {
        long subnormal = 0;
        long all = 0;
        for (Map<String, Map<Device, NDArray>> perParameter : states.values()) {
            for (Map<Device, NDArray> perDevice : perParameter.values()) {
                for (NDArray a : perDevice.values()) {
                    for (float v : a.toFloatArray()) {
                        if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) {
                            subnormal++;
                        }
                    }
                    all += a.size();
                }
            }
        }
        return new SubnormalCount(subnormal, all);
    }

    /**
     * After an update: on every {@code flushEvery}-th update of the parameter, sets the subnormal
     * values of its state arrays to zero (see the class comment). The others are multiplied by
     * exactly 1, so they keep their bits.
     *
     * @param parameterId the parameter just updated
     * @param arrays its state arrays, updated in place
     */
    protected final void flushSubnormals(String parameterId, NDArray... arrays) {
        if (flushEvery == 0 || getUpdateCount(parameterId) % flushEvery != 0) {
            return;
        }
        for (NDArray a : arrays) {
            try (NDArray magnitude = a.abs();
                    NDArray normal = magnitude.gte(Float.MIN_NORMAL);
                    NDArray keep = normal.toType(a.getDataType(), false)) {
                a.muli(keep);
            }
        }
    }

    private Map<String, Map<Device, NDArray>> stateMap(String stateName) {
        Map<String, Map<Device, NDArray>> m = states.get(stateName);
        if (m == null) {
            throw new IllegalArgumentException(
                    getName()
                            + " has no state '"
                            + stateName
                            + "' (it has "
                            + states.keySet()
                            + ")");
        }
        return m;
    }

    /**
     * The common builder: DJL's settings ({@code setRescaleGrad}, {@code optWeightDecays}, {@code
     * optClipGrad}, {@code optBeginNumUpdate}).
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {

        private int beginNumUpdate;
        private int flushEvery = 64;
        private long fusedFrom = DEFAULT_FUSED_FROM;

        /** Creates the builder. */
        protected Builder() {}

        /**
         * Sets whether a step's updates may use the engine's fused multi-tensor kernel (see {@link
         * StatefulOptimizer}): {@code false} is {@code optFusedFrom(Long.MAX_VALUE)}, every
         * parameter through DJL's per-parameter update; {@code true} restores the default.
         *
         * @param fused default true
         * @return this builder
         */
        public T optFused(boolean fused) {
            return optFusedFrom(fused ? DEFAULT_FUSED_FROM : Long.MAX_VALUE);
        }

        /**
         * Sets from how many parameter values in a step the engine's fused kernel is used (see
         * {@link StatefulOptimizer}).
         *
         * @param values at least 0 (0: always; {@code Long.MAX_VALUE}: never); default {@value
         *     StatefulOptimizer#DEFAULT_FUSED_FROM}
         * @return this builder
         */
        public T optFusedFrom(long values) {
            if (values < 0) {
                throw new IllegalArgumentException("fusedFrom must be 0 or more, got " + values);
            }
            this.fusedFrom = values;
            return self();
        }

        /**
         * Sets how often a parameter's state is cleared of subnormal values (see {@link
         * StatefulOptimizer}): every {@code every} updates of it, or never for 0.
         *
         * @param every at least 0 (default 64)
         * @return this builder
         */
        public T optFlushSubnormalsEvery(int every) {
            this.flushEvery = checkFlushEvery(every);
            return self();
        }

        private static int checkFlushEvery(int every) {
            if (every < 0) {
                throw new IllegalArgumentException(
                        "flushSubnormalsEvery must be 0 or more, got " + every);
            }
            return every;
        }

        /**
         * Starts the update counts at {@code beginNumUpdate} instead of 0.
         *
         * @param beginNumUpdate the first count, at least 0
         * @return this builder
         */
        @Override
        public T optBeginNumUpdate(int beginNumUpdate) {
            if (beginNumUpdate < 0) {
                throw new IllegalArgumentException(
                        "beginNumUpdate must be 0 or more, got " + beginNumUpdate);
            }
            this.beginNumUpdate = beginNumUpdate;
            return super.optBeginNumUpdate(beginNumUpdate);
        }
    }
}
