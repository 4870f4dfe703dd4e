package org.latentkit.blocks.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.SingleInputBlock;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.blocks.mlp.LayerSizes;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;

/**
 * A mixture of {@code K} dense VAE experts and a {@link GatingManager} (seed 002): every expert
 * encodes, samples and decodes every input, and the manager gives each input's soft assignment
 * {@code p(k | x)}.
 *
 * <p><b>The experts are one batched computation.</b> Each layer's weights are stacked into one
 * parameter of shape {@code (K, in, out)} and its biases into {@code (K, 1, out)}, so a layer is
 * one batched matrix product {@code H' = act(H · W + b)} from {@code (K, N, in)} to {@code (K, N,
 * out)} (the first layer broadcasts the shared {@code (N, D)} input against the {@code K} weights).
 * {@link Evaluation#LOOPED} computes the same parameters expert by expert in a Java loop, the
 * reference the tests compare with and the baseline a benchmark measures against.
 *
 * <p>Expert {@code k} is encoder {@code D → l1 → … → lm → (μ, log σ²)}, {@code z = μ + σ ⊙ ε} when
 * training ({@code z = μ} at inference), decoder {@code latent → lm → … → l1 → D} sigmoid. Seed 002
 * is {@code MixtureOfVaeExperts.builder().setExperts(10).setLatent(10).optLayers(128)
 * .optActivation(SIGMOID).build()}.
 *
 * <p>Shapes: input {@code (N, *)} with {@code D} values per sample. Outputs, expert-major: {@link
 * #RECONSTRUCTIONS} {@code (K, N, D)} in (0, 1), {@link #MU} and {@link #LOGVAR} {@code (K, N,
 * latent)}, and {@link #PROBABILITIES} {@code (N, K)}, rows summing to 1.
 *
 * @see <a href="https://www.cs.toronto.edu/~hinton/absps/jjnh91.pdf">Jacobs et al. 1991, Adaptive
 *     Mixtures of Local Experts</a>
 */
public final class MixtureOfVaeExperts extends SingleInputBlock {

    /** The name in a saved {@link BlockDescriptor}. */
    public static final String ARCHITECTURE = "vae-mixture";

    /** Output index of the experts' reconstructions, {@code (K, N, D)}. */
    public static final int RECONSTRUCTIONS = 0;

    /** Output index of the experts' posterior means, {@code (K, N, latent)}. */
    public static final int MU = 1;

    /** Output index of the experts' posterior log-variances, {@code (K, N, latent)}. */
    public static final int LOGVAR = 2;

    /** Output index of the manager's probabilities, {@code (N, K)}. */
    public static final int PROBABILITIES = 3;

    /** The bound on the experts' log-variance, {@code |log σ²| ≤ 20}. */
    public static final float LOGVAR_LIMIT = 20f;

    private static final byte VERSION = 1;

    /** How the K experts are computed. */
    public enum Evaluation implements Choice {
        /** One batched matrix product per layer for all experts. */
        BATCHED("batched"),
        /** A Java loop over the experts, on the same stacked parameters: the reference. */
        LOOPED("looped");

        private final String id;

        Evaluation(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a mode.
         *
         * @param text {@code batched} or {@code looped}
         * @return the mode
         */
        public static Evaluation parse(String text) {
            return Choice.parse(values(), "evaluation", "expert evaluation", text);
        }
    }

    /** A stacked dense layer: weight {@code (K, in, out)}, bias {@code (K, 1, out)}. */
    private record Dense(Parameter weight, Parameter bias) {}

    private final int experts;
    private final int latent;
    private final int[] layers;
    private final ActivationKind activation;
    private final int inputSize;
    private final Evaluation evaluation;
    private final GatingManager manager;
    private final List<Dense> encoder = new ArrayList<>();
    private final Dense muHead;
    private final Dense logvarHead;
    private final List<Dense> decoder = new ArrayList<>();

    private MixtureOfVaeExperts(Builder b) {
        super(VERSION);
        this.experts = b.experts;
        this.latent = b.latent;
        this.layers = b.layers;
        this.activation = b.activation;
        this.inputSize = b.inputSize;
        this.evaluation = b.evaluation;
        this.manager =
                addChildBlock(
                        "manager",
                        GatingManager.builder()
                                .setExperts(experts)
                                .optLayers(b.managerLayers)
                                .optActivation(b.managerActivation)
                                .build());
        int in = inputSize;
        for (int i = 0; i < layers.length; i++) {
            encoder.add(dense("enc" + i, in, layers[i]));
            in = layers[i];
        }
        muHead = dense("mu", in, latent);
        logvarHead = dense("logvar", in, latent);
        in = latent;
        for (int i = layers.length - 1; i >= 0; i--) {
            decoder.add(dense("dec" + (layers.length - 1 - i), in, layers[i]));
            in = layers[i];
        }
        decoder.add(dense("out", in, inputSize));
    }

