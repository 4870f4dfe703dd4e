package org.latentkit.trainers.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.core.nd.Scalars;

/**
 * Gradient clipping by global norm (Pascanu, Mikolov and Bengio, 2013, "On the difficulty of
 * training recurrent neural networks"): with {@code g} all gradients of the block concatenated and
 * {@code ‖g‖ = sqrt(Σ g_i²)}, every gradient is scaled by {@code max / ‖g‖} when {@code ‖g‖ > max},
 * and left alone otherwise.
 *
 * <p>Uses only the {@code NDArray} API ({@code getGradient}, {@code square}, {@code sum}, {@code
 * muli}), which PyTorch and MXNet both implement in place on the gradient buffer. DJL's own {@code
 * optClipGrad} clips each element instead, which changes the gradient's direction.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Clips the block's gradients in place to a global norm of at most {@code maxNorm}.
     *
     * @param block the block, after backward
     * @param maxNorm the largest allowed norm, positive
     * @param scope a manager that owns the temporary arrays (the step's sub-manager)
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(Block block, float maxNorm, NDManager scope) {
        List<NDArray> grads = new ArrayList<>();
        double sumSquares = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (!p.getValue().requiresGradient() || !w.hasGradient()) {
                continue;
            }
            NDArray g = w.getGradient();
            g.attach(scope);
            grads.add(g);
            sumSquares += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : grads) {
                try (NDArray s = Scalars.scalar(g, scale)) {
                    g.muli(s);
                }
            }
        }
        return norm;
    }
}
