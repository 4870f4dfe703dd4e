package org.latentkit.trainers.loop;

import java.util.List;
import java.util.Map;

/**
 * What a checkpoint's {@code manifest.json} holds: where training stood and everything, beside the
 * arrays, needed to continue exactly there. The manifest is written last, so a checkpoint directory
 * without one is incomplete and ignored.
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
}
