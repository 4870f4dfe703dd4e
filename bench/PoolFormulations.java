/*
 * LeNet's 2x2 average pooling, two formulations of the same maths on DJL's PyTorch engine (issue 15):
 * the engine's avg_pool2d kernel, and a reshape (N, C, H/2, 2, W/2, 2) summed over the two window axes
 * and scaled by 1/4. Prints the largest difference of their outputs, then forward + backward time per
 * call on LeNet classic's two pooled shapes at batch 32, three alternating rounds, best of two repeats
 * of 2,000 calls each. Not part of CI; 1 intra-op thread.
 *
 * Run from the repository root after a build (./latentkit --version builds):
 *   java -cp "cli/target/latentkit.jar:cli/target/lib/*" bench/PoolFormulations.java
 */
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;

public class PoolFormulations {
    public static void main(String[] args) {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        UnaryOperator<NDArray> kernel =
                x -> Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
        UnaryOperator<NDArray> reshape =
                x -> {
                    Shape s = x.getShape();
                    return x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3) / 2, 2)
                            .sum(new int[] {3, 5})
                            .mul(0.25f);
                };
        for (Shape shape : new Shape[] {new Shape(32, 6, 28, 28), new Shape(32, 16, 10, 10)}) {
            try (NDManager m = engine.newBaseManager()) {
                NDArray x0 = m.randomNormal(shape);
                float diff = kernel.apply(x0).sub(reshape.apply(x0)).abs().max().getFloat();
                System.out.printf("%s: max |avg_pool2d - reshape-sum/4| = %.2e%n", shape, diff);
                for (int round = 1; round <= 3; round++) {
                    System.out.printf(
                            "  round %d: avg_pool2d %.0f us, reshape-sum %.0f us (forward + backward)%n",
                            round, time(engine, m, x0, kernel), time(engine, m, x0, reshape));
                }
            }
        }
    }

    private static double time(Engine e, NDManager m, NDArray x0, UnaryOperator<NDArray> op) {
        int n = 2000;
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = x0.duplicate();
                    x.attach(step);
                    x.setRequiresGradient(true);
                    try (GradientCollector g = e.newGradientCollector()) {
                        g.backward(op.apply(x).sum());
                    }
                }
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e3 / n;
    }
}
