package org.latentkit.blocks.autoencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.SingleInputBlock;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.LayerSizes;
import org.latentkit.core.InvalidInputException;

/**
 * A dense (bottleneck) autoencoder: an MLP encoder {@code D → l1 → … → lk} whose last layer is the
 * code, and a mirrored decoder {@code lk → l(k−1) → … → l1 → D} with a sigmoid output.
 *
 * <p>Seed 001's model is {@code DenseAutoencoder.builder().setLayers(256, 64).build()}: 784 → 256
 * relu → 64 relu (code) → 256 relu → 784 sigmoid, 2 × (784·256 + 256·64) + 256 + 64 + 256 + 784 =
 * 435,536 parameters.
 *
 * <p>Shapes: input {@code (N, *)} with {@code D} values per sample (for MNIST {@code (N, 1, 28,
 * 28)}); outputs {@link #RECONSTRUCTION} of the input's shape, values in (0, 1), and {@link #CODE}
 * {@code (N, lk)}. {@link #encode} and {@link #decode} run the halves separately.
 */
public final class DenseAutoencoder extends SingleInputBlock {

    /** The name in a saved {@link BlockDescriptor}. */
    public static final String ARCHITECTURE = "dense-autoencoder";

    /** Output index of the reconstruction. */
    public static final int RECONSTRUCTION = 0;

    /** Output index of the code. */
    public static final int CODE = 1;

    private static final byte VERSION = 1;

    private final int[] layers;
    private final ActivationKind hiddenActivation;
    private final ActivationKind codeActivation;
    private final int inputSize;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;

    private DenseAutoencoder(Builder b) {
        super(VERSION);
        this.layers = b.layers;
        this.hiddenActivation = b.hidden;
        this.codeActivation = b.code;
        this.inputSize = b.inputSize;
        this.encoder =
                addChildBlock("encoder", Stacks.encoder(layers, hiddenActivation, codeActivation));
        this.decoder =
                addChildBlock("decoder", Stacks.decoder(layers, hiddenActivation, inputSize));
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the code size.
     *
     * @return {@code lk}
     */
    public int codeSize() {
        return layers[layers.length - 1];
    }

    /**
     * Encodes inputs.
     *
     * @param store the parameter store
     * @param x {@code (N, *)} inputs
     * @param training whether in training mode
     * @return {@code (N, lk)} codes
     */
    public NDArray encode(ParameterStore store, NDArray x, boolean training) {
        return encoder.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Decodes codes.
     *
     * @param store the parameter store
     * @param code {@code (N, lk)} codes
     * @param training whether in training mode
     * @return {@code (N, D)} reconstructions in (0, 1)
     */
    public NDArray decode(ParameterStore store, NDArray code, boolean training) {
        return decoder.forward(store, new NDList(code), training).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
        NDArray code = encode(store, x, training);
        NDArray recon = decode(store, code, training).reshape(x.getShape());
        return new NDList(recon, code);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], new Shape(inputShapes[0].get(0), codeSize())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), codeSize()));
    }

    /**
     * Describes this block for saving.
     *
     * @return the descriptor that {@link #fromDescriptor} rebuilds
     */
    public BlockDescriptor descriptor() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("layers", LayerSizes.format(layers));
        o.put("hidden_activation", hiddenActivation.id());
        o.put("code_activation", codeActivation.id());
        o.put("input_size", Integer.toString(inputSize));
        return BlockDescriptor.of(
                ARCHITECTURE, o, LayerSizes.inputShape(inputSize), AutoencoderBlockFactory.class);
    }

    /**
     * Rebuilds an uninitialised block from a descriptor written by {@link #descriptor}.
     *
     * @param d the descriptor
     * @return the block
     */
    public static DenseAutoencoder fromDescriptor(BlockDescriptor d) {
        return builder()
                .setLayers(LayerSizes.parse(d.options().get("layers"), "model descriptor layers"))
                .optHiddenActivation(
                        ActivationKind.parse(d.options().getOrDefault("hidden_activation", "relu")))
                .optCodeActivation(
                        ActivationKind.parse(d.options().getOrDefault("code_activation", "relu")))
                .optInputSize(d.intOption("input_size"))
                .build();
    }

    /** Builds a {@link DenseAutoencoder}. */
    public static final class Builder {
        private int[] layers;
        private ActivationKind hidden = ActivationKind.RELU;
        private ActivationKind code = ActivationKind.RELU;
        private int inputSize = 784;

        private Builder() {}

        /**
         * Sets the encoder layer sizes, the last being the code size (required).
         *
         * @param sizes for example {@code 256, 64}
         * @return this builder
         */
        public Builder setLayers(int... sizes) {
            this.layers = sizes.clone();
            return this;
        }

        /**
         * Sets the activation of hidden layers, encoder and decoder (default relu).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optHiddenActivation(ActivationKind kind) {
            this.hidden = kind;
            return this;
        }

        /**
         * Sets the code layer's activation (default relu, as seed 001).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optCodeActivation(ActivationKind kind) {
            this.code = kind;
            return this;
        }

        /**
         * Sets the number of input values per sample (default 784).
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder optInputSize(int size) {
            this.inputSize = size;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the block
         */
        public DenseAutoencoder build() {
            layers = LayerSizes.validate(layers, "layers");
            if (inputSize <= 0) {
                throw new InvalidInputException("input size: must be positive, got " + inputSize);
            }
            if (hidden == null || code == null) {
                throw new InvalidInputException(
                        "activation: hidden and code activations are required");
            }
            return new DenseAutoencoder(this);
        }
    }
}
