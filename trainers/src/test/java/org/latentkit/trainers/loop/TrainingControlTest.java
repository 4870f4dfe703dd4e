package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentkit.trainers.listeners.TrainingListener;

/** The control wraps a run's listener: the loop must still reach everything the listener offers. */
class TrainingControlTest {

    @Test
    void givenListenerWithStepTimer_whenWrappedInControl_thenLoopSeesTheSameTimer() {
        List<StepTimer.Phase> laps = new ArrayList<>();
        StepTimer timer = laps::add;
        TrainingListener bench =
                new TrainingListener() {
                    @Override
                    public StepTimer stepTimer() {
                        return timer;
                    }
                };
        TrainingControl control = TrainingControl.of(TrainingControl.builder().build(bench));
        assertSame(timer, control.stepTimer());
        control.stepTimer().lap(StepTimer.Phase.FORWARD);
        assertEquals(List.of(StepTimer.Phase.FORWARD), laps);
    }

    @Test
    void givenControl_whenTrainerWrapsItsOwnListenerInside_thenControlStaysOutermostAndForwards() {
        List<Integer> steps = new ArrayList<>();
        TrainingListener progress =
                new TrainingListener() {
                    @Override
                    public void onStep(int step, double loss) {
                        steps.add(step);
                    }
                };
        TrainingListener control = TrainingControl.builder().build(progress);
        List<String> seen = new ArrayList<>();
        TrainingListener chain =
                TrainingControl.inside(
                        control,
                        inner ->
                                new TrainingListener() {
                                    @Override
                                    public void onStep(int step, double loss) {
                                        seen.add("trainer " + step);
                                        inner.onStep(step, loss);
                                    }
                                });
        assertSame(control, chain, "the loop must find the same control, or checkpoints are lost");
        chain.onStep(7, 0.5);
        assertEquals(List.of("trainer 7"), seen);
        assertEquals(List.of(7), steps);
    }
}
