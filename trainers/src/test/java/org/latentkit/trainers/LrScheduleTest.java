package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.LrSchedule;

class LrScheduleTest {

    @Test
    void givenCosine_whenQueriedAcrossTheRun_thenItFollowsHalfACosineToZero() {
        Tracker t = LrSchedule.COSINE.tracker(0.1f, 100);
        // lr(t) = 0.1 · (1 + cos(π t / 100)) / 2: 0.1 at 0, 0.05 at 50, 0.0146 at 75, 0 at 100.
        assertEquals(0.1f, t.getNewValue(0), 1e-6f);
        assertEquals(0.05f, t.getNewValue(50), 1e-6f);
        assertEquals(0.1f * (1 + (float) Math.cos(Math.PI * 0.75)) / 2, t.getNewValue(75), 1e-6f);
        assertEquals(0f, t.getNewValue(100), 1e-6f);
    }

    @Test
    void givenConstant_whenQueried_thenAlwaysTheBaseRate() {
        Tracker t = LrSchedule.CONSTANT.tracker(0.032f, 10);
        assertEquals(0.032f, t.getNewValue(0));
        assertEquals(0.032f, t.getNewValue(1_000_000));
    }

    @Test
    void givenUnknownName_whenParsed_thenValidNamesAreListed() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> LrSchedule.parse("linear"));
        assertEquals(
                "lr-schedule: unknown schedule 'linear' (valid: constant, cosine)", e.getMessage());
    }
}
