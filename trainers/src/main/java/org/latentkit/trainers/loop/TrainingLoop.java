package org.latentkit.trainers.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.latentkit.core.InvalidInputException;

/**
 * The one training loop of latentkit, in PyTorch's order: batch, forward, loss, backward, step.
 *
 * <p>Each step's arrays live in a sub-manager that is closed at the end of the step, so memory
 * stays flat across epochs. Batches are assembled straight from the resident digit bytes (no
 * per-sample arrays), and no evaluator recomputes the loss: the loop reads it once per step.
 */
public final class TrainingLoop {

    /** What to do with a last batch smaller than the batch size. */
    public enum LastBatch {
        /** Train on it. */
        KEEP,
        /** Skip it: losses built on batch statistics get noise from a tiny batch. */
        DROP
    }

    /**
     * How long and in what batches to train.
     *
     * @param epochs maximum number of epochs, at least 1
     * @param batchSize samples per step, at least 1 and at most the training set size
     * @param seed seeds the shuffling stream
     * @param maxBatches stop each epoch after this many steps; 0 for no limit (CI uses it)
     * @param lastBatch what to do with a partial last batch
     */
    public record Options(
            int epochs, int batchSize, long seed, int maxBatches, LastBatch lastBatch) {
        /** Validates the components. */
        public Options {
            if (epochs <= 0) {
                throw new InvalidInputException("epochs: must be a positive number, got " + epochs);
            }
            if (batchSize <= 0) {
                throw new InvalidInputException(
                        "batch-size: must be a positive number, got " + batchSize);
            }
            if (maxBatches < 0) {
                throw new InvalidInputException(
                        "max-batches: must be 0 or more, got " + maxBatches);
            }
        }
    }

    /** Scores the model after each epoch, for early stopping. */
    @FunctionalInterface
    public interface Validator {
        /**
         * Scores the current parameters.
         *
         * @param trainer the trainer (use its model for inference)
         * @return the score
         */
        double score(Trainer trainer);
    }

    /**
     * What a fit did.
     *
     * @param history one entry per epoch run
     * @param bestEpoch the epoch whose parameters the model holds now
     * @param bestScore its validation score, NaN without validation
     * @param djl what DJL's listeners recorded ({@link Trainer#getTrainingResult()}): the
     *     evaluators' and the loss's latest values when the config had DJL listeners
     */
    public record Result(
            List<EpochStats> history, int bestEpoch, double bestScore, TrainingResult djl) {

        /**
         * A result without DJL listener values.
         *
         * @param history one entry per epoch run
         * @param bestEpoch the epoch whose parameters the model holds now
         * @param bestScore its validation score, NaN without validation
         */
        public Result(List<EpochStats> history, int bestEpoch, double bestScore) {
            this(history, bestEpoch, bestScore, new TrainingResult());
        }

        /**
         * Returns the number of epochs run.
         *
         * @return epochs
         */
        public int epochsRun() {
            return history.size();
        }

        /**
         * Returns the total time spent in training steps.
         *
         * @return seconds
         */
        public double trainSeconds() {
            return history.stream().mapToDouble(EpochStats::trainSeconds).sum();
        }

        /**
         * Returns the training throughput over all epochs.
         *
         * @return samples per second
         */
        public double samplesPerSecond() {
            long samples = history.stream().mapToLong(EpochStats::samples).sum();
            double secs = trainSeconds();
            return secs > 0 ? samples / secs : 0;
        }
    }

    private TrainingLoop() {}

