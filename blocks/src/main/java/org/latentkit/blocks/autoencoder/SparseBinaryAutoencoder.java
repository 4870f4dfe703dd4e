package org.latentkit.blocks.autoencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.binary.BinaryStraightThrough;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.InvalidInputException;

/**
 * An autoencoder with a wide binary code (seed 001's sparse binary AE): encoder {@code D → l1 → … →
 * lk}, the last layer followed by a pre-activation {@code a} (relu, tanh or sigmoid) and a {@link
 * BinaryStraightThrough} unit, {@code z = H(a(W h + b) − t)} ∈ {0, 1}^lk; the decoder mirrors the
 * encoder, {@code lk → l(k−1) → … → l1 → D}, with a sigmoid output.
 *
 * <p>The default is seed 001's {@code 784 → 512 → 128 → 4096}, relu pre-activation (its code; its
 * README says sigmoid, later versions tanh), threshold 0.5 (the figure's "thresh 0.50"), identity
 * straight-through gradient. The threshold defaults to 0.5 for sigmoid and relu and to 0 for tanh,
 * the middle of each unit's range (relu's output is never negative, so a threshold of 0 would
 * switch every bit on).
 *
 * <p>Shapes: input {@code (N, *)} with {@code D} values per sample. Outputs: {@link
 * #RECONSTRUCTION} of the input's shape; {@link #CODE} {@code (N, lk)} of exact 0/1 values that
 * carry the straight-through gradient (what an L1 sparsity penalty reads); {@link #ACTIVATION}
 * {@code (N, lk)}, the real-valued pre-activation {@code a(·)} before binarisation (what an entropy
 * penalty reads).
 */
public final class SparseBinaryAutoencoder extends AbstractBlock {

    /** The name in a saved {@link BlockDescriptor}. */
    public static final String ARCHITECTURE = "sparse-binary-autoencoder";

    /** Output index of the reconstruction. */
    public static final int RECONSTRUCTION = 0;

    /** Output index of the 0/1 code. */
    public static final int CODE = 1;

    /** Output index of the real-valued activation that is binarised into the code. */
    public static final int ACTIVATION = 2;

    private static final byte VERSION = 1;

    private final int[] layers;
    private final ActivationKind hiddenActivation;
    private final ActivationKind preActivation;
    private final int inputSize;
    private final SequentialBlock encoder;
    private final BinaryStraightThrough binary;
    private final SequentialBlock decoder;

    private SparseBinaryAutoencoder(Builder b) {
        super(VERSION);
        this.layers = b.layers;
        this.hiddenActivation = b.hidden;
        this.preActivation = b.pre;
        this.inputSize = b.inputSize;
        this.encoder =
                addChildBlock("encoder", Stacks.encoder(layers, hiddenActivation, preActivation));
        this.binary =
                addChildBlock(
                        "binary",
                        BinaryStraightThrough.builder()
                                .optThreshold(b.threshold)
                                .optGradient(b.gradient)
                                .build());
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
     * Returns the number of code bits.
     *
     * @return {@code lk}
     */
    public int codeSize() {
        return layers[layers.length - 1];
    }

    /**
     * Returns the binary unit's threshold.
     *
     * @return the threshold
     */
    public float threshold() {
        return binary.threshold();
    }

    /**
     * Encodes inputs into binary codes.
     *
     * @param store the parameter store
     * @param x {@code (N, *)} inputs
     * @param training whether in training mode
     * @return {@code (N, lk)} codes of 0s and 1s
     */
    public NDArray encode(ParameterStore store, NDArray x, boolean training) {
        return binary.apply(activation(store, x, training));
    }

    /**
     * Decodes binary (or any real) codes.
     *
     * @param store the parameter store
     * @param code {@code (N, lk)} codes
     * @param training whether in training mode
     * @return {@code (N, D)} reconstructions in (0, 1)
     */
    public NDArray decode(ParameterStore store, NDArray code, boolean training) {
        return decoder.forward(store, new NDList(code), training).singletonOrThrow();
    }

    private NDArray activation(ParameterStore store, NDArray x, boolean training) {
        return encoder.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray act = activation(store, x, training);
        NDArray code = binary.apply(act);
        NDArray recon = decode(store, code, training).reshape(x.getShape());
        return new NDList(recon, code, act);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape code = new Shape(inputShapes[0].get(0), codeSize());
        return new Shape[] {inputShapes[0], code, code};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape code = new Shape(inputShapes[0].get(0), codeSize());
        encoder.initialize(manager, dataType, inputShapes[0]);
        binary.initialize(manager, dataType, code);
        decoder.initialize(manager, dataType, code);
    }

    /**
     * Describes this block for saving.
     *
     * @return the descriptor that {@link #fromDescriptor} rebuilds
     */
    public BlockDescriptor descriptor() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("layers", Stacks.format(layers));
        o.put("hidden_activation", hiddenActivation.id());
        o.put("pre_activation", preActivation.id());
        o.put("threshold", Float.toString(binary.threshold()));
        o.put("ste_gradient", binary.gradient().id());
        o.put("input_size", Integer.toString(inputSize));
        return BlockDescriptor.of(
                ARCHITECTURE, o, Stacks.inputShape(inputSize), AutoencoderBlockFactory.class);
    }

