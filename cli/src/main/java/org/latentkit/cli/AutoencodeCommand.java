package org.latentkit.cli;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.data.Split;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.autoencoder.SparseBinaryAutoencoder;
import org.latentkit.blocks.binary.BinaryStraightThrough;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.PenalizedReconstructionLoss;
import org.latentkit.losses.ReconstructionLoss;
import org.latentkit.losses.SparsityPenalty;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.ModelStore;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.WeightInit;
import org.latentkit.trainers.reconstruct.AutoencoderFigures;
import org.latentkit.trainers.reconstruct.ReconstructionEvaluation;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latentkit autoencode}: train a dense or sparse binary autoencoder, evaluate it, draw it.
 */
@Command(
        name = "autoencode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Train an autoencoder (seed 001): dense codes or sparse binary codes; report "
                        + "test MSE (and active bits), save the model and the diagnostic figures.")
final class AutoencodeCommand extends TrainingCommand implements CommandDefaults {

    @Mixin TrainOptions train;

    /** Seed 001's length, batch and patience: {@link ReconstructionTrainer.Options#defaults()}. */
    @Override
    public Map<String, String> defaults() {
        ReconstructionTrainer.Options d = ReconstructionTrainer.Options.defaults();
        return Map.of(
                "--epochs", Integer.toString(d.epochs()),
                "--batch-size", Integer.toString(d.batchSize()),
                "--patience", Integer.toString(d.patience()));
    }

    @Option(
            names = "--kind",
            paramLabel = "NAME",
            defaultValue = "dense",
            description = "dense or sparse-binary (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(
            names = "--layers",
            paramLabel = "N,N,...",
            description =
                    "Encoder layer sizes, the last is the code; the decoder mirrors them "
                            + "(default: 256,64 for dense, 512,128,4096 for sparse-binary).")
    String layers;

    @Option(
            names = "--hidden-activation",
            paramLabel = "NAME",
            defaultValue = "relu",
            description = "Hidden layers' activation (default: ${DEFAULT-VALUE}).")
    String hiddenActivation;

    @Option(
            names = "--code-activation",
            paramLabel = "NAME",
            description =
                    "Code layer activation; for sparse-binary the pre-activation before the "
                            + "binary unit: relu, tanh or sigmoid (default: identity for dense, relu for sparse-binary).")
    String codeActivation;

    @Option(
            names = "--threshold",
            paramLabel = "X",
            description =
                    "Binary unit threshold: pre-activations >= X give 1 (default: 0.5 for "
                            + "sigmoid and relu, 0 for tanh).")
    Float threshold;

    @Option(
            names = "--ste-gradient",
            paramLabel = "NAME",
            defaultValue = "identity",
            description =
                    "Straight-through gradient: identity or clipped (|x| <= 1) (default: ${DEFAULT-VALUE}).")
    String steGradient;

    @Option(
            names = "--penalty",
            paramLabel = "NAME",
            defaultValue = "l1",
            description =
                    "Sparsity penalty for sparse-binary: l1, l1-squared, entropy or "
                            + "entropy-squared (default: ${DEFAULT-VALUE}).")
    String penalty;

    @Option(
            names = "--lambda",
            paramLabel = "X",
            defaultValue = "0.5",
            description =
                    "Loss = (1-lambda) * reconstruction + lambda * penalty (default: ${DEFAULT-VALUE}).")
    float lambda;

    @Option(
            names = "--reconstruction",
            paramLabel = "NAME",
            defaultValue = "mse",
            description = "Reconstruction loss: mse or bce, per pixel (default: ${DEFAULT-VALUE}).")
    String reconstruction;

    @Option(
            names = "--reduction",
            paramLabel = "NAME",
            defaultValue = "mean",
            description = "Over an image's pixels: mean or sum (default: ${DEFAULT-VALUE}).")
    String reduction;

    @Option(
            names = "--patience",
            paramLabel = "N",
            description =
                    "Early stopping: epochs without validation-loss improvement; 0 = never "
                            + "(default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--init",
            paramLabel = "NAME",
            defaultValue = "djl",
            description =
                    "Weight initialisation: djl (DJL's default, He normal N(0, 2/fan_in)), glorot "
                            + "(Keras's default, uniform, variance 2/(fan_in + fan_out)) or torch "
                            + "(PyTorch's, uniform in +-1/sqrt(fan_in)); biases start at 0 "
                            + "(default: ${DEFAULT-VALUE}).")
    String init;

    @Option(
            names = "--adam-epsilon",
            paramLabel = "X",
            description =
                    "Adam's epsilon, added to sqrt(v) (default: 1e-8, PyTorch's and DJL's; Keras uses "
                            + "1e-7).")
    Float adamEpsilon;