    /**
     * Trains until the epochs run out or early stopping fires, then restores the best epoch.
     *
     * <p>Per step, in PyTorch's order: batch, forward, loss, backward, the control's loss check
     * (NaN or a jump stops the run before its gradient is applied), DJL's {@code onTrainingBatch},
     * gradient clipping, the optimiser step, then the control's checkpoint. Per epoch: validation
     * (with DJL's {@code onValidationBatch} from the validator), DJL's {@code onEpoch}, latentkit's
     * {@code onEpochEnd}, an epoch-end checkpoint.
     *
     * @param trainer an initialised trainer whose loss reads {@code (labels, predictions)}
     * @param fit what to train on, for how long, how to validate and stop, and the hooks
     * @return what happened
     */
    public static Result fit(Trainer trainer, FitConfig fit) {
        Feed train = fit.feed();
        Options options = fit.options();
        Validator validator = fit.validator();
        TrainingListener listener = fit.hooks().progress();
        if (options.batchSize() > train.data().size()) {
            throw new InvalidInputException(
                    "batch-size: "
                            + options.batchSize()
                            + " is larger than the training set ("
                            + train.data().size()
                            + " samples)");
        }
        EarlyStopping stopping = fit.stopping();
        TrainingControl control = fit.hooks().control();
        List<EpochStats> history = new ArrayList<>();
        try {
            TrainingControl.Start start = control.begin(trainer, train, options, history, stopping);
            Random shuffle = start.shuffle();
            for (int epoch = start.epochsDone() + 1; epoch <= options.epochs(); epoch++) {
                if (validator != null && stopping.shouldStop()) {
                    break; // a resumed run whose patience had already run out
                }
                EpochStats stats =
                        trainEpoch(
                                trainer,
                                train,
                                options,
                                shuffle,
                                epoch,
                                control,
                                listener,
                                epoch == start.epochsDone() + 1 ? start.partial() : null);
                double score = Double.NaN;
                if (validator != null) {
                    score = validator.score(trainer);
                    stopping.update(epoch, score, trainer.getModel().getBlock());
                }
                DjlEvents.epoch(trainer);
                stats =
                        new EpochStats(
                                epoch,
                                stats.trainLoss(),
                                score,
                                stats.steps(),
                                stats.samples(),
                                stats.trainSeconds());
                history.add(stats);
                listener.onEpochEnd(stats);
                boolean stop = validator != null && stopping.shouldStop();
                control.epochEnd(epoch, shuffle, stop || epoch == options.epochs());
                if (stop) {
                    break;
                }
            }
        } catch (TrainingDivergedException e) {
            throw control.lastCheckpoint() == null
                    ? e
                    : new TrainingDivergedException(e, control.lastCheckpoint());
        } finally {
            control.end();
        }
        if (validator == null) {
            return new Result(history, history.size(), Double.NaN, trainer.getTrainingResult());
        }
        stopping.restoreBest(trainer.getModel().getBlock(), trainer.getModel().getNDManager());
        return new Result(
                history, stopping.bestEpoch(), stopping.bestScore(), trainer.getTrainingResult());
    }

    /**
     * Runs one epoch over a fresh permutation of the training set.
     *
     * @param trainer the trainer
     * @param feed the training feed
     * @param options batching
     * @param shuffle the shuffling stream
     * @param epoch the 1-based epoch, for reporting
     * @param listener progress observer
     * @return the epoch's loss, steps and time (validation score NaN)
     */
    public static EpochStats trainEpoch(
            Trainer trainer,
            Feed feed,
            Options options,
            Random shuffle,
            int epoch,
            TrainingListener listener) {
        return trainEpoch(
                trainer,
                feed,
                options,
                shuffle,
                epoch,
                TrainingControl.builder().build(),
                listener == null ? TrainingListener.NONE : listener,
                null);
    }

    private static EpochStats trainEpoch(
            Trainer trainer,
            Feed feed,
            Options options,
            Random shuffle,
            int epoch,
            TrainingControl control,
            TrainingListener listener,
            Checkpoint partial) {
        int n = feed.data().size();
        int bs = options.batchSize();
        int steps = options.lastBatch() == LastBatch.DROP ? n / bs : (n + bs - 1) / bs;
        if (options.maxBatches() > 0) {
            steps = Math.min(steps, options.maxBatches());
        }
        byte[] shuffleAtStart = TrainingControl.serialize(shuffle);
        int[] order = feed.data().permutation(shuffle);
        listener.onEpochStart(epoch, options.epochs(), steps);
        StepTimer timer = listener.stepTimer();
        boolean djl = DjlEvents.hasListeners(trainer);
        NDManager root = trainer.getManager();
        double lossSum = partial == null ? 0 : partial.epochLossSum();
        long samples = partial == null ? 0 : partial.epochSamples();
        long start =
                System.nanoTime() - (partial == null ? 0 : (long) (partial.epochSeconds() * 1e9));
        for (int step = partial == null ? 0 : partial.stepsDone(); step < steps; step++) {
            int from = step * bs;
            int to = Math.min(n, from + bs);
            try (NDManager batch = root.newSubManager()) {
                Feed.Batch b = feed.batch(batch, order, from, to, epoch, step);
                NDList x = b.inputs();
                NDList y = b.labels();
                timer.lap(StepTimer.Phase.DATA);
                float loss;
                NDList prediction;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    prediction = trainer.forward(x);
                    NDArray lossArray = trainer.getLoss().evaluate(y, prediction);
                    timer.lap(StepTimer.Phase.FORWARD);
                    collector.backward(lossArray);
                    loss = lossArray.getFloat();
                    timer.lap(StepTimer.Phase.BACKWARD);
                }
                control.checkLoss(epoch, step + 1, loss);
                if (djl) {
                    DjlEvents.trainingBatch(
                            trainer, DjlEvents.batchData(batch, x, y, prediction, step + 1, steps));
                }
                control.beforeStep(batch);
                trainer.step();
                timer.lap(StepTimer.Phase.OPTIMIZER);
                lossSum += loss;
                samples += to - from;
                listener.onStep(step + 1, loss);
            }
            control.afterStep(
                    epoch,
                    step + 1,
                    steps,
                    shuffleAtStart,
                    lossSum,
                    samples,
                    (System.nanoTime() - start) / 1e9);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochStats(
                epoch,
                steps == 0 ? Double.NaN : lossSum / steps,
                Double.NaN,
                steps,
                samples,
                seconds);
    }
}
