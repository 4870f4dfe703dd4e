package org.latentkit.blocks.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.initializer.Initializer;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;

/** Helpers shared by the VAE blocks: activations as functions and fan-in initialisation. */
final class Stacked {

    private Stacked() {}

    /**
     * Applies an activation element-wise.
     *
     * @param kind the activation
     * @param x any array
     * @return the activated array
     */
    static NDArray activate(ActivationKind kind, NDArray x) {
        return switch (kind) {
            case RELU -> Activation.relu(x);
            case LEAKY_RELU -> Activation.leakyRelu(x, ActivationKind.LEAKY_SLOPE);
            case TANH -> Activation.tanh(x);
            case SIGMOID -> Activation.sigmoid(x);
            case IDENTITY -> x;
        };
    }

    /**
     * PyTorch's default {@code Linear} initialisation for a (stacked) weight of shape {@code (…,
     * in, out)}: {@code U(−1/√in, 1/√in)}. DJL's Xavier would read the fan-in of a 3-d weight from
     * the wrong axis.
     */
    static final Initializer FAN_IN_UNIFORM =
            (NDManager manager, Shape shape, DataType dataType) -> {
                long fanIn = shape.get(shape.dimension() - 2);
                float a = (float) (1 / Math.sqrt(fanIn));
                return manager.randomUniform(-a, a, shape, dataType);
            };

    /**
     * Checks that an input shape holds {@code D} values per sample.
     *
     * @param block the block's name, for the message
     * @param input {@code (N, *)}
     * @param inputSize {@code D}
     * @return {@code N}
     * @throws InvalidInputException when the shape has another number of values per sample
     */
    static long checkValuesPerSample(String block, Shape input, int inputSize) {
        long n = input.get(0);
        if (input.size() != n * inputSize) {
            throw new InvalidInputException(
                    block
                            + ": input "
                            + input
                            + " does not have "
                            + inputSize
                            + " values per sample");
        }
        return n;
    }
}
