package org.latentkit.cli;

import java.nio.file.Path;
import org.latentkit.api.config.EngineSetup;
import org.latentkit.api.config.RunConfig;
import org.latentkit.trainers.loop.EngineContext;
import picocli.CommandLine.Option;

/**
 * Flags of the commands that load saved models: on which engine and device, and where the data are.
 */
final class LoadOptions {

    @Option(names = "--engine", paramLabel = "NAME", description = "DJL engine (default: PyTorch).")
    String engine;

    @Option(
            names = "--device",
            paramLabel = "D",
            defaultValue = "cpu",
            description = "cpu, gpu or gpuN (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the IDX files are.")
    Path dataDir;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces.")
    boolean verbose;

    /** The engine and device to load onto (one intra-op thread, as for training). */
    EngineContext context() {
        EngineSetup.configureThreads(1);
        return EngineContext.of(RunConfig.resolveEngine(engine), device);
    }
}
