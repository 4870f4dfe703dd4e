package org.latentkit.trainers.vae;

import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.listeners.TrainingListener;
import org.latentkit.trainers.loop.EpochStats;

/**
 * Advances an {@link ElboLoss}'s β schedule after every training step, then passes the events on:
 * the training loop stays unaware of annealing.
 */
public final class BetaStepper implements TrainingListener {

    private final ElboLoss loss;
    private final TrainingListener next;

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

    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        next.onEpochStart(epoch, epochs, steps);
    }

    @Override
    public void onStep(int step, double value) {
        loss.advance();
        next.onStep(step, value);
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
        next.onEpochEnd(stats);
    }
}