    @Option(
            names = "--lr-schedule",
            paramLabel = "NAME",
            defaultValue = "constant",
            description =
                    "constant, or cosine annealing to 0 over --epochs (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(
            names = "--figures",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Draw the diagnostic PNGs into the run directory (default: ${DEFAULT-VALUE}).")
    boolean figures;

    /** The autoencoder family, as named by {@code --kind}. */
    enum AutoencoderKind implements Choice {
        /** {@code DenseAutoencoder}. */
        DENSE("dense"),
        /** {@code SparseBinaryAutoencoder}. */
        SPARSE_BINARY("sparse-binary");

        private final String id;

        AutoencoderKind(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        static AutoencoderKind parse(String text) {
            return Choice.parse(values(), "kind", "autoencoder", text);
        }
    }

    /** The immutable settings of one autoencode run. */
    record Settings(
            String kind,
            int[] layers,
            ActivationKind hidden,
            ActivationKind code,
            Float threshold,
            BinaryStraightThrough.Gradient gradient,
            SparsityPenalty.Kind penalty,
            float lambda,
            ReconstructionLoss.Kind reconstruction,
            ReconstructionLoss.Reduction reduction,
            WeightInit init,
            float adamEpsilon,
            LrSchedule schedule) {}

    /** Trains and evaluates without labels: an image folder without class folders will do. */
    @Override
    boolean needsLabels() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        Settings s = settings();
        ReconstructionTrainer.Options options =
                train.reconstruction(config, patience, common.maxBatches)
                        .optSchedule(s.schedule())
                        .optAdamEpsilon(s.adamEpsilon())
                        .optInit(s.init())
                        .build();
        DataLocator.TrainTest data = loadData();
        Split split = CommandSupport.split(data, train.validation, null, config.seed());
        RunDirectory run = openRun(config, settingsMap(s));
        EngineContext context = EngineContext.of(config.engine(), config.device());
        boolean sparse = s.kind().equals("sparse-binary");
        Block block;
        BlockDescriptor descriptor;
        if (sparse) {
            SparseBinaryAutoencoder.Builder b =
                    SparseBinaryAutoencoder.builder()
                            .optLayers(s.layers())
                            .optHiddenActivation(s.hidden())
                            .optPreActivation(s.code())
                            .optGradient(s.gradient());
            if (s.threshold() != null) {
                b.optThreshold(s.threshold());
            }
            SparseBinaryAutoencoder ae = b.build();
            block = ae;
            descriptor = ae.descriptor();
        } else {
            DenseAutoencoder ae =
                    DenseAutoencoder.builder()
                            .setLayers(s.layers())
                            .optHiddenActivation(s.hidden())
                            .optCodeActivation(s.code())
                            .build();
            block = ae;
            descriptor = ae.descriptor();
        }
        ReconstructionLoss rec =
                ReconstructionLoss.builder()
                        .optKind(s.reconstruction())
                        .optReduction(s.reduction())
                        .build();
        Loss loss =
                sparse
                        ? new PenalizedReconstructionLoss(
                                rec,
                                new SparsityPenalty(
                                        s.penalty(),
                                        s.penalty().readsActivation()
                                                ? SparseBinaryAutoencoder.ACTIVATION
                                                : SparseBinaryAutoencoder.CODE),
                                s.lambda())
                        : rec;
        err().printf(
                        Locale.ROOT,
                        "autoencode %s %s on %s: %s%n",
                        s.kind(),
                        descriptor.options().get("layers"),
                        data.dataset(),
                        CommandSupport.describe(split, context));
        try (ReconstructionTrainer.Trained t =
                new ReconstructionTrainer(context)
                        .fit(
                                block,
                                descriptor,
                                loss,
                                split,
                                options,
                                control(ProgressBar.onStderr("val_loss")))) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("task", "autoencode");
            meta.put("kind", s.kind());
            meta.put("normalization", Normalization.UNIT.id());
            meta.put("dataset", data.dataset().id());
            meta.put("train_samples", Integer.toString(split.train().size()));
            ModelStore.save(t.model(), t.descriptor(), meta, run.file("model"));
            ReconstructionEvaluation e =
                    ReconstructionEvaluation.of(
                            t.model(),
                            split.test(),
                            Normalization.UNIT,
                            sparse
                                    ? ReconstructionEvaluation.CodeKind.BINARY
                                    : ReconstructionEvaluation.CodeKind.DENSE);
            Map<String, Object> m = baseMetrics(context, data);
            m.put("kind", s.kind());
            m.put("layers", descriptor.options().get("layers"));
            m.putAll(e.metrics());
            m.put("epochs_run", t.fit().epochsRun());
            m.put("best_epoch", t.fit().bestEpoch());
            m.put(
                    "best_validation_loss",
                    Double.isNaN(t.fit().bestScore()) ? null : t.fit().bestScore());
            m.put("final_train_loss", t.fit().history().get(t.fit().epochsRun() - 1).trainLoss());
            m.put("train_seconds", t.fit().trainSeconds());
            m.put("samples_per_second", t.fit().samplesPerSecond());
            writeHistory(run, t.fit().history(), "validation_loss");
            if (figures && !split.test().hasLabels()) {
                err().println(
                                "figures: skipped, they are drawn digit by digit and the images have no"
                                        + " labels");
            } else if (figures) {
                String title =
                        String.format(
                                Locale.ROOT,
                                "%s autoencoder %s, %s, %d epochs (best %d)",
                                s.kind(),
                                descriptor.options().get("layers"),
                                sparse
                                        ? s.code()
                                                + "+binary, "
                                                + s.penalty().id()
                                                + " λ="
                                                + s.lambda()
                                        : "code " + s.code(),
                                t.fit().epochsRun(),
                                t.fit().bestEpoch());
                m.put(
                        "figures",
                        AutoencoderFigures.writeAll(e, run.dir(), title, split.train().size()));
            }
            writeResult(m, "test_mse", MAX_PLAUSIBLE_MSE);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "test MSE %.5f (sd %.5f)%s, %d epochs (best %d), "
                                    + "%.0f samples/s, %s %s -> %s%n",
                            e.meanMse(),
                            m.get("test_mse_sd"),
                            sparse
                                    ? String.format(
                                            Locale.ROOT,
                                            ", active bits median %.1f mean %.1f, dead %s, always-on %s",
                                            m.get("active_bits_median"),
                                            m.get("active_bits_mean"),
                                            m.get("dead_bits"),
                                            m.get("always_on_bits"))
                                    : "",
                            t.fit().epochsRun(),
                            t.fit().bestEpoch(),
                            t.fit().samplesPerSecond(),
                            context.engineName(),
                            context.deviceName(),
                            run.dir());
        }
        return 0;
    }

    Settings settings() {
        boolean sparse = AutoencoderKind.parse(kind) == AutoencoderKind.SPARSE_BINARY;
        int[] sizes =
                CommandSupport.parseLayers(
                        layers != null ? layers : sparse ? "512,128,4096" : "256,64");
        ActivationKind code =
                ActivationKind.parse(
                        codeActivation != null ? codeActivation : sparse ? "relu" : "identity");
        if (sparse
                && code != ActivationKind.RELU
                && code != ActivationKind.TANH
                && code != ActivationKind.SIGMOID) {
            throw new InvalidInputException(
                    "code-activation: must be relu, tanh or sigmoid for sparse-binary, got "
                            + code);
        }
        SparsityPenalty.Kind penaltyKind = SparsityPenalty.Kind.parse(penalty);
        if (sparse && penaltyKind.readsActivation() && code != ActivationKind.SIGMOID) {
            throw new InvalidInputException(
                    "penalty: "
                            + penaltyKind.id()
                            + " reads z(1-z) of the "
                            + "activation and needs values in [0, 1]; use --code-activation sigmoid (got "
                            + code
                            + ")");
        }
        if (threshold != null && !Float.isFinite(threshold)) {
            throw new InvalidInputException("threshold: must be a finite number, got " + threshold);
        }
        return new Settings(
                sparse ? "sparse-binary" : "dense",
                sizes,
                ActivationKind.parse(hiddenActivation),
                code,
                threshold,
                BinaryStraightThrough.Gradient.parse(steGradient),
                penaltyKind,
                checkLambda(lambda),
                ReconstructionLoss.Kind.parse(reconstruction),
                ReconstructionLoss.Reduction.parse(reduction),
                WeightInit.parse(init),
                checkAdamEpsilon(adamEpsilon, OptimizerKind.parse(train.optimizer)),
                LrSchedule.parse(lrSchedule));
    }

    static float checkAdamEpsilon(Float epsilon, OptimizerKind optimizer) {
        if (epsilon == null) {
            return OptimizerKind.DEFAULT_ADAM_EPSILON;
        }
        if (!(epsilon > 0) || !Float.isFinite(epsilon)) {
            throw new InvalidInputException(
                    "adam-epsilon: must be a positive number, got " + epsilon);
        }
        if (optimizer != OptimizerKind.ADAM) {
            throw new InvalidInputException(
                    "adam-epsilon: applies to --optimizer adam only, got --optimizer " + optimizer);
        }
        return epsilon;
    }

    static float checkLambda(float lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new InvalidInputException("lambda: must be in [0, 1], got " + lambda);
        }
        return lambda;
    }

    Map<String, Object> settingsMap(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind());
        m.put("layers", Arrays.toString(s.layers()));
        m.put("hidden_activation", s.hidden().id());
        m.put("code_activation", s.code().id());
        if (s.kind().equals("sparse-binary")) {
            m.put("threshold", s.threshold());
            m.put("ste_gradient", s.gradient().id());
            m.put("penalty", s.penalty().id());
            m.put("lambda", s.lambda());
        }
        m.put("reconstruction", s.reconstruction().id());
        m.put("reduction", s.reduction().id());
        m.put("optimizer", train.optimizer);
        m.put("lr", train.lr);
        m.put("lr_schedule", s.schedule().id());
        if (OptimizerKind.parse(train.optimizer) == OptimizerKind.ADAM) {
            m.put("adam_epsilon", s.adamEpsilon());
        }
        m.put("init", s.init().id());
        m.put("patience", patience);
        m.put("validation", train.validation);
        return m;
    }
}
