package org.latentkit.blocks.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.core.InvalidInputException;

/** The augmentation block on both engines, against hand-computed images. */
class RandomAffineTest {

    /** A 4×4 image with every value different: 1..16, row-major. */
    private static final float[] SIXTEEN = {
        1, 2, 3, 4,
        5, 6, 7, 8,
        9, 10, 11, 12,
        13, 14, 15, 16
    };

    private static NDArray forward(RandomAffine block, NDManager m, NDArray x, boolean training) {
        return block.forward(new ParameterStore(m, false), new NDList(x), training).head();
    }

    /**
     * Images whose channel 0 is the column index {@code j} and channel 1 the row index {@code i}.
     */
    private static NDArray ramps(NDManager m, int batch, int side) {
        float[] v = new float[batch * 2 * side * side];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    int at = ((b * 2) * side + i) * side + j;
                    v[at] = j;
                    v[at + side * side] = i;
                }
            }
        }
        return m.create(v, new Shape(batch, 2, side, side));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenShiftRightTwoUpOneWhenApplyThenTheLitPixelMovesThere(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            float[] v = new float[5 * 7];
            v[2 * 7 + 3] = 1f; // row 2, column 3
            NDArray y = RandomAffine.apply(m.create(v, new Shape(1, 1, 5, 7)), 0f, 1f, 2f, -1f);
            float[] expected = new float[5 * 7];
            expected[1 * 7 + 5] = 1f; // row 2 - 1, column 3 + 2
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
            assertEquals(new Shape(1, 1, 5, 7), y.getShape());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenNoRotationUnitScaleNoShiftWhenApplyThenIdentity(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            float[] v = new float[3 * 6 * 5];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) Math.sin(k * 0.7) + 0.1f * k;
            }
            NDArray x = m.create(v, new Shape(3, 6, 5)); // (B, H, W) is accepted too
            NDArray y = RandomAffine.apply(x, 0f, 1f, 0f, 0f);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(v, y.toFloatArray(), 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenQuarterTurnWhenApplyThenEachChannelIsRotatedCounterClockwise(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            float[] v = new float[32];
            for (int k = 0; k < 16; k++) {
                v[k] = SIXTEEN[k];
                v[16 + k] = 100 + SIXTEEN[k];
            }
            NDArray y = RandomAffine.apply(m.create(v, new Shape(1, 2, 4, 4)), 90f, 1f, 0f, 0f);
            // numpy.rot90: out[i][j] = in[j][3 - i]; the top row is the old right column.
            float[] rotated = {
                4, 8, 12, 16,
                3, 7, 11, 15,
                2, 6, 10, 14,
                1, 5, 9, 13
            };
            float[] expected = new float[32];
            for (int k = 0; k < 16; k++) {
                expected[k] = rotated[k];
                expected[16 + k] = 100 + rotated[k];
            }
            assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenHalfScaleWhenApplyThenCentreIsMagnifiedAndOutsideIsZero(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            // s = 2 shrinks about the centre (1.5, 1.5): output (i, j) reads the input at
            // centre + (p - centre) / 2, so corner (0, 0) reads (0.75, 0.75): bilinear of
            // 1, 2, 5, 6 with weights .0625, .1875, .1875, .5625 = 4.75.
            NDArray y =
                    RandomAffine.apply(m.create(SIXTEEN, new Shape(1, 1, 4, 4)), 0f, 2f, 0f, 0f);
            assertEquals(4.75f, y.toFloatArray()[0], 1e-5f);
            // s = 0.5 magnifies: corner (0, 0) reads (1.5 - 3, 1.5 - 3) = (-1.5, -1.5), outside.
            NDArray z =
                    RandomAffine.apply(m.create(SIXTEEN, new Shape(1, 1, 4, 4)), 0f, 0.5f, 0f, 0f);
            assertEquals(0f, z.toFloatArray()[0], 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenInferenceWhenForwardThenTheInputItselfComesBack(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            RandomAffine block = RandomAffine.parse("shift=2,rotate=10,scale=0.1,elastic=34:4");
            NDArray x = m.create(SIXTEEN, new Shape(1, 1, 4, 4));
            assertSame(x, forward(block, m, x, false));
            NDArray trained = forward(block, m, x, true);
            assertEquals(x.getShape(), trained.getShape());
            assertFalse(Arrays.equals(SIXTEEN, trained.toFloatArray()), "training changes it");
            assertEquals(
                    new Shape(8, 1, 28, 28),
                    block.getOutputShapes(new Shape[] {new Shape(8, 1, 28, 28)})[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenSameEngineSeedWhenAugmentedTwiceThenSameBatchAndOtherSeedOtherBatch(String engine) {
        Engine e = Engine.getEngine(engine);
        RandomAffine block = RandomAffine.parse("shift=2,rotate=10,scale=0.1,elastic=34:4");
        try (NDManager m = e.newBaseManager()) {
            NDArray x = ramps(m, 4, 12);
            e.setRandomSeed(11);
            float[] first = block.augment(x).toFloatArray();
            e.setRandomSeed(11);
            float[] again = block.augment(x).toFloatArray();
            e.setRandomSeed(12);
            float[] other = block.augment(x).toFloatArray();
            assertArrayEquals(first, again);
            assertFalse(Arrays.equals(first, other), "another seed draws another batch");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenRandomShiftWhenAugmentedThenEachImageMovesByItsOwnShiftWithinRange(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            Engine.getEngine(engine).setRandomSeed(3);
            int side = 16;
            NDArray x = ramps(m, 8, side);
            float[] y = RandomAffine.builder().optShift(2f).build().augment(x).toFloatArray();
            // Bilinear sampling of a ramp is exact: away from the border, channel 0 reads
            // j - t_x and channel 1 reads i - t_y, the same t for every pixel of an image.
            Set<Float> shifts = new HashSet<>();
            for (int b = 0; b < 8; b++) {
                float tx = 3 - y[((b * 2) * side + 3) * side + 3];
                float ty = 3 - y[((b * 2 + 1) * side + 3) * side + 3];
                assertTrue(Math.abs(tx) <= 2 && Math.abs(ty) <= 2, tx + ", " + ty);
                for (int i = 3; i < side - 3; i++) {
                    for (int j = 3; j < side - 3; j++) {
                        assertEquals(j - tx, y[((b * 2) * side + i) * side + j], 1e-4f);
                        assertEquals(i - ty, y[((b * 2 + 1) * side + i) * side + j], 1e-4f);
                    }
                }
                shifts.add(tx);
            }
            assertTrue(shifts.size() > 1, "each image draws its own shift: " + shifts);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenElasticOnlyWhenAugmentedThenTheDisplacementIsSmoothAndOfTheExpectedSize(
            String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            Engine.getEngine(engine).setRandomSeed(5);
            int side = 28;
            float alpha = 8f;
            float[] y =
                    RandomAffine.builder()
                            .optElastic(alpha, 4f)
                            .build()
                            .augment(ramps(m, 2, side))
                            .toFloatArray();
            // Away from the border channel 0 reads j + d_x(i, j): the field itself. Smoothing
            // U(-1, 1) (variance 1/3) with a normalised Gaussian of σ = 4 leaves a variance of
            // (1/3)·(1/(2σ√π))² in the interior, std 0.0407, so α = 8 gives about 0.33 pixels.
            double sum = 0;
            double step = 0;
            int count = 0;
            for (int b = 0; b < 2; b++) {
                for (int i = 6; i < side - 6; i++) {
                    for (int j = 6; j < side - 6; j++) {
                        int at = ((b * 2) * side + i) * side + j;
                        double d = y[at] - j;
                        double right = y[at + 1] - (j + 1);
                        sum += d * d;
                        step += (right - d) * (right - d);
                        count++;
                    }
                }
            }
            double rms = Math.sqrt(sum / count);
            double stepRms = Math.sqrt(step / count);
            assertTrue(rms > 0.1 && rms < 1.0, "rms displacement " + rms);
            // White noise would change by √2·rms between neighbours; a σ = 4 field by ~0.18·rms.
            assertTrue(stepRms < 0.5 * rms, "neighbour change " + stepRms + " vs " + rms);
        }
    }

    @Test
    void givenGaussianMatrixThenSymmetricAndInteriorRowsSumToOne() {
        int n = 64;
        float[] g = RandomAffine.gaussianMatrix(n, 2f);
        double row = 0;
        for (int k = 0; k < n; k++) {
            row += g[32 * n + k];
            assertEquals(g[32 * n + k], g[k * n + 32], 0f);
        }
        assertEquals(1.0, row, 1e-6);
        // The peak is 1 / Σ exp(-m²/8) = 1 / (2√(2π)) ≈ 0.19947 (the sum equals the integral).
        assertEquals(0.19947f, g[32 * n + 32], 1e-5f);
        // The first row lacks the left half of the filter: zero padding.
        double first = 0;
        for (int k = 0; k < n; k++) {
            first += g[k];
        }
        assertEquals(0.5 + 0.19947 / 2, first, 1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenWholePixelShiftsWhenShiftThenHandComputedArrays(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
            assertArrayEquals(
                    new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8},
                    RandomAffine.shift(x, 1, 0).toFloatArray());
            assertArrayEquals(
                    new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0},
                    RandomAffine.shift(x, 0, -1).toFloatArray());
            // y[i][j] = x[i - 1][j + 2]
            assertArrayEquals(
                    new float[] {0, 0, 0, 3, 0, 0, 6, 0, 0},
                    RandomAffine.shift(x, -2, 1).toFloatArray());
            assertArrayEquals(new float[9], RandomAffine.shift(x, 3, 0).toFloatArray());
            assertEquals(new Shape(1, 1, 3, 3), RandomAffine.shift(x, -2, 1).getShape());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenWholePixelShiftWhenShiftOrApplyThenTheyAgree(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = ramps(m, 2, 9);
            assertArrayEquals(
                    RandomAffine.shift(x, -2, 3).toFloatArray(),
                    RandomAffine.apply(x, 0f, 1f, -2f, 3f).toFloatArray(),
                    1e-6f);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "'shift=2,rotate=10,scale=0.1,elastic=34:4', 'shift=2,rotate=10,scale=0.1,elastic=34:4'",
        "'', 'shift=2,rotate=10'",
        "default, 'shift=2,rotate=10'",
        "none, none",
        "' rotate = 5 , shift=1.5', 'shift=1.5,rotate=5'",
        "'shift=0,elastic=0:4', none",
        "'scale=0.25', 'scale=0.25'"
    })
    void givenValidSpecWhenParsedThenToSpecRoundTrips(String spec, String canonical) {
        RandomAffine a = RandomAffine.parse(spec);
        assertEquals(canonical, a.toSpec());
        assertEquals(a, RandomAffine.parse(a.toSpec()));
    }

    @Test
    void givenParsedSpecThenItsRangesAreTheBuildersOnes() {
        RandomAffine a = RandomAffine.parse("shift=2,rotate=10,scale=0.1,elastic=34:4");
        RandomAffine b =
                RandomAffine.builder()
                        .optShift(2)
                        .optRotation(10)
                        .optScale(0.1f)
                        .optElastic(34, 4)
                        .build();
        assertEquals(b, a);
        assertEquals(34f, a.elasticAlpha());
        assertEquals(4f, a.elasticSigma());
        assertTrue(RandomAffine.parse("none").isIdentity());
        assertNotEquals(a, RandomAffine.parse("shift=2"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "flip=1 | augment: unknown op 'flip' (valid: shift, rotate, scale, elastic)",
                "shift=abc | augment: shift needs a number, got 'abc'",
                "shift | augment: shift needs a value, as in shift=2",
                "shift=-1 | augment: shift must be 0 or more pixels, got -1.0",
                "rotate=200 | augment: rotate must be between 0 and 180 degrees, got 200.0",
                "scale=1 | augment: scale must be in [0, 1) (the factor is drawn from [1 - s, 1 +"
                        + " s]), got 1.0",
                "elastic=34 | augment: elastic needs ALPHA:SIGMA, as in elastic=34:4, got '34'",
                "elastic=34:0 | augment: elastic sigma must be more than 0 pixels, got 0.0",
                "elastic=-1:4 | augment: elastic alpha must be 0 or more, got -1.0",
                "'shift=1,shift=2' | augment: shift is given twice",
                "'shift=1,' | augment: unknown op '' (valid: shift, rotate, scale, elastic)"
            })
    void givenBadSpecWhenParsedThenOneLineNamingTheProblem(String spec, String message) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> RandomAffine.parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void givenNegativeScaleWhenBuiltThenRefused() {
        RandomAffine.Builder b = RandomAffine.builder().optScale(-0.1f);
        InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
        assertTrue(e.getMessage().startsWith("augment: scale must be in [0, 1)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFlatInputWhenAugmentedThenOneLineAskingForImages(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray flat = m.zeros(new Shape(2, 784));
            RandomAffine block = RandomAffine.parse("shift=2");
            InvalidInputException e =
                    assertThrows(InvalidInputException.class, () -> block.augment(flat));
            assertEquals(
                    "augment: input must be images of shape (B, C, H, W) or (B, H, W), got (2,"
                            + " 784)",
                    e.getMessage());
        }
    }
}
