package org.latentkit.blocks.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.SingleInputBlock;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.LayerSizes;
import org.latentkit.blocks.mlp.Mlp;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * A variational autoencoder (Kingma and Welling 2014): an encoder body, two linear heads for the
 * posterior mean {@code μ} and log-variance {@code log σ²}, the reparameterised code {@code z = μ +
 * σ ⊙ ε} with {@code ε ~ N(0, I)} <b>only when training</b> ({@code z = μ} at inference, so
 * inference is deterministic), and a decoder body whose {@code D} outputs pass through a sigmoid.
 *
 * <p>The bodies are pluggable: {@link Builder#optEncoder} takes any block mapping {@code (N, *)}
 * inputs to {@code (N, *)} features (flattened before the heads), {@link Builder#optDecoder} any
 * block mapping {@code (N, latent)} codes to {@code (N, *)} logits with {@code D} values per sample
 * (a convolutional decoder for example). By default both are dense MLPs built from {@link
 * Builder#optLayers}: encoder {@code D → l1 → … → lk} and decoder {@code latent → lk → … → l1 → D}.
 * The PyTorch example VAE is {@code VaeExpert.builder().setLatent(20).optLayers(400).build()}: 784
 * → 400 relu → (20, 20) → 400 relu → 784 sigmoid, 652,824 parameters.
 *
 * <p>Shapes: input {@code (N, *)} with {@code D} values per sample; outputs {@link #RECONSTRUCTION}
 * with the input's shape and values in (0, 1), {@link #MU} and {@link #LOGVAR} of shape {@code (N,
 * latent)}.
 *
 * <p><b>Several codes per image when training</b> ({@link Builder#optTrainingSamples}, S &gt; 1):
 * the encoder runs once, {@code S} codes {@code z_s = μ + σ ⊙ ε_s} are drawn per image and all
 * {@code S·N} are decoded, so {@link #RECONSTRUCTION} has shape {@code (S, N, D)} (sample-major)
 * while {@link #MU} and {@link #LOGVAR} stay {@code (N, latent)}. {@code ElboLoss} broadcasts the
 * input over the leading axis and averages, which gives the S-sample estimate of the ELBO, {@code
 * (1/S) Σ_s log p(x | z_s) − KL(q(z | x) ‖ p(z))}: the same objective as one sample, with a
 * lower-variance gradient, for the decoder's cost S times over. Inference is unchanged.
 *
 * @see <a href="https://arxiv.org/abs/1312.6114">Kingma and Welling, Auto-Encoding Variational
 *     Bayes</a>
 */
public final class VaeExpert extends SingleInputBlock {

    /** The name in a saved {@link BlockDescriptor}. */
    public static final String ARCHITECTURE = "vae";

    /** Output index of the reconstruction. */
    public static final int RECONSTRUCTION = 0;

    /** Output index of the posterior mean. */
    public static final int MU = 1;

    /** Output index of the posterior log-variance. */
    public static final int LOGVAR = 2;

    private static final byte VERSION = 1;

    private final int latent;
    private final int[] layers;
    private final ActivationKind activation;
    private final int inputSize;
    private final int trainingSamples;
    private final boolean customBodies;
    private final Block encoder;
    private final Linear muHead;
    private final Linear logvarHead;
    private final Block decoder;

    private VaeExpert(Builder b) {
        super(VERSION);
        this.latent = b.latent;
        this.layers = b.layers;
        this.activation = b.activation;
        this.inputSize = b.inputSize;
        this.trainingSamples = b.trainingSamples;
        this.customBodies = b.encoder != null || b.decoder != null;
        Block enc =
                b.encoder != null
                        ? b.encoder
                        : Mlp.builder()
                                .setHidden(Arrays.copyOf(layers, layers.length - 1))
                                .setOutputs(layers[layers.length - 1])
                                .optActivation(activation)
                                .optOutputActivation(activation)
                                .build();
        Block dec =
                b.decoder != null
                        ? b.decoder
                        : Mlp.builder()
                                .setHidden(LayerSizes.reversed(layers))
                                .setOutputs(inputSize)
                                .optActivation(activation)
                                .optFlatten(false)
                                .build();
        this.encoder = addChildBlock("encoder", enc);
        this.muHead = addChildBlock("mu", Linear.builder().setUnits(latent).build());
        this.logvarHead = addChildBlock("logvar", Linear.builder().setUnits(latent).build());
        this.decoder = addChildBlock("decoder", dec);
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
     * @return the latent dimension
     */
    public int latent() {
        return latent;
    }

    /**
     * Returns the number of values per sample.
     *
     * @return {@code D}
     */
    public int inputSize() {
        return inputSize;
    }

    /**
     * Encodes inputs to the posterior's parameters.
     *
     * @param store the parameter store
     * @param x {@code (N, *)} inputs
     * @param training whether in training mode
     * @return {@code [μ, log σ²]}, each {@code (N, latent)}; {@code log σ²} is clipped to {@code
     *     ±20}
     */
    public NDList encode(ParameterStore store, NDArray x, boolean training) {
        NDArray h = encoder.forward(store, new NDList(x), training).singletonOrThrow();
        h = h.reshape(h.getShape().get(0), -1);
        NDArray mu = muHead.forward(store, new NDList(h), training).singletonOrThrow();
        // |log σ²| ≤ 20, the mixture's bound: σ² in [2e-9, 5e8] covers every posterior a digit
        // needs,
        // and a runaway head cannot push exp(logvar) in the KL to infinity. Within the bound the
        // clip is the identity (value and gradient), so it never changes a normal run.
        NDArray logvar =
                logvarHead
                        .forward(store, new NDList(h), training)
                        .singletonOrThrow()
                        .clip(-MixtureOfVaeExperts.LOGVAR_LIMIT, MixtureOfVaeExperts.LOGVAR_LIMIT);
        return new NDList(mu, logvar);
    }

    /**
     * Decodes codes.
     *
     * @param store the parameter store
     * @param z {@code (N, latent)} codes
     * @param training whether in training mode
     * @return {@code (N, D)} means of the pixel distributions, in (0, 1)
     */
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        NDArray logits = decoder.forward(store, new NDList(z), training).singletonOrThrow();
        return Activation.sigmoid(logits.reshape(z.getShape().get(0), inputSize));
    }

    /**
     * Draws {@code n} samples from the prior: {@code z ~ N(0, I)} from {@code manager}'s random
     * stream, decoded.
     *
     * @param store the parameter store
     * @param manager where the codes and samples live
     * @param n the number of samples
     * @return {@code (n, D)} decoded samples in (0, 1)
     */
    public NDArray sample(ParameterStore store, NDManager manager, int n) {
        return decode(store, manager.randomNormal(new Shape(n, latent)), false);
    }

    /**
     * Returns {@code μ + exp(logvar / 2) ⊙ ε} when training, else {@code μ}.
     *
     * @param mu the means
     * @param logvar the log-variances
     * @param training whether in training mode
     * @return the codes
     */
    static NDArray reparameterize(NDArray mu, NDArray logvar, boolean training) {
        if (!training) {
            return mu;
        }
        NDArray eps = mu.getManager().randomNormal(mu.getShape());
        return mu.add(eps.mul(Scalars.mul(logvar, 0.5f).exp()));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
        NDList posterior = encode(store, x, training);
        if (training && trainingSamples > 1) {
            long n = x.getShape().get(0);
            long[] repeat = {trainingSamples, 1};
            NDArray z =
                    reparameterize(
                            posterior.get(0).tile(repeat), posterior.get(1).tile(repeat), true);
            NDArray recon = decode(store, z, true).reshape(trainingSamples, n, inputSize);
            return new NDList(recon, posterior.get(0), posterior.get(1));
        }
        NDArray z = reparameterize(posterior.get(0), posterior.get(1), training);
        NDArray recon = decode(store, z, training).reshape(x.getShape());
        return new NDList(recon, posterior.get(0), posterior.get(1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape code = new Shape(inputShapes[0].get(0), latent);
        return new Shape[] {inputShapes[0], code, code};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = Stacked.checkValuesPerSample("vae", inputShapes[0], inputSize);
        encoder.initialize(manager, dataType, inputShapes[0]);
        Shape features = encoder.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        Shape flat = new Shape(n, features.size() / n);
        muHead.initialize(manager, dataType, flat);
        logvarHead.initialize(manager, dataType, flat);
        decoder.initialize(manager, dataType, new Shape(n, latent));
    }

    /**
     * Describes this block for saving (dense bodies only).
     *
     * @return the descriptor that {@link #fromDescriptor} rebuilds
     * @throws InvalidInputException for custom bodies, which the descriptor cannot name yet
     */
    public BlockDescriptor descriptor() {
        if (customBodies) {
            throw new InvalidInputException(
                    "vae: a VAE with custom encoder/decoder bodies has no "
                            + "descriptor yet; add a descriptor kind for its bodies");
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("latent", Integer.toString(latent));
        o.put("layers", LayerSizes.format(layers));
        o.put("activation", activation.id());
        o.put("input_size", Integer.toString(inputSize));
        return BlockDescriptor.of(
                ARCHITECTURE, o, LayerSizes.inputShape(inputSize), VaeBlockFactory.class);
    }

    /**
     * Rebuilds an uninitialised block from a descriptor written by {@link #descriptor}.
     *
     * @param d the descriptor
     * @return the block
     */
    public static VaeExpert fromDescriptor(BlockDescriptor d) {
        return builder()
                .setLatent(d.intOption("latent"))
                .optLayers(LayerSizes.parse(d.options().get("layers"), "model descriptor layers"))
                .optActivation(ActivationKind.parse(d.options().getOrDefault("activation", "relu")))
                .optInputSize(d.intOption("input_size"))
                .build();
    }

    /**
     * Builds a {@link VaeExpert}; the dense bodies default to layers 400 with relu, the PyTorch
     * example's.
     */
    public static final class Builder extends DenseBodyBuilder<Builder> {
        private int latent = -1;
        private int inputSize = 784;
        private int trainingSamples = 1;
        private Block encoder;
        private Block decoder;

        private Builder() {
            super(new int[] {400}, ActivationKind.RELU);
        }

        /**
         * Sets the code size (required).
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder setLatent(int size) {
            this.latent = size;
            return this;
        }

        /**
         * Sets the number of codes drawn per image when training (default 1). With S &gt; 1 the
         * training reconstruction is {@code (S, N, D)}; see the class documentation. It is a
         * training setting, not part of the architecture: a saved descriptor does not record it.
         *
         * @param samples S, at least 1
         * @return this builder
         */
        public Builder optTrainingSamples(int samples) {
            this.trainingSamples = samples;
            return this;
        }

        /**
         * Sets the number of values per sample (default 784).
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder optInputSize(int size) {
            this.inputSize = size;
            return this;
        }

        /**
         * Replaces the dense encoder body: any block from {@code (N, *)} inputs to {@code (N, *)}
         * features; the μ and log-variance heads are added after it.
         *
         * @param body the encoder body
         * @return this builder
         */
        public Builder optEncoder(Block body) {
            this.encoder = body;
            return this;
        }

        /**
         * Replaces the dense decoder body: any block from {@code (N, latent)} codes to logits with
         * {@code D} values per sample; the sigmoid is applied after it.
         *
         * @param body the decoder body
         * @return this builder
         */
        public Builder optDecoder(Block body) {
            this.decoder = body;
            return this;
        }

        /** {@inheritDoc} */
        @Override
        Builder self() {
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the block
         */
        public VaeExpert build() {
            if (latent <= 0) {
                throw new InvalidInputException("latent: must be a positive number, got " + latent);
            }
            if (inputSize <= 0) {
                throw new InvalidInputException("input size: must be positive, got " + inputSize);
            }
            if (trainingSamples < 1) {
                throw new InvalidInputException(
                        "train-samples: must be a positive number, got " + trainingSamples);
            }
            if (activation == null) {
                throw new InvalidInputException("activation: is required");
            }
            layers = LayerSizes.validate(layers, "layers");
            return new VaeExpert(this);
        }
    }
}
