/*
 * What float32 subnormal values cost on this CPU, through DJL's PyTorch engine (issue 15): an
 * in-place multiplication and an in-place addition + subtraction over 48,120 values (LeNet's
 * largest layer) that are all normal (1e-3), all subnormal (1e-39) or all zero. Best of three
 * rounds of 2,000 calls each; 1 intra-op thread. Not part of CI.
 *
 * Run from the repository root after a build (./latentkit --version builds):
 *   java -cp "cli/target/latentkit.jar:cli/target/lib/*" bench/Subnormals.java
 */
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

public class Subnormals {
    public static void main(String[] args) {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int n = 48_120;
        int calls = 2_000;
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray one = m.create(1f);
            for (float value : new float[] {1e-3f, 1e-39f, 0f}) {
                NDArray x = m.full(new Shape(n), value);
                NDArray y = m.full(new Shape(n), value);
                double mul = Double.MAX_VALUE;
                double addSub = Double.MAX_VALUE;
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        x.muli(one);
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        x.addi(y).subi(y);
                    }
                    long t2 = System.nanoTime();
                    mul = Math.min(mul, (t1 - t0) / 1e3 / calls);
                    addSub = Math.min(addSub, (t2 - t1) / 1e3 / calls);
                }
                System.out.printf(
                        "%d values of %s (%s): x *= 1 %.1f us, x += y; x -= y %.1f us%n",
                        n,
                        value,
                        value == 0f ? "zero" : value < Float.MIN_NORMAL ? "subnormal" : "normal",
                        mul,
                        addSub);
                x.close();
                y.close();
            }
        }
    }
}
