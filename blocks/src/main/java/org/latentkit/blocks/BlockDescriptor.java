package org.latentkit.blocks;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.latentkit.core.InvalidInputException;

/**
 * What it takes to rebuild a saved block before DJL loads its parameters: DJL's {@code Model.save}
 * writes parameters only.
 *
 * <p>A descriptor names the DJL {@link ai.djl.nn.BlockFactory} that rebuilds its block (each block
 * family provides one, a {@link DescribedBlockFactory}), and travels to it as DJL <em>block
 * arguments</em> ({@link #toArguments}): the keys {@value #FACTORY_KEY}, {@code
 * latentkit.architecture}, {@code latentkit.version}, {@code latentkit.input_shape} and one {@code
 * latentkit.option.NAME} per option. A model directory holds them in its {@code
 * serving.properties}, which is where DJL's {@code Criteria} reads them.
 *
 * @param architecture the registry name, for example {@code lenet-classic}
 * @param version the descriptor format version, for old files to keep loading
 * @param options architecture options as text, for example {@code classes=10}
 * @param inputShape the shape of one input, batch dimension 1
 * @param factory the {@link ai.djl.nn.BlockFactory} class that rebuilds the block; {@code null} in
 *     descriptors saved before version 2, which are resolved from the fixed table of the six
 *     pre-factory architecture names
 */
public record BlockDescriptor(
        String architecture,
        int version,
        Map<String, String> options,
        long[] inputShape,
        String factory) {

    /** The descriptor format this code writes: 2 names the block factory, 1 did not. */
    public static final int CURRENT_VERSION = 2;

    /** The DJL block argument naming the factory class, as DJL's model loader reads it. */
    public static final String FACTORY_KEY = "blockFactory";

    /** The prefix of latentkit's block arguments. */
    public static final String PREFIX = "latentkit.";

    private static final String OPTION = PREFIX + "option.";

    /**
     * The factories of the architectures saved before descriptors named them (version 1): names
     * only, so this package depends on no block family.
     */
    private static final Map<String, String> LEGACY_FACTORIES = legacyFactories();

    /** Validates the components, and resolves a missing factory for version-1 descriptors. */
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
        inputShape = inputShape.clone();
        if (factory == null || factory.isBlank()) {
            factory = LEGACY_FACTORIES.get(architecture);
            if (factory == null) {
                throw new InvalidInputException(
                        "model descriptor: no block factory for architecture '"
                                + architecture
                                + "'; re-save the model with this latentkit");
            }
        }
    }

    /**
     * Describes a block of the current format.
     *
     * @param architecture the registry name
     * @param options architecture options as text
     * @param inputShape the shape of one input, batch dimension 1
     * @param factory the factory class that rebuilds it
     * @return the descriptor
     */
    public static BlockDescriptor of(
            String architecture,
            Map<String, String> options,
            long[] inputShape,
            Class<? extends DescribedBlockFactory> factory) {
        return new BlockDescriptor(
                architecture, CURRENT_VERSION, options, inputShape, factory.getName());
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
     * Rebuilds the uninitialised block through the {@link DescribedBlockFactory} this descriptor
     * names, exactly as DJL's {@code Criteria} does.
     *
     * @return the block
     */
    public ai.djl.nn.Block build() {
        return DescribedBlockFactory.of(this).newBlock(this);
    }

    /**
     * Writes this descriptor as DJL block arguments, for {@code serving.properties} or {@code
     * Criteria.Builder.optArguments}.
     *
     * @return the arguments, in a stable order
     */
    public Map<String, String> toArguments() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(FACTORY_KEY, factory);
        a.put(PREFIX + "architecture", architecture);
        a.put(PREFIX + "version", Integer.toString(version));
        a.put(
                PREFIX + "input_shape",
                String.join(",", Arrays.stream(inputShape).mapToObj(Long::toString).toList()));
        new TreeMap<>(options).forEach((k, v) -> a.put(OPTION + k, v));
        return a;
    }

    /**
     * Reads a descriptor back from DJL block arguments written by {@link #toArguments}.
     *
     * @param arguments the arguments DJL passes to a block factory (values of any type, read as
     *     text)
     * @return the descriptor
     * @throws InvalidInputException if the arguments hold no latentkit descriptor
     */
    public static BlockDescriptor fromArguments(Map<String, ?> arguments) {
        Object arch = arguments.get(PREFIX + "architecture");
        if (arch == null) {
            throw new InvalidInputException(
                    "model arguments: no "
                            + PREFIX
                            + "architecture (not a latentkit model, or saved before"
                            + " serving.properties: re-save it)");
        }
        int version = parseInt(arguments.get(PREFIX + "version"), PREFIX + "version");
        Object shapeText = arguments.get(PREFIX + "input_shape");
        if (shapeText == null) {
            throw new InvalidInputException(
                    "model arguments: " + PREFIX + "input_shape is missing");
        }
        String[] parts = shapeText.toString().split(",");
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shape[i] = parseInt(parts[i].trim(), PREFIX + "input_shape");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : arguments.entrySet()) {
            if (e.getKey().startsWith(OPTION) && e.getValue() != null) {
                options.put(e.getKey().substring(OPTION.length()), e.getValue().toString());
            }
        }
        Object factory = arguments.get(FACTORY_KEY);
        String factoryName =
                factory == null
                        ? null
                        : factory instanceof String s ? s : factory.getClass().getName();
        return new BlockDescriptor(arch.toString(), version, options, shape, factoryName);
    }

    private static int parseInt(Object value, String key) {
        if (value == null) {
            throw new InvalidInputException("model arguments: " + key + " is missing");
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "model arguments: " + key + " is not an integer: " + value);
        }
    }

    private static Map<String, String> legacyFactories() {
        String classifier = "org.latentkit.blocks.ClassifierBlockFactory";
        String autoencoder = "org.latentkit.blocks.autoencoder.AutoencoderBlockFactory";
        String conv = "org.latentkit.blocks.conv.ConvBlockFactory";
        String vae = "org.latentkit.blocks.vae.VaeBlockFactory";
        Map<String, String> m = new LinkedHashMap<>();
        for (String arch : new String[] {"lenet-classic", "lenet-deep", "mlp", "convnet"}) {
            m.put(arch, classifier);
        }
        m.put("dense-autoencoder", autoencoder);
        m.put("sparse-binary-autoencoder", autoencoder);
        m.put("conv-autoencoder", conv);
        m.put("conv-vae", conv);
        m.put("vae", vae);
        m.put("vae-mixture", vae);
        return Map.copyOf(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockDescriptor d
                && architecture.equals(d.architecture)
                && version == d.version
                && options.equals(d.options)
                && Arrays.equals(inputShape, d.inputShape)
                && factory.equals(d.factory);
    }

    @Override
    public int hashCode() {
        return architecture.hashCode() * 31 + Arrays.hashCode(inputShape);
    }

    @Override
    public String toString() {
        return architecture + toArguments();
    }
}
