package org.latentkit.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;
import org.latentkit.api.InvalidInputException;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.autoencoder.SparseBinaryAutoencoder;
import org.latentkit.blocks.conv.ConvAutoencoder;
import org.latentkit.blocks.conv.ConvVae;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.blocks.vae.VaeExpert;

/**
 * What it takes to rebuild a saved block before DJL loads its parameters: DJL's {@code Model.save}
 * writes parameters only.
 *
 * @param architecture the registry name, for example {@code lenet-classic}
 * @param version the descriptor format version, for old files to keep loading
 * @param options architecture options as text, for example {@code classes=10}
 * @param inputShape the shape of one input, batch dimension 1
 */
public record BlockDescriptor(
        String architecture, int version, Map<String, String> options, long[] inputShape) {

    /** The descriptor format this code writes. */
    public static final int CURRENT_VERSION = 1;

    /** Validates the components. */
    public BlockDescriptor {
        if (architecture == null || architecture.isBlank()) {
            throw new InvalidInputException("model descriptor: architecture is missing");
        }
        if (version < 1 || version > CURRENT_VERSION) {
            throw new InvalidInputException(
                    "model descriptor: unsupported version "
                            + version
                            + " (this latentkit reads up to "
                            + CURRENT_VERSION
                            + ")");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
        if (inputShape == null || inputShape.length == 0) {
            throw new InvalidInputException("model descriptor: input shape is missing");
        }
    }

    /**
     * Returns the input shape for a batch of {@code n}.
     *
     * @param n the batch size
     * @return the shape
     */
    public Shape inputShape(long n) {
        long[] s = inputShape.clone();
        s[0] = n;
        return new Shape(s);
    }

    /**
     * Reads an integer option.
     *
     * @param key the option
     * @return its value
     */
    public int intOption(String key) {
        String v = options.get(key);
        if (v == null) {
            throw new InvalidInputException("model descriptor: option '" + key + "' is missing");
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "model descriptor: option '" + key + "' is not an integer: " + v);
        }
    }

    /**
     * Rebuilds the uninitialised block.
     *
     * @return the block
     */
    public Block build() {
        return switch (architecture) {
            case DenseAutoencoder.ARCHITECTURE -> DenseAutoencoder.fromDescriptor(this);
            case SparseBinaryAutoencoder.ARCHITECTURE ->
                    SparseBinaryAutoencoder.fromDescriptor(this);
            case VaeExpert.ARCHITECTURE -> VaeExpert.fromDescriptor(this);
            case MixtureOfVaeExperts.ARCHITECTURE -> MixtureOfVaeExperts.fromDescriptor(this);
            case ConvAutoencoder.ARCHITECTURE -> ConvAutoencoder.fromDescriptor(this);
            case ConvVae.ARCHITECTURE -> ConvVae.fromDescriptor(this);
            default -> Architecture.parse(architecture).create(intOption(Architecture.CLASSES));
        };
    }
}
