package org.latentkit.trainers.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latentkit.trainers.optim.AdamOptimizer;
import org.latentkit.trainers.optim.SgdOptimizer;
import org.latentkit.trainers.optim.StatefulOptimizer;

/**
 * Saves and restores the state of a trainer's optimiser through {@link StatefulOptimizer}'s public
 * API: Adam's moments, SGD's momentum and every parameter's update count. Arrays are keyed by
 * parameter <em>name</em>, since parameter ids are random per block instance.
 *
 * <p>The file ({@code optimizer.bin}) holds: the magic {@code LKOS}, the format version (2), the
 * optimiser's name, its state names, then per parameter its name, its update count and one encoded
 * array per state name (length 0 when the parameter has no such state yet). Version 1 (written by
 * latentkit before it had its own optimisers: DJL's {@code Adam}/{@code Sgd} fields, one update
 * count for all) is still read.
 */
final class OptimizerState {

    private static final int MAGIC = 0x4C4B4F53;
    private static final int VERSION = 2;

    /** Version 1's field names, mapped to the state names. */
    private static final Map<String, String> V1_FIELDS =
            Map.of(
                    "means", AdamOptimizer.MEAN,
                    "variances", AdamOptimizer.VARIANCE,
                    "momentumStates", SgdOptimizer.MOMENTUM);

    private final StatefulOptimizer optimizer;
    private final String problem;

    private OptimizerState(StatefulOptimizer optimizer, String problem) {
        this.optimizer = optimizer;
        this.problem = problem;
    }

    /**
     * Finds the optimiser a trainer updates with.
     *
     * @param trainer the trainer
     * @return its state accessor; {@link #problem()} is non-null when the state cannot be saved
     */
    static OptimizerState of(Trainer trainer) {
        if (!(trainer instanceof LeanTrainer lean)) {
            return new OptimizerState(
                    null,
                    "trainer "
                            + trainer.getClass().getSimpleName()
                            + " does not expose its optimiser; create it with LeanTrainer.of");
        }
        Optimizer opt = lean.getOptimizer();
        if (opt instanceof StatefulOptimizer s) {
            return new OptimizerState(s, null);
        }
        return new OptimizerState(
                null,
                "optimiser "
                        + (opt == null ? "none" : opt.getClass().getSimpleName())
                        + " is not one whose state latentkit can save (use OptimizerKind.create)");
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
        return optimizer == null ? "none" : optimizer.getName();
    }

    /**
     * Returns the global update count (Adam's {@code t} at the last step).
     *
     * @return the count
     */
    int updates() {
        return optimizer.getNumUpdate();
    }

    /**
     * Writes every parameter's update count and state arrays, keyed by parameter name.
     *
     * @param params the block's parameters, for id-to-name mapping
     * @param out the stream
     * @throws IOException on failure
     */
    void write(List<Pair<String, Parameter>> params, DataOutputStream out) throws IOException {
        List<String> names = optimizer.getStateNames();
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(optimizer.getName());
        out.writeInt(names.size());
        for (String n : names) {
            out.writeUTF(n);
        }
        out.writeInt(params.size());
        for (Pair<String, Parameter> p : params) {
            String id = p.getValue().getId();
            out.writeUTF(p.getKey());
            out.writeInt(optimizer.getUpdateCount(id));
            for (String n : names) {
                Optional<NDArray> state = optimizer.getState(n, id);
                byte[] bytes = state.isPresent() ? state.get().encode() : new byte[0];
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * Restores the state written by {@link #write}.
     *
     * @param params the block's parameters (new ids)
     * @param updates the manifest's global update count, used only for version-1 files
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
        int first = in.readInt();
        if (first != MAGIC) {
            readVersion1(first, byName, params, updates, manager, in);
            return;
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("optimiser state has format " + version + ", not " + VERSION);
        }
        String name = in.readUTF();
        if (!name.equals(optimizer.getName())) {
            throw new IOException(
                    "optimiser state is " + name + "'s, this run uses " + optimizer.getName());
        }
        String[] names = new String[in.readInt()];
        for (int i = 0; i < names.length; i++) {
            names[i] = in.readUTF();
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Parameter p = parameter(byName, in.readUTF());
            optimizer.setUpdateCount(p.getId(), in.readInt());
            for (String state : names) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                if (bytes.length > 0) {
                    restore(state, p, bytes, manager);
                }
            }
        }
    }

    private void readVersion1(
            int fields,
            Map<String, Parameter> byName,
            List<Pair<String, Parameter>> params,
            int updates,
            NDManager manager,
            DataInputStream in)
            throws IOException {
        for (int i = 0; i < fields; i++) {
            String field = in.readUTF();
            String state = V1_FIELDS.get(field);
            if (state == null) {
                throw new IOException("optimiser state has unknown field " + field);
            }
            int entries = in.readInt();
            for (int j = 0; j < entries; j++) {
                Parameter p = parameter(byName, in.readUTF());
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                restore(state, p, bytes, manager);
            }
        }
        for (Pair<String, Parameter> p : params) {
            optimizer.setUpdateCount(p.getValue().getId(), updates);
        }
    }

    private void restore(String state, Parameter p, byte[] bytes, NDManager manager)
            throws IOException {
        NDArray weight = p.getArray();
        NDArray value = TrainingControl.ownCopy(manager, bytes, weight);
        if (!value.getShape().equals(weight.getShape())) {
            throw new IOException(
                    "optimiser state "
                            + state
                            + " of "
                            + p.getName()
                            + " has shape "
                            + value.getShape()
                            + ", the parameter "
                            + weight.getShape());
        }
        optimizer.setState(state, p.getId(), value);
    }

    private static Parameter parameter(Map<String, Parameter> byName, String name)
            throws IOException {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IOException(
                    "optimiser state names parameter " + name + ", which the model lacks");
        }
        return p;
    }
}
