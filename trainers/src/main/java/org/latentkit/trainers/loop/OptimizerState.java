package org.latentkit.trainers.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and restores a DJL optimiser's state: Adam's first and second moments, SGD's momentum, and
 * the update count that drives bias correction and learning-rate schedules.
 *
 * <p>DJL 0.35.1 offers no public way to save optimiser state: the arrays sit in private maps keyed
 * by parameter id ({@code Adam.means}, {@code Adam.variances}, {@code Sgd.momentumStates}, {@code
 * Optimizer.updateCounts} and {@code numUpdate}), and the optimiser itself is reachable only
 * through the trainer's parameter store. This class reads those fields by reflection, and keys the
 * arrays by parameter <em>name</em>, since parameter ids are random per block instance. When the
 * fields are not found (another DJL version, another optimiser), {@link #of(Trainer)} says why and
 * a checkpoint is written without optimiser state: a resumed run then restarts the moments from
 * zero.
 */
final class OptimizerState {

    /** Names of the per-parameter state maps, by optimiser class. */
    private static final Map<String, List<String>> STATE_FIELDS =
            Map.of(
                    "ai.djl.training.optimizer.Adam", List.of("means", "variances"),
                    "ai.djl.training.optimizer.Sgd", List.of("momentumStates"));

    private final Optimizer optimizer;
    private final String problem;

    private OptimizerState(Optimizer optimizer, String problem) {
        this.optimizer = optimizer;
        this.problem = problem;
    }

    /**
     * Finds the optimiser a trainer updates with.
     *
     * @param trainer the trainer
     * @return its state accessor; {@link #problem()} is non-null when the state cannot be read
     */
    static OptimizerState of(Trainer trainer) {
        try {
            Object store = read(trainer, Trainer.class, "parameterStore");
            Object server = read(store, store.getClass(), "parameterServer");
            Optimizer opt = findOptimizer(server, 2);
            if (opt == null) {
                return new OptimizerState(
                        null, "no optimiser found in " + server.getClass().getSimpleName());
            }
            if (!STATE_FIELDS.containsKey(opt.getClass().getName())) {
                return new OptimizerState(
                        null,
                        "optimiser "
                                + opt.getClass().getSimpleName()
                                + " is not one whose state latentkit can save");
            }
            return new OptimizerState(opt, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new OptimizerState(null, "optimiser state is not reachable (" + e + ")");
        }
    }

    /**
     * Returns why the state cannot be saved.
     *
     * @return the reason, or {@code null} when it can
     */
    String problem() {
        return problem;
    }

    /**
     * Returns the optimiser's name.
     *
     * @return for example {@code Adam}, or {@code none}
     */
    String name() {
        return optimizer == null ? "none" : optimizer.getClass().getSimpleName();
    }

    /**
     * Returns the number of updates done so far (Adam's {@code t}).
     *
     * @return the count
     */
    int updates() {
        try {
            return (Integer) read(optimizer, Optimizer.class, "numUpdate");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes every state array, keyed by parameter name.
     *
     * @param params the block's parameters, for id-to-name mapping
     * @param out the stream
     * @throws IOException on failure
     */
    void write(List<Pair<String, Parameter>> params, DataOutputStream out) throws IOException {
        List<String> fields = STATE_FIELDS.get(optimizer.getClass().getName());
        out.writeInt(fields.size());
        for (String field : fields) {
            Map<String, Map<Device, NDArray>> state = stateMap(field);
            List<Pair<String, NDArray>> entries = new ArrayList<>();
            for (Pair<String, Parameter> p : params) {
                Map<Device, NDArray> perDevice = state.get(p.getValue().getId());
                if (perDevice != null && !perDevice.isEmpty()) {
                    entries.add(new Pair<>(p.getKey(), perDevice.values().iterator().next()));
                }
            }
            out.writeUTF(field);
            out.writeInt(entries.size());
            for (Pair<String, NDArray> e : entries) {
                out.writeUTF(e.getKey());
                byte[] bytes = e.getValue().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * Restores the state written by {@link #write}, and the update count.
     *
     * @param params the block's parameters (new ids)
     * @param updates the update count to restore
     * @param manager owns the restored arrays (the trainer's manager)
     * @param in the stream
     * @throws IOException on failure
     */
    void read(
            List<Pair<String, Parameter>> params,
            int updates,
            NDManager manager,
            DataInputStream in)
            throws IOException {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : params) {
            byName.put(p.getKey(), p.getValue());
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String field = in.readUTF();
            Map<String, Map<Device, NDArray>> state = stateMap(field);
            int entries = in.readInt();
            for (int j = 0; j < entries; j++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                Parameter p = byName.get(name);
                if (p == null) {
                    throw new IOException(
                            "optimiser state names parameter " + name + ", which the model lacks");
                }
                NDArray weight = p.getArray();
                NDArray value = TrainingControl.ownCopy(manager, bytes, weight);
                Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
                perDevice.put(weight.getDevice(), value);
                state.put(p.getId(), perDevice);
            }
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Integer> counts =
                    (Map<String, Integer>) read(optimizer, Optimizer.class, "updateCounts");
            for (Pair<String, Parameter> p : params) {
                counts.put(p.getValue().getId(), updates);
            }
            Field num = Optimizer.class.getDeclaredField("numUpdate");
            num.setAccessible(true);
            num.setInt(optimizer, updates);
        } catch (ReflectiveOperationException e) {
            throw new IOException("could not restore the optimiser's update count", e);
        }
    }

    private Map<String, Map<Device, NDArray>> stateMap(String field) throws IOException {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Map<Device, NDArray>> m =
                    (Map<String, Map<Device, NDArray>>)
                            read(optimizer, optimizer.getClass(), field);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IOException("optimiser field " + field + " not found", e);
        }
    }

    private static Optimizer findOptimizer(Object holder, int depth) throws IllegalAccessException {
        Map<Object, Boolean> seen = new LinkedHashMap<>();
        for (Class<?> c = holder.getClass();
                c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType().isPrimitive()
                        || java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(holder);
                if (v instanceof Optimizer o) {
                    return o;
                }
                if (v != null
                        && depth > 1
                        && !seen.containsKey(v)
                        && v.getClass().getName().startsWith("ai.djl")) {
                    seen.put(v, true);
                    Optimizer o = findOptimizer(v, depth - 1);
                    if (o != null) {
                        return o;
                    }
                }
            }
        }
        return null;
    }

    private static Object read(Object target, Class<?> declaring, String name)
            throws ReflectiveOperationException {
        Field f = declaring.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
