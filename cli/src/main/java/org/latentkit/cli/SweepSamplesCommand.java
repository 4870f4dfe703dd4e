package org.latentkit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Split;
import org.latentkit.api.plot.LinePlot;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.RunDirectory;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.classify.SampleSweep;
import org.latentkit.trainers.listeners.ProgressBar;
import org.latentkit.trainers.loop.EngineContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentkit sweep-samples}: test accuracy against the number of labelled samples. */
@Command(
        name = "sweep-samples",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Accuracy against the number of labelled training samples (seed 003's curve): "
                        + "a table (sweep.csv, sweep.md) and a plot (accuracy_vs_samples.png).")
final class SweepSamplesCommand extends RunCommand {

    @Option(
            names = "--arch",
            paramLabel = "NAME",
            defaultValue = "mlp",
            description = "Classifier architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--sizes",
            paramLabel = "N,N,...",
            split = ",",
            defaultValue = "250,500,1000,2000,5000,10000,55000",
            description = "Sample counts (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Mixin TrainOptions train;

    @Mixin ClassifierOptions classifier;

    @Override
    int execute() {
        RunConfig config = runConfig(train.epochs, train.batchSize);
        ClassifierTrainer.Options options =
                ClassifyCommand.options(this, train, classifier, arch, config);
        if (train.validation <= 0) {
            throw new InvalidInputException(
                    "validation: sweep-samples needs a validation set for "
                            + "early stopping, got "
                            + train.validation);
        }
        DataLocator.TrainTest data = loadData();
        Split split = ClassifyCommand.split(data, train.validation, null, config.seed());
        RunDirectory run =
                openRun(
                        config,
                        Map.of(
                                "arch",
                                options.architecture().id(),
                                "sizes",
                                Arrays.toString(sizes),
                                "settings",
                                ClassifyCommand.settings(options, train, null)));
        EngineContext context = EngineContext.of(config.engine(), config.device());
        List<SampleSweep.Point> done = new ArrayList<>();
        List<SampleSweep.Point> points =
                SampleSweep.run(
                        new ClassifierTrainer(context),
                        split,
                        sizes,
                        options,
                        n -> {
                            err().printf(
                                            Locale.ROOT,
                                            "-- %d samples (up to %d epochs)%n",
                                            n,
                                            SampleSweep.epochsFor(
                                                    options.epochs(), split.train().size(), n));
                            return ProgressBar.onStderr("val_acc");
                        },
                        p -> {
                            done.add(p);
                            err().printf(
                                            Locale.ROOT,
                                            "-- %d samples: test accuracy %.2f%% after %d epochs%n",
                                            p.samples(),
                                            100 * p.testAccuracy(),
                                            p.epochsRun());
                            write(run, done);
                        });
        Map<String, Object> m = baseMetrics(context, data);
        m.put("arch", options.architecture().id());
        for (SampleSweep.Point p : points) {
            m.put("accuracy_at_" + p.samples(), p.testAccuracy());
        }
        m.put("train_seconds", points.stream().mapToDouble(SampleSweep.Point::trainSeconds).sum());
        run.writeMetrics(m);
        spec.commandLine().getOut().print(table(points));
        spec.commandLine().getOut().println("-> " + run.dir());
        return 0;
    }

    private void write(RunDirectory run, List<SampleSweep.Point> points) {
        StringBuilder csv =
                new StringBuilder(
                        "samples,test_accuracy,validation_accuracy,epochs_run,train_seconds\n");
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            SampleSweep.Point p = points.get(i);
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.4f,%.4f,%d,%.1f%n",
                            p.samples(),
                            p.testAccuracy(),
                            p.validationAccuracy(),
                            p.epochsRun(),
                            p.trainSeconds()));
            x[i] = p.samples();
            y[i] = 100 * p.testAccuracy();
        }
        AtomicFiles.writeString(run.file("sweep.csv"), csv.toString());
        AtomicFiles.writeString(run.file("sweep.md"), table(points));
        double[] rx = Arrays.stream(SampleSweep.SEED003_FC).mapToDouble(r -> r[0]).toArray();
        double[] ry = Arrays.stream(SampleSweep.SEED003_FC).mapToDouble(r -> 100 * r[1]).toArray();
        LinePlot.titled("Test accuracy against labelled training samples (" + arch + ")")
                .axes("labelled training samples (log scale)", "test accuracy (%)")
                .logX()
                .series("latentkit " + arch, x, y)
                .reference("seed 003 (published)", rx, ry)
                .write(run.file("accuracy_vs_samples.png"));
    }

    private static String table(List<SampleSweep.Point> points) {
        StringBuilder md =
                new StringBuilder(
                        "| samples | test accuracy | seed 003 | epochs |\n|---:|---:|---:|---:|\n");
        for (SampleSweep.Point p : points) {
            String ref =
                    Arrays.stream(SampleSweep.SEED003_FC)
                            .filter(r -> r[0] == p.samples())
                            .map(r -> String.format(Locale.ROOT, "%.1f%%", 100 * r[1]))
                            .findFirst()
                            .orElse("");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %.2f%% | %s | %d |%n",
                            p.samples(),
                            100 * p.testAccuracy(),
                            ref,
                            p.epochsRun()));
        }
        return md.toString();
    }
}
