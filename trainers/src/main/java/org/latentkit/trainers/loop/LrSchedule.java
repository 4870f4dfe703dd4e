package org.latentkit.trainers.loop;

import ai.djl.training.tracker.Tracker;
import org.latentkit.core.Choice;

/** How the learning rate changes over a run. */
public enum LrSchedule implements Choice {
    /** The same rate for every step (what the seeds did). */
    CONSTANT("constant"),
    /**
     * Cosine annealing from the base rate to 0 over the run's steps (Loshchilov and Hutter, 2017,
     * "SGDR", without restarts): {@code lr(t) = lr0 · (1 + cos(π t / T)) / 2}.
     */
    COSINE("cosine");

    private final String id;

    LrSchedule(String id) {
        this.id = id;
    }

    /**
     * Returns the command-line name.
     *
     * @return {@code constant} or {@code cosine}
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Builds the learning-rate tracker.
     *
     * @param learningRate the base rate
     * @param totalSteps the optimiser steps of the whole run
     * @return the tracker
     */
    public Tracker tracker(float learningRate, int totalSteps) {
        return switch (this) {
            case CONSTANT -> Tracker.fixed(learningRate);
            case COSINE ->
                    Tracker.cosine()
                            .setBaseValue(learningRate)
                            .optFinalValue(0f)
                            .setMaxUpdates(Math.max(1, totalSteps))
                            .build();
        };
    }

    /**
     * Parses a schedule name.
     *
     * @param text {@code constant} or {@code cosine}
     * @return the schedule
     */
    public static LrSchedule parse(String text) {
        return Choice.parse(values(), "lr-schedule", "schedule", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
