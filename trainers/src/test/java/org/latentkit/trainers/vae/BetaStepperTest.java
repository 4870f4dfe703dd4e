package org.latentkit.trainers.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.latentkit.losses.BetaSchedule;
import org.latentkit.losses.ElboLoss;
import org.latentkit.trainers.loop.StepTimer;
import org.latentkit.trainers.loop.TrainingListener;

/** The β schedule follows the global step, so a resumed run continues the warm-up where it was. */
class BetaStepperTest {

    @Test
    void givenResumedEpochWhenStepRunsThenBetaFollowsGlobalStep() {
        // Linear warm-up from 0 to 1 over 40 steps; 10 steps an epoch.
        ElboLoss loss = ElboLoss.builder().optBeta(new BetaSchedule.Linear(1, 40)).build();
        BetaStepper stepper = new BetaStepper(loss, TrainingListener.NONE);
        assertEquals(0f, loss.beta(), 1e-6f);
        // A run resumed at epoch 3 (steps 21..30): after its 2nd step the global step is 2·10 + 2 =
        // 22,
        // and β = 22 / 40 = 0.55, not 2 / 40 as a counter restarted from 0 would give.
        stepper.onEpochStart(3, 5, 10);
        stepper.onStep(1, 0.0);
        stepper.onStep(2, 0.0);
        assertEquals(0.55f, loss.beta(), 1e-6f);
    }

    /** The loop asks the outermost listener for its phase timer; the stepper must not drop it. */
    @Test
    void givenInnerListenerWithTimerWhenWrappedThenTimerIsPassedOn() {
        StepTimer timer = phase -> {};
        TrainingListener inner =
                new TrainingListener() {
                    @Override
                    public StepTimer stepTimer() {
                        return timer;
                    }
                };
        ElboLoss loss = ElboLoss.builder().build();
        assertSame(timer, new BetaStepper(loss, inner).stepTimer());
    }
}
