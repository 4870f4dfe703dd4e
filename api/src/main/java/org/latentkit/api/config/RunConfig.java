package org.latentkit.api.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.core.InvalidInputException;

/**
 * The settings that every latentkit run shares.
 *
 * <p>A run configuration is resolved once, before any work starts: CLI flags override a config file
 * (JSON or properties), which overrides the defaults. It is written into the run directory as
 * {@code config.json}, so a run can be repeated exactly.
 *
 * @param engine the DJL engine name, for example {@code PyTorch} or {@code MXNet}
 * @param device {@code cpu}, {@code gpu} or {@code gpuN}
 * @param seed the one seed every random stream of the run is drawn from
 * @param threads intra-op threads of the engine (1 is fastest for these small models on 2 cores)
 * @param batchSize samples per training step, at least 1
 * @param epochs maximum number of passes over the training data, at least 1
 * @param dataDir where datasets are looked up, or {@code null} for the default resolution
 * @param outDir the run directory that records and figures are written to
 */
public record RunConfig(
        String engine,
        String device,
        long seed,
        int threads,
        int batchSize,
        int epochs,
        Path dataDir,
        Path outDir) {

    /**
     * The engine used when neither a flag, a config file nor {@code DJL_DEFAULT_ENGINE} names one.
     */
    public static final String DEFAULT_ENGINE = "PyTorch";

    /** Validates every component and names the bad value. */
    public RunConfig {
        if (engine == null || engine.isBlank()) {
            throw new InvalidInputException("engine: must not be empty");
        }
        DeviceSpec.parse(device);
        requirePositive("threads", threads);
        requirePositive("batch-size", batchSize);
        requirePositive("epochs", epochs);
        if (outDir == null) {
            throw new InvalidInputException("out: an output directory is required");
        }
    }

    /**
     * Picks the engine by precedence: an explicit choice (flag or config file), then the {@code
     * DJL_DEFAULT_ENGINE} environment variable, then {@link #DEFAULT_ENGINE}.
     *
     * @param explicit the engine named by a flag or config file, or {@code null}
     * @return the engine name to use
     */
    public static String resolveEngine(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String env = System.getenv("DJL_DEFAULT_ENGINE");
        return env == null || env.isBlank() ? DEFAULT_ENGINE : env;
    }

    /**
     * Returns this configuration as flat, JSON-friendly key/value pairs.
     *
     * @return the settings, in a stable order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("engine", engine);
        map.put("device", device);
        map.put("seed", seed);
        map.put("threads", threads);
        map.put("batch_size", batchSize);
        map.put("epochs", epochs);
        map.put("data_dir", dataDir == null ? null : dataDir.toString());
        map.put("out", outDir.toString());
        return map;
    }

    static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new InvalidInputException(name + ": must be a positive number, got " + value);
        }
    }
}
