package org.latentkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.blocks.Architecture;
import org.latentkit.trainers.classify.ClassifierTrainer;
import picocli.CommandLine.Option;

/**
 * Flags of supervised classification on top of {@link TrainOptions}: SGD, schedule, stopping,
 * inputs. Their defaults, and the classifier's length, batch, optimiser and learning rate, are
 * {@link ClassifierTrainer.Options#defaults}, which each host states through {@link
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
}
