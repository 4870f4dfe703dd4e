package org.latentkit.trainers.loop;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's steps
 * @param validationScore the score early stopping watched, or NaN without validation
 * @param steps optimiser steps taken
 * @param samples training samples seen
 * @param trainSeconds wall time of the training steps (validation excluded)
 */
public record EpochStats(
        int epoch,
        double trainLoss,
        double validationScore,
        int steps,
        long samples,
        double trainSeconds) {

    /**
     * Returns the training throughput.
     *
     * @return samples per second
     */
    public double samplesPerSecond() {
        return trainSeconds > 0 ? samples / trainSeconds : 0;
    }
}
