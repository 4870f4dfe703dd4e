package org.latentkit.blocks.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.initializer.Initializer;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;

/**
 * Helpers shared by the VAE blocks: activations as functions, fan-in initialisation, layer lists.
 */
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

    static int[] validate(int[] layers, String what) {
        if (layers == null || layers.length == 0) {
            throw new InvalidInputException(what + ": at least one layer size is required");
        }
        if (Arrays.stream(layers).anyMatch(v -> v <= 0)) {
            throw new InvalidInputException(
                    what + ": every layer size must be positive, got " + Arrays.toString(layers));
        }
        return layers.clone();
    }

    static String format(int[] layers) {
        return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    static int[] parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(what + ": missing");
        }
        try {
            return validate(
                    Arrays.stream(text.split(","))
                            .map(String::trim)
                            .mapToInt(Integer::parseInt)
                            .toArray(),
                    what);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    what + ": not a comma-separated list of integers: '" + text + "'");
        }
    }

    static int[] reversed(int[] layers) {
        int[] r = new int[layers.length];
        for (int i = 0; i < layers.length; i++) {
            r[i] = layers[layers.length - 1 - i];
        }
        return r;
    }

    /** One input's shape: a 28 × 28 image for 784 values, else a flat vector. */
    static long[] inputShape(int inputSize) {
        return inputSize == 784 ? new long[] {1, 1, 28, 28} : new long[] {1, inputSize};
    }
}
