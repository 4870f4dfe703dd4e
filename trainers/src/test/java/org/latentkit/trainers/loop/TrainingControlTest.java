package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control is a named part of a fit's hooks: wrapping listeners cannot lose it. */
class TrainingControlTest {

    @Test
    void givenHooksWithControl_whenTrainerWrapsTheProgressListener_thenTheControlStays() {
        List<Integer> steps = new ArrayList<>();
        TrainingListener progress =
                new TrainingListener() {
                    @Override
                    public void onStep(int step, double loss) {
                        steps.add(step);
                    }
                };
        TrainingControl control = TrainingControl.builder().build();
        FitHooks hooks = FitHooks.builder().optProgress(progress).optControl(control).build();
        List<String> seen = new ArrayList<>();
        FitHooks chain =
                hooks.withProgress(
                        new TrainingListener() {
                            @Override
                            public void onStep(int step, double loss) {
                                seen.add("trainer " + step);
                                hooks.progress().onStep(step, loss);
                            }
                        });
        assertSame(control, chain.control(), "the loop must get the same control");
        chain.progress().onStep(7, 0.5);
        assertEquals(List.of("trainer 7"), seen);
        assertEquals(List.of(7), steps);
    }

    @Test
    void givenNoControl_whenHooksBuilt_thenAFreshControlStillGuardsTheLoss() {
        FitHooks a = FitHooks.of(null);
        assertSame(TrainingListener.NONE, a.progress());
        org.junit.jupiter.api.Assertions.assertThrows(
                TrainingDivergedException.class, () -> a.control().checkLoss(1, 1, Float.NaN));
    }
}
