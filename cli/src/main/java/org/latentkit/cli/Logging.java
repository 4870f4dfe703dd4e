package org.latentkit.cli;

/**
 * Quiet engine logs for users: DJL's CUDA-detection warning on machines with a CUDA toolkit but no
 * GPU, and engine start-up chatter, are hidden unless {@code --verbose}.
 */
final class Logging {

    private Logging() {}

    static void configure(boolean verbose) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        if (!verbose) {
            // The CUDA probe logs at warn level when libcudart is present but no device is.
            setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
            setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.engine", "error");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
