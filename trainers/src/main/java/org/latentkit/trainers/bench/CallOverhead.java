package org.latentkit.trainers.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.core.InvalidInputException;

/**
 * The fixed cost of one engine call through DJL: operators on one-element arrays, where the kernel
 * does almost nothing and the time is the call itself (the Java side, the JNI crossing, the
 * engine's dispatch and the result's allocation and release).
 *
 * <ul>
 *   <li><b>forward:</b> {@code c = a + b} on {@code (1)} arrays, each result closed at once;
 *   <li><b>forward and backward:</b> {@code y = a · b} recorded by one {@link GradientCollector}
 *       open for the whole loop, then {@code backward(y)}: one operator and its autograd node per
 *       iteration (the gradient accumulates in {@code a}, as it does in PyTorch).
 * </ul>
 *
 * <p>Each is run {@code iterations} times after as many unmeasured ones, and reported in
 * microseconds per iteration. {@code bench/peer_bench.py --call-overhead} measures the same two
 * loops in PyTorch (Python), so that a workload's engine calls per step ({@code bench/profile.sh})
 * times the difference gives the share of a step-time gap that is call overhead.
 *
 * @param forwardMicros microseconds per forward call
 * @param backwardMicros microseconds per recorded operator plus its backward pass
 * @param iterations measured iterations of each
 */
public record CallOverhead(double forwardMicros, double backwardMicros, int iterations) {

    /**
     * Measures both loops on an engine.
     *
     * @param engine the engine
     * @param iterations measured iterations per loop, at least 1
     * @return the costs
     */
    public static CallOverhead measure(Engine engine, int iterations) {
        if (iterations < 1) {
            throw new InvalidInputException(
                    "call-overhead: iterations must be at least 1, got " + iterations);
        }
        try (NDManager m = engine.newBaseManager()) {
            NDArray a = m.ones(new Shape(1));
            NDArray b = m.ones(new Shape(1));
            forward(a, b, iterations);
            long t0 = System.nanoTime();
            forward(a, b, iterations);
            double fwd = (System.nanoTime() - t0) / 1e3 / iterations;
            a.setRequiresGradient(true);
            backward(engine, a, b, iterations);
            long t1 = System.nanoTime();
            backward(engine, a, b, iterations);
            double bwd = (System.nanoTime() - t1) / 1e3 / iterations;
            return new CallOverhead(fwd, bwd, iterations);
        }
    }

    private static void forward(NDArray a, NDArray b, int n) {
        for (int i = 0; i < n; i++) {
            a.add(b).close();
        }
    }

    private static void backward(Engine engine, NDArray a, NDArray b, int n) {
        try (GradientCollector gc = engine.newGradientCollector()) {
            for (int i = 0; i < n; i++) {
                NDArray y = a.mul(b);
                gc.backward(y);
                y.close();
            }
        }
    }

    /**
     * Returns the figures for {@code bench.json}.
     *
     * @return {@code forward_us}, {@code forward_backward_us}, {@code iterations}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("forward_us", forwardMicros);
        map.put("forward_backward_us", backwardMicros);
        map.put("iterations", iterations);
        return map;
    }
}
