package org.latentkit.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.latentkit.api.config.RunConfig;
import org.latentkit.blocks.mlp.ActivationKind;
import org.latentkit.losses.BinaryCodeLoss;
import org.latentkit.trainers.buckets.BucketTrainer;
import picocli.CommandLine.Option;

/**
 * Flags of the bucket classifier (seed 000), shared by {@code buckets} and {@code buckets-sweep}.
 * Its own schedule flags replace {@link TrainOptions}: no validation or early stopping (there are
 * no labels to stop on), and the original's batch of 128.
 *
 * <p>The flags' defaults are {@link BucketTrainer.Options#defaults()}, which both hosts state
 * through {@link CommandDefaults} with {@link #defaults()}, so each default lives in the trainer
 * only.
 */
final class BucketOptions {

    @Option(
            names = "--bits",
            paramLabel = "N",
            description = "Tanh outputs, hence 2^N buckets (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(
            names = "--hidden",
            paramLabel = "N,N,...",
            split = ",",
            description = "Hidden layer sizes of the MLP (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(
            names = "--activation",
            paramLabel = "NAME",
            description =
                    "Hidden activation: leaky-relu, relu or tanh (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(
            names = "--weights",
            paramLabel = "cov=X,center=X,mag=X",
            description =
                    "Loss weights; missing keys keep the default, pair (default 0) needs --shift "
                            + "(default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(
            names = "--shift",
            paramLabel = "PIXELS",
            description =
                    "Not in the original: also encode copies shifted by up to PIXELS and pull their "
                            + "codes to the originals' with the weight pair=X of --weights; 0 = off (default: ${DEFAULT-VALUE}).")
    int shift;

    @Option(
            names = "--neighbours",
            paramLabel = "K",
            description =
                    "Not in the original: pair each training image with one of its K nearest pixel-space "
                            + "neighbours and pull their codes together with the weight pair=X; 0 = off (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(
            names = "--include-diagonal",
            description =
                    "Penalise the variances too (the original zeroes the covariance diagonal).")
    boolean includeDiagonal;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description =
                    "Samples per step; the partial last batch is dropped (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "X",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    /**
     * Returns the flags' defaults, read from {@link BucketTrainer.Options#defaults()}.
     *
     * @return long option name to default
     */
    static Map<String, String> defaults() {
        BucketTrainer.Options d = BucketTrainer.Options.defaults();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--bits", Integer.toString(d.bits()));
        m.put(
                "--hidden",
                Arrays.stream(d.hidden())
                        .mapToObj(Integer::toString)
                        .collect(Collectors.joining(",")));
        m.put("--activation", d.activation().id());
        m.put("--weights", d.weights().toString());
        m.put("--shift", Integer.toString(d.shift()));
        m.put("--neighbours", Integer.toString(d.neighbours()));
        m.put("--epochs", Integer.toString(d.epochs()));
        m.put("--batch-size", Integer.toString(d.batchSize()));
        m.put("--lr", Float.toString(d.learningRate()));
        return m;
    }

    /** Turns the flags into validated options. */
    BucketTrainer.Options options(RunConfig config, int maxBatches) {
        return BucketTrainer.Options.builder()
                .optBits(bits)
                .optHidden(hidden)
                .optActivation(ActivationKind.parse(activation))
                .optWeights(BinaryCodeLoss.Weights.parse(weights))
                .optDiagonal(
                        includeDiagonal
                                ? BinaryCodeLoss.Diagonal.INCLUDE
                                : BinaryCodeLoss.Diagonal.EXCLUDE)
                .optLearningRate(lr)
                .optEpochs(config.epochs())
                .optBatchSize(config.batchSize())
                .optSeed(config.seed())
                .optMaxBatches(maxBatches)
                .optShift(shift)
                .optNeighbours(neighbours)
                .build();
    }

    /**
     * Returns the bucket settings a run records in {@code config.json}.
     *
     * @param o the options
     * @return the settings, in a stable order
     */
    static Map<String, Object> settings(BucketTrainer.Options o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bits", o.bits());
        s.put("hidden", o.hidden());
        s.put("activation", o.activation().id());
        s.put("w_cov", o.weights().covariance());
        s.put("w_center", o.weights().centering());
        s.put("w_mag", o.weights().magnitude());
        s.put("w_pair", o.weights().pair());
        s.put("shift", o.shift());
        s.put("neighbours", o.neighbours());
        s.put("covariance_diagonal", o.diagonal().name().toLowerCase(Locale.ROOT));
        s.put("optimizer", "adam");
        s.put("lr", o.learningRate());
        s.put("last_batch", "drop");
        return s;
    }
}
