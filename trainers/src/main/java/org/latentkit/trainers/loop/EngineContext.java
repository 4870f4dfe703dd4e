package org.latentkit.trainers.loop;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
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
}
