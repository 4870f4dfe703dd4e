package org.latentkit.trainers.loop;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.latentkit.trainers.optim.StatefulOptimizer;

/**
 * A DJL {@link Trainer} whose {@link #step()} hands each parameter and its gradient straight to the
 * optimiser's fused update, for a model on one device.
 *
 * <p>DJL's own step goes through a parameter server built for several devices: for every parameter
 * on every step it wraps the gradient, copies it ({@code duplicate}), updates, and closes both. On
 * one device the copy is pure overhead: for the dense autoencoder (435,536 parameters, Adam) it is
 * most of the optimiser time. Here the update reads the gradient in place; the optimiser object,
 * its state and its per-parameter update counts are the very ones DJL's step would use, so the
 * arithmetic is identical (a test checks it, on both engines). On PyTorch the first step goes
 * through DJL's path, which also checks that gradients reach the parameters. On MXNet every step is
 * direct, the first included: DJL's MXNet parameter store copies the weights into its own store at
 * {@code initialize} and, on each DJL step, updates that copy and writes it back over the
 * parameters, so weights restored from a checkpoint after {@code initialize} would be overwritten
 * by the stale copy. Stepping directly, the parameters' own arrays are the only weights, and resume
 * works. With several devices every step goes through DJL's path.
 *
 * <p>A latentkit {@link StatefulOptimizer} gets the whole step at once ({@link
 * StatefulOptimizer#updateAll}), which it can make one fused engine call; any other optimiser gets
 * one {@link Optimizer#update} per parameter. Nothing here is engine-specific but the choice of
 * path: it uses only {@link NDArray#getGradient()} and the optimiser's methods.
 */
public final class LeanTrainer extends Trainer {

    /** Engines whose direct step is verified equal to DJL's (LeanTrainerTest). */
    private static final Set<String> DIRECT_ENGINES = Set.of("PyTorch", "MXNet");

    private final Optimizer optimizer;
    private boolean direct;
    private List<Parameter> parameters;
    private boolean checked;
    private final boolean firstStepThroughDjl;

    /**
     * Creates a trainer, as {@link Model#newTrainer} does.
     *
     * @param model the model
     * @param config the training configuration; its optimiser is used for the updates
     */
    public LeanTrainer(Model model, TrainingConfig config) {
        super(model, config);
        this.optimizer = config.getOptimizer();
        Device[] devices = getDevices();
        this.direct =
                devices.length == 1
                        && optimizer != null
                        && DIRECT_ENGINES.contains(
                                model.getNDManager().getEngine().getEngineName());
        this.firstStepThroughDjl =
                !"MXNet".equals(model.getNDManager().getEngine().getEngineName());
    }

    /**
     * Creates a lean trainer for a model.
     *
     * @param model the model
     * @param config the training configuration
     * @return the trainer; the caller closes it
     */
    public static Trainer of(Model model, TrainingConfig config) {
        return new LeanTrainer(model, config);
    }

    /**
     * Returns the optimiser this trainer updates with, the one of its training configuration.
     *
     * @return the optimiser, or {@code null} when the configuration has none
     */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /**
     * Returns whether every step updates the parameters' own arrays, never through DJL's parameter
     * store: true on MXNet with one device, where only then can a checkpoint be loaded into a
     * running trainer.
     *
     * @return whether no step goes through the parameter store
     */
    public boolean stepsDirectly() {
        return direct && !firstStepThroughDjl;
    }

    /** Updates every trainable parameter from its gradient, then clears the gradient. */
    @Override
    public void step() {
        if (!direct || (!checked && firstStepThroughDjl)) {
            super.step();
            checked = true;
            return;
        }
        if (parameters == null) {
            parameters = trainableParameters();
            if (parameters == null) {
                direct = false;
                super.step();
                return;
            }
        }
        if (optimizer instanceof StatefulOptimizer stateful) {
            List<String> ids = new ArrayList<>(parameters.size());
            List<NDArray> weights = new ArrayList<>(parameters.size());
            List<NDArray> grads = new ArrayList<>(parameters.size());
            try {
                for (Parameter p : parameters) {
                    NDArray weight = p.getArray();
                    ids.add(p.getId());
                    weights.add(weight);
                    grads.add(weight.getGradient());
                }
                stateful.updateAll(ids, weights, grads);
            } finally {
                grads.forEach(NDArray::close);
            }
            return;
        }
        for (Parameter p : parameters) {
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getId(), weight, grad);
            }
        }
    }

    /**
     * The trainable parameters, or {@code null} when one lives on another device than the trainer.
     */
    private List<Parameter> trainableParameters() {
        List<Parameter> list = new ArrayList<>();
        Device device = getDevices()[0];
        for (Pair<String, Parameter> p : getModel().getBlock().getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                if (!parameter.getArray().getDevice().equals(device)) {
                    return null;
                }
                list.add(parameter);
            }
        }
        return list;
    }
}
