package org.latentkit.blocks.mlp;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.latentkit.core.InvalidInputException;

/**
 * Lists of dense layer sizes, as the autoencoder and VAE builders take them and their descriptors
 * save them: validation, the comma-separated text form ({@code 256,64}) and the input shape a
 * descriptor records for {@code D} values per sample.
 */
public final class LayerSizes {

    private LayerSizes() {}

    /**
     * Checks a non-empty list of positive sizes.
     *
     * @param layers the sizes
     * @param what the option name, for error messages
     * @return a copy of the sizes
     * @throws InvalidInputException when the list is null, empty or has a size below 1
     */
    public static int[] validate(int[] layers, String what) {
        if (layers == null || layers.length == 0) {
            throw new InvalidInputException(what + ": at least one layer size is required");
        }
        if (Arrays.stream(layers).anyMatch(v -> v <= 0)) {
            throw new InvalidInputException(
                    what + ": every layer size must be positive, got " + Arrays.toString(layers));
        }
        return layers.clone();
    }

    /**
     * Writes sizes as text, the form {@link #parse} reads.
     *
     * @param layers the sizes
     * @return for example {@code 256,64}
     */
    public static String format(int[] layers) {
        return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /**
     * Parses a comma-separated list of sizes and {@link #validate validates} it.
     *
     * @param text for example {@code 256,64}
     * @param what the option name, for error messages
     * @return the sizes
     * @throws InvalidInputException when the text is blank, not integers, or not valid sizes
     */
    public static int[] parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(what + ": a comma-separated list of sizes is required");
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

    /**
     * Returns the sizes in reverse order, a mirrored decoder's hidden layers.
     *
     * @param layers {@code l1, …, lk}
     * @return {@code lk, …, l1}
     */
    public static int[] reversed(int[] layers) {
        int[] r = new int[layers.length];
        for (int i = 0; i < layers.length; i++) {
            r[i] = layers[layers.length - 1 - i];
        }
        return r;
    }

    /**
     * One input's shape for {@code D} values per sample: a 28 × 28 image for 784, else a flat
     * vector.
     *
     * @param inputSize {@code D}
     * @return {@code (1, 1, 28, 28)} or {@code (1, D)}
     */
    public static long[] inputShape(int inputSize) {
        return inputSize == 784 ? new long[] {1, 1, 28, 28} : new long[] {1, inputSize};
    }
}
