package org.latentkit.trainers.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.core.InvalidInputException;

/** Dynamic binarisation (issue 17): per batch on the engine, and once for a test set. */
class BinarizationTest {

    private static float[] batch(String engine, long seed, DigitSet set) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            m.getEngine().setRandomSeed((int) seed);
            Feed feed =
                    new Feed(
                            set,
                            Normalization.UNIT,
                            Feed.Target.INPUT,
                            Binarization.transform(Binarization.Mode.DYNAMIC));
            return feed.inputs(m, null, 0, 64).head().toFloatArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSeedWhenBatchIsBinarisedThenZeroOneSameSeedSameBatchOtherSeedOther(String engine) {
        DigitSet set = Fixtures.mnistSmall().train();
        float[] a = batch(engine, 42, set);
        float[] b = batch(engine, 42, set);
        float[] c = batch(engine, 43, set);
        assertArrayEquals(a, b, "the same seed gives the same binarisation");
        assertFalse(Arrays.equals(a, c), "another seed gives another");
        float[] grey;
        try (NDManager m = NDManager.newBaseManager(engine)) {
            grey = set.images(m, null, 0, 64, Normalization.UNIT).toFloatArray();
        }
        int ones = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(a[i] == 0f || a[i] == 1f, "pixel " + i + " is " + a[i]);
            if (grey[i] == 0f) {
                assertEquals(0f, a[i], "black stays black");
            }
            if (grey[i] == 1f) {
                assertEquals(1f, a[i], "white stays white");
            }
            ones += (int) a[i];
        }
        double meanGrey = 0;
        for (float g : grey) {
            meanGrey += g;
        }
        // 64 digits: about 6,800 non-zero pixels, so the ones' count is within a few percent of
        // the summed intensity.
        assertEquals(meanGrey, ones, 0.05 * meanGrey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenLargeConstantInputWhenBinarisedThenMeanIsTheIntensity(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            m.getEngine().setRandomSeed(1);
            NDArray x = m.full(new Shape(1000, 784), 0.3f);
            NDArray b = Binarization.binarize(x);
            assertEquals(x.getShape(), b.getShape());
            assertEquals(x.getDataType(), b.getDataType());
            // 784,000 Bernoulli(0.3) draws: standard error 0.0005.
            assertEquals(0.3, b.mean().getFloat(), 0.003);
            assertEquals(0f, b.mul(b.sub(1f)).abs().sum().getFloat(), "only 0 and 1");
            assertEquals(0f, Binarization.binarize(m.zeros(new Shape(10, 10))).sum().getFloat());
            assertEquals(100f, Binarization.binarize(m.ones(new Shape(10, 10))).sum().getFloat());
        }
    }

    @Test
    void givenSeedWhenSetIsBinarisedOnceThenSameSeedSameImagesAndMeanIsTheIntensity() {
        DigitSet set = Fixtures.mnistSmall().test();
        DigitSet a = Binarization.fixed(set, 9);
        DigitSet b = Binarization.fixed(set, 9);
        DigitSet c = Binarization.fixed(set, 10);
        assertEquals(set.size(), a.size());
        assertArrayEquals(set.labels(), a.labels());
        long grey = 0;
        long ones = 0;
        boolean differs = false;
        for (int i = 0; i < set.size(); i++) {
            for (int j = 0; j < set.features(); j++) {
                int v = a.pixel(i, j);
                assertTrue(v == 0 || v == 255, "pixel " + v);
                assertEquals(v, b.pixel(i, j));
                differs |= v != c.pixel(i, j);
                grey += set.pixel(i, j);
                ones += v / 255;
            }
        }
        assertTrue(differs, "another seed gives another draw");
        assertEquals(grey / 255.0, ones, 0.01 * grey / 255.0);
    }

    @Test
    void givenUnknownModeWhenParsedThenOneLineNamingTheFlag() {
        InvalidInputException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        InvalidInputException.class, () -> Binarization.Mode.parse("static"));
        assertTrue(
                e.getMessage().startsWith("binarize: unknown binarization 'static'"),
                e.getMessage());
        assertEquals(Binarization.Mode.DYNAMIC, Binarization.Mode.parse("dynamic"));
    }
}
