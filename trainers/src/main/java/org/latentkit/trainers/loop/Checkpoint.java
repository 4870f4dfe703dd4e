package org.latentkit.trainers.loop;

import java.util.List;
import java.util.Map;
import org.latentkit.core.InvalidInputException;

/**
 * What a checkpoint's {@code manifest.json} holds: where training stood and everything, beside the
 * arrays, needed to continue exactly there. The manifest is written last, so a checkpoint directory
 * without one is incomplete and ignored.
 *
 * <p>Build one with {@link #builder()}: the position, shuffle state, history, dataset and parameter
 * shapes are required, the rest default to a fresh run's values.
 *
 * @param format always {@code latentkit-checkpoint}
 * @param version the layout version, 1
 * @param epochsDone epochs completed (validation and early stopping included)
 * @param stepsDone steps done in the next epoch: 0 at an epoch's end
 * @param globalStep optimiser steps since the start of the run
 * @param epochLossSum the partial epoch's summed step losses
 * @param epochSamples the partial epoch's samples
 * @param epochSeconds the partial epoch's training time
 * @param shuffleState the shuffling generator as the next (or partial) epoch starts, Base64 of its
 *     Java serialisation
 * @param history the finished epochs
 * @param bestScore the early-stopping best score, NaN before one
 * @param bestEpoch its epoch, 0 before one
 * @param sinceBest the patience counter
 * @param optimizer the optimiser whose state is saved, or {@code none}
 * @param optimizerNote why no optimiser state is saved, or {@code null}
 * @param optimizerUpdates the optimiser's update count
 * @param dataset the training set's name
 * @param datasetFingerprint its SHA-256 fingerprint
 * @param trainSize its size
 * @param batchSize samples per step
 * @param seed the run's seed
 * @param parameters each parameter's name and shape
 * @param run the run's settings as the command recorded them (for comparison on resume)
 * @param files each file's SHA-256, checked before loading
 */
