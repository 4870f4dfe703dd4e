package org.latentkit.cli;

import java.nio.file.Path;
import org.latentkit.api.config.RunConfig;
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
            defaultValue = RunConfig.DEFAULT_DEVICE,
            description =
                    "cpu, gpu or gpuN; a GPU that is not there is an error (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "" + RunConfig.DEFAULT_THREADS,
            description =
                    "Intra-op threads; 1 is fastest for these small models (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "" + RunConfig.DEFAULT_SEED,
            description =
                    "Seed for initialisation, shuffling and subsets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "mnist",
            description =
                    "mnist, fashion-mnist, or image-folder (your own images in --data-dir; "
                            + "chosen by itself for a folder with no IDX files) "
                            + "(default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the IDX files are (default: $LATENTKIT_DATA, then ~/.cache/latentkit); "
                            + "a folder with no IDX files is a folder of your own PNG/JPEG images, "
                            + "one subfolder per class (train/ and test/ subfolders, or "
                            + "--test-fraction held out).")
    Path dataDir;

    @Option(
            names = "--resize",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Scale image-folder images of another size to 28x28; --no-resize refuses "
                            + "them (default: ${DEFAULT-VALUE}).")
    boolean resize;

    @Option(
            names = "--test-fraction",
            paramLabel = "F",
            defaultValue = "0.2",
            description =
                    "Share of each class of an image folder held out for testing when it has no "
                            + "train/ and test/ subfolders: image j of a class (by file name) is a "
                            + "test image when floor((j+1)F) > floor(jF) (default: ${DEFAULT-VALUE}, "
                            + "every fifth).")
    double testFraction;

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
