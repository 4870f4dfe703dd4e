package org.latentkit.trainers.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.latentkit.api.data.Split;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * Accuracy against the number of labelled training samples (seed 003's curve): for each size a
 * stratified subset of the training set is drawn from the seed, a fresh classifier is trained on it
 * with early stopping on the full validation set, and its test accuracy is recorded.
 */
public final class SampleSweep {

    /** Seed 003's published FC curve: samples → accuracy, read off its figure and README. */
    public static final double[][] SEED003_FC = {
        {250, 0.81},
        {500, 0.855},
        {1000, 0.88},
        {2000, 0.90},
        {5000, 0.935},
        {10000, 0.953},
        {20000, 0.97},
        {55000, 0.975}
    };

    /**
     * One point of the curve.
     *
     * @param samples labelled training samples
     * @param testAccuracy test accuracy of the best epoch
     * @param validationAccuracy best validation accuracy
     * @param epochsRun epochs until early stopping
     * @param trainSeconds training time
     */
    public record Point(
            int samples,
            double testAccuracy,
            double validationAccuracy,
            int epochsRun,
            double trainSeconds) {}

    private SampleSweep() {}

    /**
     * Returns the epoch cap for a subset: every size gets the step budget of {@code epochs} epochs
     * at the full size, so smaller subsets run proportionally more (at most 1,000) epochs, and
     * early stopping on the validation set decides when each one stops.
     *
     * @param epochs epochs at the full size
     * @param full the full training set size
     * @param n the subset size
     * @return the epoch cap for {@code n} samples
     */
    public static int epochsFor(int epochs, int full, int n) {
        return (int) Math.min(1000, Math.ceil((double) epochs * full / n));
    }

    /**
     * Runs the sweep.
     *
     * @param trainer the classifier trainer
     * @param split the full split; its training set is subsampled
     * @param sizes sample counts, each between 1 and the training set size
     * @param options hyperparameters shared by every point; {@code epochs} is the cap at full size
     *     (see {@link #epochsFor})
     * @param listeners gives a progress listener per sample count
     * @param onPoint receives each point as soon as it is measured, to save partial results
     * @return one point per size, in order
     */
    public static List<Point> run(
            ClassifierTrainer trainer,
            Split split,
            int[] sizes,
            ClassifierTrainer.Options options,
            IntFunction<TrainingListener> listeners,
            Consumer<Point> onPoint) {
        int full = split.train().size();
        for (int n : sizes) {
            if (n <= 0 || n > full) {
                throw new InvalidInputException("sizes: " + n + " is outside 1.." + full);
            }
        }
        List<Point> points = new ArrayList<>();
        for (int n : sizes) {
            Split sub = split.withTrainSamples(n, options.seed());
            ClassifierTrainer.Options o =
                    options.withEpochs(epochsFor(options.epochs(), full, n))
                            .withBatchSize(Math.min(options.batchSize(), n));
            try (ClassifierTrainer.Trained t = trainer.fit(sub, o, listeners.apply(n))) {
                ClassifierTrainer.Result r = t.result();
                Point p =
                        new Point(
                                n,
                                r.testAccuracy(),
                                r.validationAccuracy(),
                                r.fit().epochsRun(),
                                r.fit().trainSeconds());
                points.add(p);
                onPoint.accept(p);
            }
        }
        return points;
    }
}
