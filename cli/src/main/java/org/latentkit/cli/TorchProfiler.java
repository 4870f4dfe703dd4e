package org.latentkit.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.bench.Benchmark;

/**
 * PyTorch's operator profiler for {@code bench --profile}: DJL's {@code
 * ai.djl.pytorch.jni.JniUtils.startProfile(useCuda, recordShapes, profileMemory)} and {@code
 * stopProfile(file)}, which write every operator the engine ran (forward, the autograd engine's
 * backward nodes and the optimiser's updates) as a Chrome trace (JSON; open it in Perfetto or
 * {@code chrome://tracing}, or summarise it with {@code bench/trace_summary.py}).
 *
 * <p>The engine is a runtime dependency of the CLI, so the two public static methods are looked up
 * by name when a profile is asked for, and a PyTorch engine that lacks them is reported as such.
 * The trace is written beside its final name and moved there, so a crash leaves no half file.
 */
final class TorchProfiler implements Benchmark.Profiler {

    private static final String JNI_UTILS = "ai.djl.pytorch.jni.JniUtils";

    private final Path trace;
    private final Method start;
    private final Method stop;

    private TorchProfiler(Path trace, Method start, Method stop) {
        this.trace = trace;
        this.start = start;
        this.stop = stop;
    }

    /**
     * Refuses a profile on any engine but PyTorch, before a run starts.
     *
     * @param engine the run's engine name
     * @throws InvalidInputException naming the engine
     */
    static void requirePyTorch(String engine) {
        if (!"PyTorch".equalsIgnoreCase(engine)) {
            throw new InvalidInputException(
                    "profile: needs the PyTorch engine (its operator profiler writes the trace), got "
                            + engine);
        }
    }

    /**
     * Finds the profiler of the loaded PyTorch engine.
     *
     * @param engine the run's engine name
     * @param trace where the Chrome trace goes
     * @return the profiler
     * @throws InvalidInputException on another engine, or a PyTorch engine without a profiler
     */
    static TorchProfiler forEngine(String engine, Path trace) {
        requirePyTorch(engine);
        try {
            Class<?> jni = Class.forName(JNI_UTILS);
            return new TorchProfiler(
                    trace,
                    jni.getMethod("startProfile", boolean.class, boolean.class, boolean.class),
                    jni.getMethod("stopProfile", String.class));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new InvalidInputException(
                    "profile: this PyTorch engine has no profiler (" + e.getMessage() + ")");
        }
    }

    /** {@inheritDoc} CPU operators only, without shapes or memory. */
    @Override
    public void start() {
        call(start, false, false, false);
    }

    /** {@inheritDoc} Writes the trace. */
    @Override
    public void stop() {
        Path partial = trace.resolveSibling("." + trace.getFileName() + ".tmp");
        call(stop, partial.toString());
        try {
            Files.move(
                    partial,
                    trace,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("profile: cannot write " + trace + ": " + e, e);
        }
    }

    private static void call(Method m, Object... args) {
        try {
            m.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("profile: " + m + " is not accessible", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }
}
