package org.latentkit.trainers.vae;

import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.StepTimer;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * Sets an {@link ElboLoss}'s β schedule to the global step after every training step, then passes
 * the events on: the training loop stays unaware of annealing. The global step is computed from the
 * epoch and the step within it, {@code (epoch - 1) * stepsPerEpoch + step}, so a run resumed from a
 * checkpoint continues the schedule where it was rather than from 0.
 */
public final class BetaStepper implements TrainingListener {

    private final ElboLoss loss;
    private final TrainingListener next;
    private long epochOffset;

    /**
     * Wraps a listener.
     *
     * @param loss the loss whose step to advance (starts at step 0)
     * @param next the listener that receives every event
     */
    public BetaStepper(ElboLoss loss, TrainingListener next) {
        this.loss = loss;
        this.next = next;
        loss.setStep(0);
    }

    /** {@inheritDoc} */
    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        epochOffset = (long) (epoch - 1) * steps;
        next.onEpochStart(epoch, epochs, steps);
    }

    /** {@inheritDoc} */
    @Override
    public void onStep(int step, double value) {
        loss.setStep(epochOffset + step);
        next.onStep(step, value);
    }

    /** {@inheritDoc} */
    @Override
    public void onEpochEnd(EpochStats stats) {
        next.onEpochEnd(stats);
    }

    /** {@inheritDoc} */
    @Override
    public StepTimer stepTimer() {
        return next.stepTimer();
    }
}
