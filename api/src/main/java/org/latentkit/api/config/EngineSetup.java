package org.latentkit.api.config;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Set;
import java.util.TreeSet;
import org.latentkit.core.InvalidInputException;

/**
 * Chooses and prepares a DJL engine by name, without importing any engine class.
 *
 * <p>Engines are found on the classpath through DJL's service loader, so switching from PyTorch to
 * MXNet is a configuration change only.
 */
public final class EngineSetup {

    private EngineSetup() {}

    /**
     * Sets the engine thread counts. Call it before the first engine is loaded: PyTorch reads these
     * properties when it starts. MXNet and MKL read {@code OMP_NUM_THREADS}, which the {@code
     * latentkit} launcher sets.
     *
     * @param threads intra-op threads
     */
    public static void configureThreads(int threads) {
        RunConfig.requirePositive("threads", threads);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /**
     * Returns the engine of that name, or a clear error listing the engines on the classpath.
     *
     * @param name the engine name, case-insensitive
     * @return the engine
     */
    public static Engine engine(String name) {
        Set<String> all = new TreeSet<>(Engine.getAllEngines());
        for (String candidate : all) {
            if (candidate.equalsIgnoreCase(name)) {
                try {
                    return Engine.getEngine(candidate);
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    throw new InvalidInputException(
                            "engine: " + candidate + " could not start: " + e.getMessage(), e);
                }
            }
        }
        all.remove("RPC"); // DJL's remote-serving engine cannot train: not a choice to offer
        throw new InvalidInputException(
                "engine: unknown engine '" + name + "' (valid: " + String.join(", ", all) + ")");
    }

    /**
     * Resolves a device on an engine. Asking for a GPU where the engine has none is an error, never
     * a silent fallback to the CPU.
     *
     * @param engine the engine
     * @param spec the parsed device
     * @return the DJL device
     */
    public static Device device(Engine engine, DeviceSpec spec) {
        if (!spec.gpu()) {
            return Device.cpu();
        }
        int count = engine.hasCapability(StandardCapabilities.CUDA) ? engine.getGpuCount() : 0;
        if (count == 0) {
            throw new InvalidInputException(
                    "device: "
                            + spec
                            + " asked for, but engine "
                            + engine.getEngineName()
                            + " sees no GPU (CPU-only natives or no CUDA device;"
                            + " see README 'GPU')");
        }
        if (spec.index() >= count) {
            throw new InvalidInputException(
                    "device: "
                            + spec
                            + " does not exist (engine "
                            + engine.getEngineName()
                            + " sees "
                            + count
                            + " GPU(s): gpu0..gpu"
                            + (count - 1)
                            + ")");
        }
        return Device.gpu(spec.index());
    }
}
