package org.latentkit.blocks.binary;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.DescribedBlockFactory;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.Mlp;
import org.latentkit.core.InvalidInputException;

/**
 * Rebuilds the bucket encoder ({@code bucket-encoder}): the MLP of the unsupervised binary-code
 * classifier, {@code (N, 1, 28, 28)} images to {@code (N, bits)} tanh outputs {@code t}, whose
 * bucket is the bit string {@code b_j = [t_j > 0]}. Only the encoder is saved: the second view of
 * training ({@link TwoViewEncoder}) plays no part in inference.
 */
public final class BucketEncoderFactory extends DescribedBlockFactory {

    /** The descriptor's architecture name. */
    public static final String ARCHITECTURE = "bucket-encoder";

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by name). */
    public BucketEncoderFactory() {}

    /**
     * Builds a fresh, uninitialised bucket encoder.
     *
     * @param hidden the hidden layer sizes
     * @param bits the code bits
     * @param activation the hidden activation
     * @return the MLP with a tanh output
     */
    public static Block create(int[] hidden, int bits, ActivationKind activation) {
        return Mlp.builder()
                .setHidden(hidden)
                .setOutputs(bits)
                .optActivation(activation)
                .optOutputActivation(ActivationKind.TANH)
                .build();
    }

    /**
     * Describes a bucket encoder for saving.
     *
     * @param hidden the hidden layer sizes
     * @param bits the code bits
     * @param activation the hidden activation
     * @return the descriptor
     */
    public static BlockDescriptor descriptor(int[] hidden, int bits, ActivationKind activation) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(
                "hidden",
                String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()));
        o.put("bits", Integer.toString(bits));
        o.put("activation", activation.id());
        return BlockDescriptor.of(
                ARCHITECTURE, o, new long[] {1, 1, 28, 28}, BucketEncoderFactory.class);
    }

    @Override
    public Set<String> architectures() {
        return Set.of(ARCHITECTURE);
    }

    @Override
    protected Block build(BlockDescriptor d) {
        String text = d.options().getOrDefault("hidden", "");
        int[] hidden;
        try {
            hidden =
                    text.isBlank()
                            ? new int[0]
                            : Arrays.stream(text.split(","))
                                    .mapToInt(s -> Integer.parseInt(s.trim()))
                                    .toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model descriptor: hidden is not a size list: " + text);
        }
        return create(
                hidden,
                d.intOption("bits"),
                ActivationKind.parse(d.options().getOrDefault("activation", "relu")));
    }
}
