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
 * <p>Build one with {@link #builder()}: the batch size, epochs and output directory are required;
 * the engine, device, seed and threads default to {@link #resolveEngine resolveEngine(null)},
 * {@value #DEFAULT_DEVICE}, {@value #DEFAULT_SEED} and {@value #DEFAULT_THREADS}.
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

    /** The device used unless one is named. */
    public static final String DEFAULT_DEVICE = "cpu";

    /** The seed used unless one is given. */
    public static final long DEFAULT_SEED = 42;

    /** The engine's intra-op threads unless set. */
    public static final int DEFAULT_THREADS = 1;

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

    /**
     * Returns a builder holding the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RunConfig}, naming any required value left unset. */
    public static final class Builder {
        private String engine;
        private String device = DEFAULT_DEVICE;
        private long seed = DEFAULT_SEED;
        private int threads = DEFAULT_THREADS;
        private Integer batchSize;
        private Integer epochs;
        private Path dataDir;
        private Path outDir;

        private Builder() {}

        /**
         * Sets the DJL engine (default: {@link #resolveEngine resolveEngine(null)}).
         *
         * @param value the engine name, or {@code null} to resolve it
         * @return this builder
         */
        public Builder optEngine(String value) {
            this.engine = value;
            return this;
        }

        /**
         * Sets the device (default {@value RunConfig#DEFAULT_DEVICE}).
         *
         * @param value {@code cpu}, {@code gpu} or {@code gpuN}
         * @return this builder
         */
        public Builder optDevice(String value) {
            this.device = value;
            return this;
        }

        /**
         * Sets the run's seed (default {@value RunConfig#DEFAULT_SEED}).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets the engine's intra-op threads (default {@value RunConfig#DEFAULT_THREADS}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder optThreads(int value) {
            this.threads = value;
            return this;
        }

        /**
         * Sets the samples per training step (required).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder setBatchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Sets the maximum passes over the training data (required).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder setEpochs(int value) {
            this.epochs = value;
            return this;
        }

        /**
         * Sets where datasets are looked up (default {@code null}: the default resolution).
         *
         * @param value the directory, or {@code null}
         * @return this builder
         */
        public Builder optDataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /**
         * Sets the run directory (required).
         *
         * @param value the directory records and figures are written to
         * @return this builder
         */
        public Builder setOutDir(Path value) {
            this.outDir = value;
            return this;
        }

        /**
         * Validates the settings and builds the configuration.
         *
         * @return the configuration
         * @throws InvalidInputException naming the first missing or bad value
         */
        public RunConfig build() {
            if (batchSize == null) {
                throw new InvalidInputException("batch-size: is required, none given");
            }
            if (epochs == null) {
                throw new InvalidInputException("epochs: is required, none given");
            }
            return new RunConfig(
                    resolveEngine(engine),
                    device,
                    seed,
                    threads,
                    batchSize,
                    epochs,
                    dataDir,
                    outDir);
        }
    }
}