    /**
     * Rebuilds an uninitialised block from a descriptor written by {@link #descriptor}.
     *
     * @param d the descriptor
     * @return the block
     */
    public static SparseBinaryAutoencoder fromDescriptor(BlockDescriptor d) {
        float t;
        try {
            t = Float.parseFloat(d.options().getOrDefault("threshold", "NaN"));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model descriptor: threshold is not a number");
        }
        Builder b =
                builder()
                        .setLayers(
                                Stacks.parse(d.options().get("layers"), "model descriptor layers"))
                        .optHiddenActivation(
                                ActivationKind.parse(
                                        d.options().getOrDefault("hidden_activation", "relu")))
                        .optPreActivation(
                                ActivationKind.parse(
                                        d.options().getOrDefault("pre_activation", "relu")))
                        .optGradient(
                                BinaryStraightThrough.Gradient.parse(
                                        d.options().getOrDefault("ste_gradient", "identity")))
                        .optInputSize(d.intOption("input_size"));
        if (!Float.isNaN(t)) {
            b.optThreshold(t);
        }
        return b.build();
    }

    /** Builds a {@link SparseBinaryAutoencoder}. */
    public static final class Builder {
        private int[] layers = {512, 128, 4096};
        private ActivationKind hidden = ActivationKind.RELU;
        private ActivationKind pre = ActivationKind.RELU;
        private float threshold = Float.NaN;
        private BinaryStraightThrough.Gradient gradient = BinaryStraightThrough.Gradient.IDENTITY;
        private int inputSize = 784;

        private Builder() {}

        /**
         * Sets the encoder layer sizes, the last being the number of code bits (default 512, 128,
         * 4096).
         *
         * @param sizes layer sizes
         * @return this builder
         */
        public Builder optLayers(int... sizes) {
            this.layers = sizes.clone();
            return this;
        }

        /**
         * Same as {@link #optLayers}, for symmetry with {@link DenseAutoencoder.Builder#setLayers}.
         *
         * @param sizes layer sizes
         * @return this builder
         */
        public Builder setLayers(int... sizes) {
            return optLayers(sizes);
        }

        /**
         * Sets the hidden activation (default relu).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optHiddenActivation(ActivationKind kind) {
            this.hidden = kind;
            return this;
        }

        /**
         * Sets the activation before the binary unit: relu, tanh or sigmoid (default relu).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optPreActivation(ActivationKind kind) {
            this.pre = kind;
            return this;
        }

        /**
         * Sets the binary unit's threshold (default 0.5 for sigmoid and relu, 0 for tanh).
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder optThreshold(float threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets the straight-through gradient rule (default identity).
         *
         * @param gradient the rule
         * @return this builder
         */
        public Builder optGradient(BinaryStraightThrough.Gradient gradient) {
            this.gradient = gradient;
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
        public SparseBinaryAutoencoder build() {
            layers = Stacks.validate(layers, "layers");
            if (pre != ActivationKind.RELU
                    && pre != ActivationKind.TANH
                    && pre != ActivationKind.SIGMOID) {
                throw new InvalidInputException(
                        "code-activation: must be relu, tanh or sigmoid for a "
                                + "binary code, got "
                                + pre);
            }
            if (inputSize <= 0) {
                throw new InvalidInputException("input size: must be positive, got " + inputSize);
            }
            if (Float.isNaN(threshold)) {
                threshold = pre == ActivationKind.TANH ? 0f : 0.5f;
            }
            return new SparseBinaryAutoencoder(this);
        }
    }
}
