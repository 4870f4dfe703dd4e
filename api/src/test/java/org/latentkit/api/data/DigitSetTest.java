package org.latentkit.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latentkit.api.Fixtures;
import org.latentkit.core.InvalidInputException;

class DigitSetTest {

    private final DigitSet train = Fixtures.mnistSmall().train();

    @Test
    void givenSeed_whenStratifiedSubset_thenClassSharesFollowTheSetAndRepeat() {
        DigitSet a = train.stratifiedSubset(250, 7);
        DigitSet b = train.stratifiedSubset(250, 7);
        DigitSet c = train.stratifiedSubset(250, 8);
        assertEquals(250, a.size());
        assertEquals(a.fingerprint(), b.fingerprint());
        assertNotEquals(a.fingerprint(), c.fingerprint());
        int[] full = train.classCounts();
        int[] sub = a.classCounts();
        for (int k = 0; k < 10; k++) {
            // Largest-remainder quotas: each class within one sample of its exact share.
            double exact = 250.0 * full[k] / train.size();
            assertTrue(
                    Math.abs(sub[k] - exact) < 1.0, "class " + k + ": " + sub[k] + " vs " + exact);
        }
    }

    @Test
    void givenNewLabels_whenWithLabels_thenSamePixelsOtherLabelsAndCountChecked() {
        DigitSet five = train.range(0, 5);
        int[] pseudo = {9, 9, 0, 1, 2};
        DigitSet relabelled = five.withLabels(pseudo, " [pseudo-labels]");
        pseudo[0] = 7;
        assertArrayEquals(new int[] {9, 9, 0, 1, 2}, relabelled.labels(), "labels are copied");
        assertEquals(five.name() + " [pseudo-labels]", relabelled.name());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(
                    five.image(i, Normalization.UNIT), relabelled.image(i, Normalization.UNIT));
        }
        assertThrows(InvalidInputException.class, () -> five.withLabels(new int[4], ""));
    }

    @Test
    void givenSubsetLargerThanSet_whenRequested_thenRefused() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> train.stratifiedSubset(2001, 1));
        assertEquals("train-samples: must be between 1 and 2000, got 2001", e.getMessage());
    }

    @Test
    void givenNormalizations_whenApplied_thenEndpointsMapAsDocumented() {
        assertEquals(0f, Normalization.UNIT.apply((byte) 0));
        assertEquals(1f, Normalization.UNIT.apply((byte) 255), 1e-6f);
        assertEquals(-1f, Normalization.CENTERED.apply((byte) 0));
        assertEquals(1f, Normalization.CENTERED.apply((byte) 255), 1e-6f);
    }

    @Test
    void givenPermutation_whenDrawn_thenEveryIndexAppearsOnce() {
        int[] p = train.permutation(new java.util.Random(3));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        int[] identity = new int[train.size()];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
        assertNotEquals(0, Arrays.mismatch(p, identity) + 1);
    }

    @Test
    void givenFixture_whenSplitWithValidation_thenTheLastImagesValidate() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        Split s = Split.withValidation(data, 500);
        assertEquals(1500, s.train().size());
        assertEquals(500, s.validation().size());
        assertEquals(data.train().label(1500), s.validation().label(0));
        assertEquals(data.train().range(1500, 2000).fingerprint(), s.validation().fingerprint());
    }
}
