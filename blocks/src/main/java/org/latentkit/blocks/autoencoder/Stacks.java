package org.latentkit.blocks.autoencoder;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;

/** Shared pieces of the autoencoders: layer-size lists and mirrored Linear stacks. */
final class Stacks {

    private Stacks() {}

    /** Encoder: flatten, then {@code Linear(l_i) → act_i}; the last layer gets {@code codeAct}. */
    static SequentialBlock encoder(int[] layers, ActivationKind hidden, ActivationKind codeAct) {
        SequentialBlock b = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int i = 0; i < layers.length; i++) {
            b.add(Linear.builder().setUnits(layers[i]).build());
            ActivationKind a = i == layers.length - 1 ? codeAct : hidden;
            if (a != ActivationKind.IDENTITY) {
                b.add(a.block());
            }
        }
        return b;
    }

    /**
     * Decoder: the encoder's hidden sizes in reverse with {@code hidden}, then {@code Linear(out) →
     * sigmoid}.
     */
    static SequentialBlock decoder(int[] layers, ActivationKind hidden, int outputs) {
        SequentialBlock b = new SequentialBlock();
        for (int i = layers.length - 2; i >= 0; i--) {
            b.add(Linear.builder().setUnits(layers[i]).build());
            if (hidden != ActivationKind.IDENTITY) {
                b.add(hidden.block());
            }
        }
        return b.add(Linear.builder().setUnits(outputs).build())
                .add(ActivationKind.SIGMOID.block());
    }

    static int[] validate(int[] layers, String what) {
        if (layers == null || layers.length == 0) {
            throw new InvalidInputException(what + ": at least one layer size is required");
        }
        if (Arrays.stream(layers).anyMatch(h -> h <= 0)) {
            throw new InvalidInputException(
                    what + ": every layer size must be positive, got " + format(layers));
        }
        return layers.clone();
    }

    static String format(int[] layers) {
        return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /**
     * Parses a comma-separated list of layer sizes.
     *
     * @param text for example {@code 256,64}
     * @param what the option name, for error messages
     * @return the sizes
     */
    static int[] parse(String text, String what) {
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
            throw new InvalidInputException(what + ": not a list of integers: '" + text + "'");
        }
    }

    static long[] inputShape(int inputSize) {
        return inputSize == 784 ? new long[] {1, 1, 28, 28} : new long[] {1, inputSize};
    }
}
