package org.latentkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.augment.RandomAffine;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.LrSchedule;
import org.latentkit.trainers.loop.OptimizerKind;
import picocli.CommandLine.Option;

/**
 * Flags of supervised classification on top of {@link TrainOptions}: SGD, schedule, stopping,
 * inputs, augmentation. Their defaults, and the classifier's length, batch, optimiser and learning
 * rate, are {@link ClassifierTrainer.Options#defaults}, which each host states through {@link
 * CommandDefaults} with {@link #defaults()}.
 */
final class ClassifierOptions {

    /**
     * Returns the classifier's defaults by long option name, read from {@link
     * ClassifierTrainer.Options#defaults}.
     *
     * @return for example {@code --patience} to {@code 3}
     */
    static Map<String, String> defaults() {
        // Every default but the network is the same for each architecture.
        ClassifierTrainer.Options d = ClassifierTrainer.Options.defaults(Architecture.MLP);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--epochs", Integer.toString(d.epochs()));
        m.put("--batch-size", Integer.toString(d.batchSize()));
        m.put("--optimizer", d.optimizer().id());
        m.put("--lr", Float.toString(d.learningRate()));
        m.put("--momentum", Float.toString(d.momentum()));
        m.put("--lr-schedule", d.schedule().id());
        m.put("--patience", Integer.toString(d.patience()));
        m.put("--normalize", d.normalization().id());
        return m;
    }

    @Option(
            names = "--momentum",
            paramLabel = "X",
            description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(
            names = "--lr-schedule",
            paramLabel = "NAME",
            description =
                    "constant, or cosine annealing to 0 over the run (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(
            names = "--patience",
            paramLabel = "N",
            description =
                    "Early stopping: epochs without validation improvement; 0 = never "
                            + "(default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--normalize",
            paramLabel = "NAME",
            description = "unit ([0,1]) or centered ([-1,1]) (default: ${DEFAULT-VALUE}).")
    String normalize;

    @Option(
            names = "--augment",
            paramLabel = "SPEC",
            arity = "0..1",
            defaultValue = RandomAffine.NONE,
            fallbackValue = RandomAffine.DEFAULT_SPEC,
            description =
                    "Distort every training batch on the engine: comma-separated shift=PX,"
                            + "rotate=DEGREES,scale=FRACTION,elastic=ALPHA:SIGMA; --augment alone"
                            + " is ${FALLBACK-VALUE} (default: ${DEFAULT-VALUE}).")
    String augment;

    /**
     * Builds the classifier's options from these flags and the common ones.
     *
     * @param cmd the command (for {@code --max-batches})
     * @param t the training flags
     * @param arch the architecture's name
     * @param c the run's configuration (epochs, batch size, seed)
     * @return the options
     */
    ClassifierTrainer.Options toOptions(RunCommand cmd, TrainOptions t, String arch, RunConfig c) {
        ClassifierOptions k = this;
        return ClassifierTrainer.Options.builder()
                .setArchitecture(Architecture.parse(arch))
                .optOptimizer(OptimizerKind.parse(t.optimizer))
                .optLearningRate(t.lr)
                .optMomentum(k.momentum)
                .optSchedule(LrSchedule.parse(k.lrSchedule))
                .optEpochs(c.epochs())
                .optBatchSize(c.batchSize())
                .optPatience(k.patience)
                .optNormalization(Normalization.parse(k.normalize))
                .optSeed(c.seed())
                .optMaxBatches(cmd.common.maxBatches)
                .optAugmentation(RandomAffine.parse(k.augment))
                .build();
    }

    /**
     * Returns the augmentation as a run records it.
     *
     * @param o the options
     * @return its spec, for example {@code shift=2,rotate=10}, or {@code none}
     */
    static String augment(ClassifierTrainer.Options o) {
        return o.augmentation() == null ? RandomAffine.NONE : o.augmentation().toSpec();
    }

    /**
     * Returns the classifier settings a run records in {@code config.json}.
     *
     * @param o the options
     * @param t the training flags
     * @param samples the training-subset size, or null
     * @return the settings, in a stable order
     */
    static Map<String, Object> settings(
            ClassifierTrainer.Options o, TrainOptions t, Integer samples) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("arch", o.architecture().id());
        s.put("optimizer", o.optimizer().id());
        s.put("lr", o.learningRate());
        s.put("momentum", o.momentum());
        s.put("lr_schedule", o.schedule().id());
        s.put("patience", o.patience());
        s.put("validation", t.validation);
        s.put("normalize", o.normalization().id());
        s.put("train_samples", samples);
        s.put("augment", augment(o));
        return s;
    }
}