    private Dense dense(String name, int in, int out) {
        // Type OTHER: the trainer's default Xavier initialiser is for WEIGHT parameters and would
        // read
        // a 3-d weight's fan-in from the wrong axis; these carry their own initialisers.
        Parameter w =
                addParameter(
                        Parameter.builder()
                                .setName(name + "_weight")
                                .setType(Parameter.Type.OTHER)
                                .optShape(new Shape(experts, in, out))
                                .build());
        w.setInitializer(Stacked.FAN_IN_UNIFORM);
        Parameter bias =
                addParameter(
                        Parameter.builder()
                                .setName(name + "_bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(experts, 1, out))
                                .build());
        bias.setInitializer(Initializer.ZEROS);
        return new Dense(w, bias);
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
     * Returns the number of experts.
     *
     * @return {@code K}
     */
    public int experts() {
        return experts;
    }

    /**
     * Returns the code size of each expert.
     *
     * @return the latent dimension
     */
    public int latent() {
        return latent;
    }

    /**
     * Returns how the experts are computed.
     *
     * @return batched or looped
     */
    public Evaluation evaluation() {
        return evaluation;
    }

    /**
     * Returns the manager.
     *
     * @return the gating network
     */
    public GatingManager manager() {
        return manager;
    }

    /**
     * Returns the manager's soft assignment.
     *
     * @param store the parameter store
     * @param x {@code (N, *)} inputs
     * @param training whether in training mode
     * @return {@code (N, K)} probabilities
     */
    public NDArray probabilities(ParameterStore store, NDArray x, boolean training) {
        return manager.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Decodes per-expert codes.
     *
     * @param store the parameter store
     * @param z {@code (K, N, latent)} codes, row {@code k} for expert {@code k}
     * @param training whether in training mode
     * @return {@code (K, N, D)} decoded means in (0, 1)
     */
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        NDArray h = z;
        for (int i = 0; i < decoder.size(); i++) {
            boolean last = i == decoder.size() - 1;
            h = layer(store, decoder.get(i), h, last ? null : activation, training);
        }
        return Activation.sigmoid(h);
    }

    /**
     * Draws {@code n} samples from each expert's prior: {@code z ~ N(0, I)} from {@code manager}'s
     * random stream, decoded.
     *
     * @param store the parameter store
     * @param manager where the codes and samples live
     * @param n samples per expert
     * @return {@code (K, n, D)} samples, row {@code k} from expert {@code k}
     */
    public NDArray sample(ParameterStore store, NDManager manager, int n) {
        return decode(store, manager.randomNormal(new Shape(experts, n, latent)), false);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
        long n = x.getShape().get(0);
        NDArray h = x.reshape(n, inputSize);
        for (Dense d : encoder) {
            h = layer(store, d, h, activation, training);
        }
        NDArray mu = layer(store, muHead, h, null, training);
        // Clipped to [−LOGVAR_LIMIT, LOGVAR_LIMIT]: an expert the manager has stopped using gets
        // tiny,
        // Adam-amplified gradients and its log-variance can run off until exp() overflows (seen
        // once in
        // training, seed 2 with z = 2); the clip never binds in normal training.
        NDArray logvar =
                layer(store, logvarHead, h, null, training).clip(-LOGVAR_LIMIT, LOGVAR_LIMIT);
        NDArray z = VaeExpert.reparameterize(mu, logvar, training);
        NDArray recon = decode(store, z, training);
        return new NDList(recon, mu, logvar, probabilities(store, x, training));
    }

    /**
     * One stacked layer: {@code act(h · W + b)}, batched over experts or looped.
     *
     * @param h {@code (N, in)} (shared by all experts) or {@code (K, N, in)}
     * @param act the activation, {@code null} for none
     * @return {@code (K, N, out)}
     */
    private NDArray layer(
            ParameterStore store, Dense d, NDArray h, ActivationKind act, boolean training) {
        NDArray w = store.getValue(d.weight(), h.getDevice(), training);
        NDArray b = store.getValue(d.bias(), h.getDevice(), training);
        NDArray y;
        if (evaluation == Evaluation.BATCHED) {
            y = h.matMul(w).add(b);
        } else {
            // split, not get(k): the backward of a split is one concatenation, where each get(k)
            // would scatter its slice's gradient into a zero array of the whole stack (K² work).
            NDList perExpert = new NDList(experts);
            NDList hs = h.getShape().dimension() == 2 ? null : h.split(experts, 0);
            NDList ws = w.split(experts, 0);
            NDList bs = b.split(experts, 0);
            for (int k = 0; k < experts; k++) {
                NDArray hk = hs == null ? h : hs.get(k).squeeze(0);
                perExpert.add(hk.matMul(ws.get(k).squeeze(0)).add(bs.get(k).squeeze(0)));
            }
            y = NDArrays.stack(perExpert, 0);
        }
        return act == null ? y : Stacked.activate(act, y);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        Shape code = new Shape(experts, n, latent);
        return new Shape[] {new Shape(experts, n, inputSize), code, code, new Shape(n, experts)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Stacked.checkValuesPerSample("vae-mixture", inputShapes[0], inputSize);
        this.manager.initialize(manager, dataType, inputShapes[0]);
    }

    /**
     * Describes this block for saving.
     *
     * @return the descriptor that {@link #fromDescriptor} rebuilds
     */
    public BlockDescriptor descriptor() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("experts", Integer.toString(experts));
        o.put("latent", Integer.toString(latent));
        o.put("layers", LayerSizes.format(layers));
        o.put("activation", activation.id());
        o.put("manager_layers", LayerSizes.format(manager.layers()));
        o.put("manager_activation", manager.activation().id());
        o.put("input_size", Integer.toString(inputSize));
        o.put("evaluation", evaluation.id());
        return BlockDescriptor.of(
                ARCHITECTURE, o, LayerSizes.inputShape(inputSize), VaeBlockFactory.class);
    }

    /**
     * Rebuilds an uninitialised block from a descriptor written by {@link #descriptor}.
     *
     * @param d the descriptor
     * @return the block
     */
    public static MixtureOfVaeExperts fromDescriptor(BlockDescriptor d) {
        return builder()
                .setExperts(d.intOption("experts"))
                .setLatent(d.intOption("latent"))
                .optLayers(LayerSizes.parse(d.options().get("layers"), "model descriptor layers"))
                .optActivation(
                        ActivationKind.parse(d.options().getOrDefault("activation", "sigmoid")))
                .optManagerLayers(
                        LayerSizes.parse(
                                d.options().get("manager_layers"),
                                "model descriptor manager_layers"))
                .optManagerActivation(
                        ActivationKind.parse(
                                d.options().getOrDefault("manager_activation", "sigmoid")))
                .optInputSize(d.intOption("input_size"))
                .optEvaluation(Evaluation.parse(d.options().getOrDefault("evaluation", "batched")))
                .build();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "MixtureOfVaeExperts(K=%d, latent=%d, layers=%s, %s)",
                experts,
                latent,
                LayerSizes.format(layers),
                evaluation.id());
    }

    /**
     * Builds a {@link MixtureOfVaeExperts}; each expert's layers default to seed 002's, 128 with
     * sigmoid.
     */
    public static final class Builder extends DenseBodyBuilder<Builder> {
        private int experts = -1;
        private int latent = -1;
        private int[] managerLayers = {128};
        private ActivationKind managerActivation = ActivationKind.SIGMOID;
        private int inputSize = 784;
        private Evaluation evaluation = Evaluation.BATCHED;

        private Builder() {
            super(new int[] {128}, ActivationKind.SIGMOID);
        }

        /**
         * Sets the number of experts (required).
         *
         * @param k at least 2
         * @return this builder
         */
        public Builder setExperts(int k) {
            this.experts = k;
            return this;
        }

        /**
         * Sets each expert's code size (required).
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder setLatent(int size) {
            this.latent = size;
            return this;
        }

        /**
         * Sets the manager's hidden layer sizes (default 128).
         *
         * @param sizes units per layer
         * @return this builder
         */
        public Builder optManagerLayers(int... sizes) {
            this.managerLayers = sizes.clone();
            return this;
        }

        /**
         * Sets the manager's hidden activation (default sigmoid).
         *
         * @param kind the activation
         * @return this builder
         */
        public Builder optManagerActivation(ActivationKind kind) {
            this.managerActivation = kind;
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
         * Sets how the experts are computed (default batched).
         *
         * @param mode batched or looped
         * @return this builder
         */
        public Builder optEvaluation(Evaluation mode) {
            this.evaluation = mode;
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
        public MixtureOfVaeExperts build() {
            if (experts < 2) {
                throw new InvalidInputException(
                        "experts: a mixture needs at least 2, got " + experts);
            }
            if (latent <= 0) {
                throw new InvalidInputException("latent: must be a positive number, got " + latent);
            }
            if (inputSize <= 0) {
                throw new InvalidInputException("input size: must be positive, got " + inputSize);
            }
            if (activation == null || managerActivation == null || evaluation == null) {
                throw new InvalidInputException(
                        "vae-mixture: activation and evaluation are required");
            }
            layers = LayerSizes.validate(layers, "layers");
            managerLayers = LayerSizes.validate(managerLayers, "manager layers");
            return new MixtureOfVaeExperts(this);
        }
    }
}
