package org.latentkit.blocks.semisup;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.DescribedBlockFactory;
import org.latentkit.blocks.conv.ConvAutoencoder;
import org.latentkit.blocks.conv.ConvVae;
import org.latentkit.blocks.vae.VaeExpert;
import org.latentkit.core.InvalidInputException;

/**
 * Rebuilds the semi-supervised head ({@code feature-classifier}): a {@link FeatureClassifier},
 * {@code (N, 1, 28, 28)} images to {@code (N, classes)} logits, on the encoder of a pretrained
 * autoencoder or on flattened pixels.
 *
 * <p>The features are described by the autoencoder's own descriptor, nested in the options under
 * {@code features.} (its block arguments), or by {@code features=pixels}; the autoencoder is
 * rebuilt through its family's factory and its encoder taken ({@link #encoderOf}). The
 * standardisation statistics μ and σ, when present, are options too ({@code mean}, {@code scale},
 * comma-separated, exact float text). The saved parameters hold the encoder's and the head's.
 */
public final class FeatureClassifierFactory extends DescribedBlockFactory {

    /** The descriptor's architecture name. */
    public static final String ARCHITECTURE = "feature-classifier";

    private static final String NESTED = "features.";

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by name). */
    public FeatureClassifierFactory() {}

    /**
     * Describes a head for saving.
     *
     * @param features the autoencoder the features come from, {@code null} for pixels
     * @param hidden the head's hidden units
     * @param classes the classes
     * @param mean the standardisation μ, or {@code null} for none
     * @param scale the standardisation σ, or {@code null} for none
     * @return the descriptor
     */
    public static BlockDescriptor descriptor(
            BlockDescriptor features, int hidden, int classes, float[] mean, float[] scale) {
        Map<String, String> o = new LinkedHashMap<>();
        if (features == null) {
            o.put("features", "pixels");
        } else {
            o.put("features", features.architecture());
            features.toArguments().forEach((k, v) -> o.put(NESTED + k, v));
        }
        o.put("hidden", Integer.toString(hidden));
        o.put("classes", Integer.toString(classes));
        if (mean != null) {
            o.put("mean", floats(mean));
            o.put("scale", floats(scale));
        }
        return BlockDescriptor.of(
                ARCHITECTURE, o, new long[] {1, 1, 28, 28}, FeatureClassifierFactory.class);
    }

    /**
     * Returns the encoder of an autoencoder, the feature block of a head: a conv autoencoder's
     * encoder, a conv VAE's mean encoder ({@link ConvVae#meanEncoder}), or a dense autoencoder's
     * child named {@code *encoder}.
     *
     * @param autoencoder the autoencoder
     * @return its encoder, sharing its parameters
     */
    public static Block encoderOf(Block autoencoder) {
        if (autoencoder instanceof ConvAutoencoder conv) {
            return conv.encoder();
        }
        if (autoencoder instanceof VaeExpert vae) {
            return ConvVae.meanEncoder(vae);
        }
        for (Pair<String, Block> child : autoencoder.getChildren()) {
            if (child.getKey().endsWith("encoder")) {
                return child.getValue();
            }
        }
        throw new InvalidInputException(
                "features: a " + autoencoder.getClass().getSimpleName() + " has no encoder child");
    }

    @Override
    public Set<String> architectures() {
        return Set.of(ARCHITECTURE);
    }

    @Override
    protected Block build(BlockDescriptor d) {
        Block features;
        if ("pixels".equals(d.options().get("features"))) {
            features = Blocks.batchFlattenBlock();
        } else {
            Map<String, String> nested = new LinkedHashMap<>();
            d.options()
                    .forEach(
                            (k, v) -> {
                                if (k.startsWith(NESTED)) {
                                    nested.put(k.substring(NESTED.length()), v);
                                }
                            });
            features = encoderOf(BlockDescriptor.fromArguments(nested).build());
        }
        FeatureClassifier.Builder b =
                FeatureClassifier.builder()
                        .setFeatures(features)
                        .optHidden(d.intOption("hidden"))
                        .optClasses(d.intOption("classes"));
        if (d.options().containsKey("mean")) {
            b.optStandardization(parse(d.options().get("mean")), parse(d.options().get("scale")));
        }
        return b.build();
    }

    private static String floats(float[] v) {
        return String.join(",", Arrays.stream(toBoxed(v)).map(f -> Float.toString(f)).toList());
    }

    private static Float[] toBoxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static float[] parse(String text) {
        if (text == null) {
            throw new InvalidInputException("model descriptor: standardisation scale is missing");
        }
        String[] parts = text.split(",");
        float[] out = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Float.parseFloat(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "model descriptor: standardisation is not a number list: " + text);
        }
        return out;
    }
}
