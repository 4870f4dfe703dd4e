package org.latentkit.trainers.loop;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import org.latentkit.api.config.DeviceSpec;
import org.latentkit.api.config.EngineSetup;

/**
 * An engine and a device, chosen by name, from which models are made. Nothing here imports an
 * engine class: the engine is found on the classpath by DJL.
 *
 * @param engine the engine
 * @param device the device models live on
 */
public record EngineContext(Engine engine, Device device) {

    /**
     * Resolves an engine and device by name, with clear errors for unknown engines and missing
     * GPUs.
     *
     * @param engineName for example {@code PyTorch} or {@code MXNet}
     * @param device {@code cpu}, {@code gpu} or {@code gpuN}
     * @return the context
     */
    public static EngineContext of(String engineName, String device) {
        Engine engine = EngineSetup.engine(engineName);
        return new EngineContext(engine, EngineSetup.device(engine, DeviceSpec.parse(device)));
    }

    /**
     * Creates an empty model holding {@code block} on this engine and device.
     *
     * @param block the uninitialised block
     * @return the model; the caller closes it
     */
    public Model newModel(Block block) {
        Model model = Model.newInstance("latentkit", device, engine.getEngineName());
        model.setBlock(block);
        return model;
    }

    /**
     * Seeds the engine's random generator (initialisation, dropout, noise).
     *
     * @param seed the seed
     */
    public void seed(long seed) {
        engine.setRandomSeed((int) seed);
    }

    /**
     * Returns the device as the CLI writes it.
     *
     * @return {@code cpu} or {@code gpuN}
     */
    public String deviceName() {
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }

    /**
     * Returns the engine's name.
     *
     * @return for example {@code PyTorch}
     */
    public String engineName() {
        return engine.getEngineName();
    }

    /**
     * The set-up every trainer shares: a DJL configuration with the loss, the optimiser, this
     * context's device and the hooks' DJL listeners and evaluators; a {@link LeanTrainer} on it,
     * initialised for {@code inputShape}. Seed the engine ({@link #seed}) before building the
     * model, so that the initial parameters follow the run's seed.
     *
     * @param model the model, holding its block
     * @param loss the training loss
     * @param optimizer the optimiser
     * @param hooks DJL listeners and evaluators to add ({@link FitHooks#configure})
     * @param inputShape the shape of one input batch, {@code (B, ...)}
     * @return the initialised trainer; the caller closes it
     */
    public Trainer newTrainer(
            Model model, Loss loss, Optimizer optimizer, FitHooks hooks, Shape inputShape) {
        DefaultTrainingConfig config =
                hooks.configure(
                        new DefaultTrainingConfig(loss)
                                .optOptimizer(optimizer)
                                .optDevices(new Device[] {device}));
        Trainer trainer = LeanTrainer.of(model, config);
        try {
            trainer.initialize(inputShape);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
        return trainer;
    }
}
