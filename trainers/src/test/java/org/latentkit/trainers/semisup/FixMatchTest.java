package org.latentkit.trainers.semisup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.core.InvalidInputException;

/** FixMatch's options and its labelled stream, without training (the CLI tests train). */
class FixMatchTest {

    private static DigitSet labelled() {
        SemiSupervised.Data data = SemiSupervised.Data.of(Fixtures.mnistSmall(), 300);
        return data.labelled(10, SemiSupervised.LabelChoice.STRATIFIED, 7);
    }

    @Test
    void givenStream_whenStepsDrawnInAnyOrder_thenEachStepGetsTheSameImages() {
        FixMatch.LabelledStream a = new FixMatch.LabelledStream(labelled(), 4, 42);
        FixMatch.LabelledStream b = new FixMatch.LabelledStream(labelled(), 4, 42);
        int[] late = a.indices(3, 7);
        b.indices(1, 0);
        b.indices(3, 2);
        assertArrayEquals(late, b.indices(3, 7)); // a resumed run starts mid-epoch
        assertArrayEquals(
                a.indices(2, 0), new FixMatch.LabelledStream(labelled(), 4, 42).indices(2, 0));
        assertFalse(Arrays.equals(a.indices(1, 0), a.indices(2, 0)), "epochs differ");
        assertFalse(
                Arrays.equals(
                        a.indices(1, 0),
                        new FixMatch.LabelledStream(labelled(), 4, 43).indices(1, 0)),
                "seeds differ");
    }

    @Test
    void givenStream_whenTenImagesReadInBatchesOfFour_thenEveryImageComesOncePerPermutation() {
        FixMatch.LabelledStream s = new FixMatch.LabelledStream(labelled(), 4, 42);
        int[] seen = new int[10];
        int[] first = new int[20];
        for (int step = 0; step < 5; step++) { // positions 0..19: two whole permutations
            System.arraycopy(s.indices(1, step), 0, first, step * 4, 4);
        }
        for (int i = 0; i < 20; i++) {
            seen[first[i]]++;
        }
        int[] twice = new int[10];
        Arrays.fill(twice, 2);
        assertArrayEquals(twice, seen);
        int[] p0 = Arrays.copyOfRange(first, 0, 10);
        Arrays.sort(p0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, p0);
    }

    @Test
    void givenDefaults_thenThePapersLossSettingsAndACpuBudget() {
        FixMatch.Options d = FixMatch.Options.defaults();
        assertEquals(0.95f, d.threshold());
        assertEquals(1f, d.unlabelledWeight());
        assertEquals(64, d.labelledBatch());
        assertEquals(192, d.unlabelledBatch());
        assertEquals(d, d.toBuilder().build());
    }

    @Test
    void givenBadOptions_whenBuilt_thenOneLineNamesThem() {
        assertTrue(
                assertThrows(
                                InvalidInputException.class,
                                () -> FixMatch.Options.builder().optThreshold(1.01f).build())
                        .getMessage()
                        .startsWith("threshold: must be in (0, 1]"));
        assertTrue(
                assertThrows(
                                InvalidInputException.class,
                                () -> FixMatch.Options.builder().optUnlabelledRatio(0).build())
                        .getMessage()
                        .startsWith("unlabelled-ratio: must be 1 or more"));
    }
}
