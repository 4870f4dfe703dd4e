package org.latentkit.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.Split;
import org.latentkit.blocks.Architecture;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.classify.SampleSweep;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.TrainingListener;

class SampleSweepTest {

    @Test
    void givenSubsetSizes_whenEpochCapsComputed_thenEachGetsTheFullSizeStepBudget() {
        // 10 epochs at 55,000 samples: 5,000 samples get 10 · 55000 / 5000 = 110 epochs.
        assertEquals(10, SampleSweep.epochsFor(10, 55_000, 55_000));
        assertEquals(110, SampleSweep.epochsFor(10, 55_000, 5_000));
        assertEquals(1000, SampleSweep.epochsFor(10, 55_000, 250), "capped at 1,000");
    }

    @Test
    void givenFixture_whenSwept_thenMoreLabelsGiveHigherAccuracyAndEveryPointIsReported() {
        Split split = Split.withValidation(Fixtures.mnistSmall(), 500);
        ClassifierTrainer.Options o =
                ClassifierTrainer.Options.defaults(Architecture.MLP).withEpochs(2);
        List<SampleSweep.Point> seen = new ArrayList<>();
        List<SampleSweep.Point> points =
                SampleSweep.run(
                        new ClassifierTrainer(EngineContext.of("PyTorch", "cpu")),
                        split,
                        new int[] {50, 1500},
                        o,
                        n -> TrainingListener.NONE,
                        seen::add);
        assertEquals(points, seen);
        assertEquals(50, points.get(0).samples());
        // 50 labels reach roughly 50-65%, 1,500 labels about 88%: well separated.
        assertTrue(
                points.get(1).testAccuracy() > points.get(0).testAccuracy() + 0.1,
                points.get(0).testAccuracy() + " vs " + points.get(1).testAccuracy());
        assertThrows(
                InvalidInputException.class,
                () ->
                        SampleSweep.run(
                                new ClassifierTrainer(EngineContext.of("PyTorch", "cpu")),
                                split,
                                new int[] {0},
                                o,
                                n -> TrainingListener.NONE,
                                p -> {}));
    }
}
