package org.latentkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags every running command shares: engine, device, data, output and reproducibility. */
final class CommonOptions {

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            description =
                    "DJL engine: PyTorch or MXNet (default: the config file, then "
                            + "$DJL_DEFAULT_ENGINE, then PyTorch).")
    String engine;

    @Option(
            names = "--device",
            paramLabel = "D",
            defaultValue = "cpu",
            description =
                    "cpu, gpu or gpuN; a GPU that is not there is an error (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Intra-op threads; 1 is fastest for these small models (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description =
                    "Seed for initialisation, shuffling and subsets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "mnist",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the IDX files are (default: $LATENTKIT_DATA, then ~/.cache/latentkit).")
    Path dataDir;

    @Option(
            names = "--download",
            description =
                    "Load the dataset through DJL's own repository, downloading it on first use "
                            + "(needs internet; the default path is offline).")
    boolean download;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Run directory for metrics.json, config.json, model and figures "
                            + "(default: runs/<command>-<time>).")
    Path out;

    @Option(
            names = "--overwrite",
            description = "Allow --out to be a directory that holds a different run.")
    boolean overwrite;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "JSON or properties file of option defaults; flags override it.")
    Path config;

    @Option(
            names = "--max-batches",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Stop each epoch after N steps, for smoke tests (default: ${DEFAULT-VALUE}, no limit).")
    int maxBatches;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces and engine logs.")
    boolean verbose;
}
