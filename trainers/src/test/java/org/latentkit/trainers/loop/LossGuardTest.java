package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latentkit.core.InvalidInputException;

class LossGuardTest {

    /** Feeds 30 steps alternating 100 and 120: the 90th percentile is 120, the threshold 1200. */
    private static LossGuard warmed(float factor) {
        LossGuard g = new LossGuard(factor);
        for (int s = 1; s <= 30; s++) {
            g.check(1, s, s % 2 == 0 ? 120f : 100f);
        }
        return g;
    }

    @Test
    void givenLossTenfoldAboveLargestRecentWhenCheckedThenDivergedNamingEpochStepAndReference() {
        LossGuard g = warmed(10);
        assertDoesNotThrow(() -> g.check(2, 1, 1199f)); // 1199 < 10 × 120, a hard batch
        TrainingDivergedException e =
                assertThrows(TrainingDivergedException.class, () -> g.check(2, 2, 5365.65f));
        assertTrue(e.getMessage().contains("loss jumped to 5365.6"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch 2, step 2"), e.getMessage());
        assertTrue(e.getMessage().contains("(120.000,"), e.getMessage());
    }

    @Test
    void givenLossDoublingEveryStepWhenCheckedThenStopsOnceTenfoldTheTypicalLevel() {
        LossGuard g = warmed(10);
        g.check(2, 1, 200f);
        g.check(2, 2, 400f);
        g.check(2, 3, 800f);
        assertThrows(TrainingDivergedException.class, () -> g.check(2, 4, 1600f));
    }

    @Test
    void givenConvergedTinyLossesWhenNoisyBatchThenStopsOnlyAboveTheStartingScale() {
        LossGuard g = new LossGuard(10);
        for (int s = 1; s <= 20; s++) {
            g.check(1, s, 2.3f); // a classifier's first steps: about ln 10
        }
        for (int s = 1; s <= 200; s++) {
            g.check(2, s, 0.01f);
        }
        assertDoesNotThrow(() -> g.check(3, 1, 1.5f)); // 150 × the typical loss, under 10 × 0.23
        assertThrows(TrainingDivergedException.class, () -> g.check(3, 2, 2.4f));
    }

    @Test
    void givenFallingLossWhenCheckedThenNeverStops() {
        LossGuard g = new LossGuard(10);
        for (int s = 1; s <= 1000; s++) {
            float loss = 700f / s;
            assertDoesNotThrow(() -> g.check(1, 1, loss));
        }
    }

    @Test
    void givenJumpBeforeWarmUpOrWithFactorZeroThenOnlyNonFiniteStops() {
        LossGuard early = new LossGuard(10);
        early.check(1, 1, 1f);
        assertDoesNotThrow(() -> early.check(1, 2, 1000f)); // first steps say little
        LossGuard off = warmed(0);
        assertDoesNotThrow(() -> off.check(1, 31, 1e13f));
        assertThrows(TrainingDivergedException.class, () -> off.check(1, 32, Float.NaN));
        assertThrows(
                TrainingDivergedException.class, () -> off.check(1, 33, Float.POSITIVE_INFINITY));
    }

    @Test
    void givenResetWhenNextFitHasLargerLossesThenNoFalseStop() {
        LossGuard g = new LossGuard(10);
        for (int s = 1; s <= 30; s++) {
            g.check(1, s, 0.05f); // a classifier head near convergence
        }
        g.reset();
        assertDoesNotThrow(() -> g.check(1, 1, 540f)); // then a reconstruction loss
    }

    @Test
    void givenFactorNotAboveOneWhenCreatedThenOneLineError() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> new LossGuard(0.5f));
        assertTrue(e.getMessage().startsWith("max-loss-jump: "), e.getMessage());
    }
}