public record Checkpoint(
        String format,
        int version,
        int epochsDone,
        int stepsDone,
        long globalStep,
        double epochLossSum,
        long epochSamples,
        double epochSeconds,
        String shuffleState,
        List<EpochStats> history,
        double bestScore,
        int bestEpoch,
        int sinceBest,
        String optimizer,
        String optimizerNote,
        int optimizerUpdates,
        String dataset,
        String datasetFingerprint,
        int trainSize,
        int batchSize,
        long seed,
        Map<String, String> parameters,
        Map<String, Object> run,
        Map<String, String> files) {

    /** The manifest's {@code format} value. */
    public static final String FORMAT = "latentkit-checkpoint";

    /** The layout version this build writes. */
    public static final int VERSION = 1;

    /**
     * Returns a builder: format {@link #FORMAT}, version {@link #VERSION}, an empty partial epoch,
     * no best score (NaN, epoch 0), optimiser {@code none} with no note and no updates, and no run
     * settings or file sums, until set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this checkpoint's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optFormat(format)
                .optVersion(version)
                .setEpochsDone(epochsDone)
                .setStepsDone(stepsDone)
                .setGlobalStep(globalStep)
                .optPartialEpoch(epochLossSum, epochSamples, epochSeconds)
                .setShuffleState(shuffleState)
                .setHistory(history)
                .optBest(bestScore, bestEpoch, sinceBest)
                .optOptimizer(optimizer, optimizerNote, optimizerUpdates)
                .setDataset(dataset, datasetFingerprint, trainSize)
                .setBatchSize(batchSize)
                .setSeed(seed)
                .setParameters(parameters)
                .optRun(run)
                .optFiles(files);
    }

    /**
     * Returns the 1-based epoch training continues in.
     *
     * @return {@code epochsDone + 1}
     */
    public int nextEpoch() {
        return epochsDone + 1;
    }

    /**
     * Describes the position for messages.
     *
     * @return for example {@code end of epoch 2} or {@code epoch 3, step 120}
     */
    public String position() {
        return stepsDone == 0
                ? "end of epoch " + epochsDone
                : "epoch " + nextEpoch() + ", step " + stepsDone;
    }

    /** Builds a {@link Checkpoint}, naming any required value left unset. */
    public static final class Builder {
        private String format = FORMAT;
        private int version = VERSION;
        private Integer epochsDone;
        private Integer stepsDone;
        private Long globalStep;
        private double epochLossSum;
        private long epochSamples;
        private double epochSeconds;
        private String shuffleState;
        private List<EpochStats> history;
        private double bestScore = Double.NaN;
        private int bestEpoch;
        private int sinceBest;
        private String optimizer = "none";
        private String optimizerNote;
        private int optimizerUpdates;
        private String dataset;
        private String datasetFingerprint;
        private Integer trainSize;
        private Integer batchSize;
        private Long seed;
        private Map<String, String> parameters;
        private Map<String, Object> run;
        private Map<String, String> files;

        private Builder() {}

        /**
         * Sets the format (default {@link #FORMAT}).
         *
         * @param value the format name
         * @return this builder
         */
        public Builder optFormat(String value) {
            this.format = value;
            return this;
        }

        /**
         * Sets the layout version (default {@link #VERSION}).
         *
         * @param value the version
         * @return this builder
         */
        public Builder optVersion(int value) {
            this.version = value;
            return this;
        }

        /**
         * Sets the epochs completed (required).
         *
         * @param value 0 or more
         * @return this builder
         */
        public Builder setEpochsDone(int value) {
            this.epochsDone = value;
            return this;
        }

        /**
         * Sets the steps done in the next epoch, 0 at an epoch's end (required).
         *
         * @param value 0 or more
         * @return this builder
         */
        public Builder setStepsDone(int value) {
            this.stepsDone = value;
            return this;
        }

        /**
         * Sets the optimiser steps since the start of the run (required).
         *
         * @param value 0 or more
         * @return this builder
         */
        public Builder setGlobalStep(long value) {
            this.globalStep = value;
            return this;
        }

        /**
         * Sets the partial epoch's running totals (default 0, 0, 0).
         *
         * @param lossSum summed step losses
         * @param samples samples seen
         * @param seconds training time
         * @return this builder
         */
        public Builder optPartialEpoch(double lossSum, long samples, double seconds) {
            this.epochLossSum = lossSum;
            this.epochSamples = samples;
            this.epochSeconds = seconds;
            return this;
        }

        /**
         * Sets the shuffling generator's state, Base64 of its Java serialisation (required).
         *
         * @param value the encoded state
         * @return this builder
         */
        public Builder setShuffleState(String value) {
            this.shuffleState = value;
            return this;
        }

        /**
         * Sets the finished epochs (required).
         *
         * @param value the history
         * @return this builder
         */
        public Builder setHistory(List<EpochStats> value) {
            this.history = value;
            return this;
        }

        /**
         * Sets the early-stopping state (default NaN, epoch 0, counter 0).
         *
         * @param score the best score, NaN before one
         * @param epoch its epoch, 0 before one
         * @param since the patience counter
         * @return this builder
         */
        public Builder optBest(double score, int epoch, int since) {
            this.bestScore = score;
            this.bestEpoch = epoch;
            this.sinceBest = since;
            return this;
        }

        /**
         * Sets the optimiser whose state is saved (default {@code none}, no note, 0 updates).
         *
         * @param name the optimiser, or {@code none}
         * @param note why no state is saved, or {@code null}
         * @param updates its update count
         * @return this builder
         */
        public Builder optOptimizer(String name, String note, int updates) {
            this.optimizer = name;
            this.optimizerNote = note;
            this.optimizerUpdates = updates;
            return this;
        }

        /**
         * Sets the training set (required).
         *
         * @param name its name
         * @param fingerprint its SHA-256 fingerprint
         * @param size its size
         * @return this builder
         */
        public Builder setDataset(String name, String fingerprint, int size) {
            this.dataset = name;
            this.datasetFingerprint = fingerprint;
            this.trainSize = size;
            return this;
        }

        /**
         * Sets the samples per step (required).
         *
         * @param value a positive number
         * @return this builder
         */
        public Builder setBatchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Sets the run's seed (required).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder setSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets each parameter's name and shape (required).
         *
         * @param value name to shape
         * @return this builder
         */
        public Builder setParameters(Map<String, String> value) {
            this.parameters = value;
            return this;
        }

        /**
         * Sets the run's settings as the command recorded them (default none).
         *
         * @param value setting to value, or {@code null}
         * @return this builder
         */
        public Builder optRun(Map<String, Object> value) {
            this.run = value;
            return this;
        }

        /**
         * Sets each file's SHA-256 (default none: the store adds them as it writes).
         *
         * @param value file name to SHA-256, or {@code null}
         * @return this builder
         */
        public Builder optFiles(Map<String, String> value) {
            this.files = value;
            return this;
        }

        /**
         * Builds the checkpoint.
         *
         * @return the checkpoint
         * @throws InvalidInputException naming the first required value left unset
         */
        public Checkpoint build() {
            return new Checkpoint(
                    Required.check("format", format),
                    version,
                    Required.check("epochs-done", epochsDone),
                    Required.check("steps-done", stepsDone),
                    Required.check("global-step", globalStep),
                    epochLossSum,
                    epochSamples,
                    epochSeconds,
                    Required.check("shuffle-state", shuffleState),
                    Required.check("history", history),
                    bestScore,
                    bestEpoch,
                    sinceBest,
                    Required.check("optimizer", optimizer),
                    optimizerNote,
                    optimizerUpdates,
                    Required.check("dataset", dataset),
                    Required.check("dataset-fingerprint", datasetFingerprint),
                    Required.check("train-size", trainSize),
                    Required.check("batch-size", batchSize),
                    Required.check("seed", seed),
                    Required.check("parameters", parameters),
                    run,
                    files);
        }
    }
}
