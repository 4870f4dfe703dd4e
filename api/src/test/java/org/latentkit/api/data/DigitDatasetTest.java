package org.latentkit.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.ImageFolders;
import org.latentkit.core.InvalidInputException;

/** The DJL {@code RandomAccessDataset} adapter and the converter from any DJL dataset. */
class DigitDatasetTest {

    private static final DigitSet TEST = Fixtures.mnistSmall().test();

    @Test
    void givenTheFixture_whenRead_thenRecordsHaveDjlShapesAndTheFixtureValues() throws Exception {
        DigitDataset ds = DigitDataset.builder().setDigits(TEST).setSampling(32, false).build();
        assertEquals(500, ds.size());
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = ds.get(m, 3);
            NDArray x = r.getData().head();
            assertEquals(new Shape(1, 28, 28), x.getShape());
            float[] v = x.toFloatArray();
            for (int j = 0; j < 784; j++) {
                assertEquals(TEST.pixel(3, j) / 255f, v[j], 1e-7f, "pixel " + j);
            }
            assertEquals(new Shape(), r.getLabels().head().getShape());
            assertEquals((float) TEST.label(3), r.getLabels().head().getFloat());

            Batch b = ds.getData(m).iterator().next();
            assertEquals(new Shape(32, 1, 28, 28), b.getData().head().getShape());
            assertEquals(new Shape(32), b.getLabels().head().getShape());
            float[] labels = b.getLabels().head().toFloatArray();
            for (int i = 0; i < 32; i++) {
                assertEquals(TEST.label(i), (int) labels[i]);
            }
            b.close();
        }
    }

    @Test
    void givenCenteredNormalisation_whenRead_thenValuesAreInMinusOneToOne() {
        DigitDataset ds =
                DigitDataset.builder()
                        .setDigits(TEST)
                        .optNormalization(Normalization.CENTERED)
                        .setSampling(1, false)
                        .build();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = ds.get(m, 0).getData().head().toFloatArray();
            assertEquals(-1f, v[0]);
            assertEquals(TEST.pixel(0, 300) * 2f / 255f - 1f, v[300], 1e-6f);
        }
    }

    @Test
    void givenTheAdapter_whenConvertedBack_thenTheSetIsIdentical() {
        DigitDataset unit = DigitDataset.builder().setDigits(TEST).setSampling(1, false).build();
        DigitSet back = DigitDataset.toDigitSet(unit, "back", PixelRange.UNIT);
        assertEquals(TEST.fingerprint(), back.fingerprint());
        assertArrayEquals(TEST.labels(), back.labels());
    }

    @Test
    void givenAnArrayDatasetOfFlatBytes_whenConverted_thenPixelsAndLabelsAreKept() {
        try (NDManager m = NDManager.newBaseManager()) {
            DigitSet five = TEST.range(0, 5);
            byte[] all = new byte[5 * 784];
            float[] labels = new float[5];
            for (int i = 0; i < 5; i++) {
                System.arraycopy(ImageFolders.pixels(five, i), 0, all, i * 784, 784);
                labels[i] = five.label(i);
            }
            NDArray x =
                    m.create(
                            java.nio.ByteBuffer.wrap(all),
                            new Shape(5, 784),
                            ai.djl.ndarray.types.DataType.UINT8);
            ArrayDataset ds =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(m.create(labels))
                            .setSampling(1, false)
                            .build();
            DigitSet got = DigitDataset.toDigitSet(ds, "flat");
            assertEquals(five.fingerprint(), got.fingerprint());

            ArrayDataset noLabels =
                    new ArrayDataset.Builder()
                            .setData(x.reshape(5, 28, 28))
                            .setSampling(1, false)
                            .build();
            DigitSet unlabelled = DigitDataset.toDigitSet(noLabels, "bare");
            assertFalse(unlabelled.hasLabels());
            assertEquals(5, unlabelled.size());
            assertArrayEquals(ImageFolders.pixels(five, 4), ImageFolders.pixels(unlabelled, 4));
        }
    }

    @Test
    void givenDjlsOwnImageFolder_whenConverted_thenPixelsAndLabelsAreTheFixtures(@TempDir Path dir)
            throws Exception {
        DigitSet sixty = TEST.range(0, 60);
        ImageFolders.writeByClass(sixty, dir);
        ImageFolder djl =
                ImageFolder.builder()
                        .setRepositoryPath(dir)
                        .optFlag(Image.Flag.GRAYSCALE)
                        .setSampling(1, false)
                        .build();
        DigitSet got = DigitDataset.toDigitSet(djl, "djl-image-folder");
        // DJL lists each class folder's files in directory order: every fixture image must come
        // back once, byte for byte, with its label.
        java.util.Map<String, Integer> expected = new java.util.HashMap<>();
        for (int i = 0; i < 60; i++) {
            expected.merge(
                    sixty.label(i) + ":" + Arrays.toString(ImageFolders.pixels(sixty, i)),
                    1,
                    Integer::sum);
        }
        assertEquals(60, got.size());
        for (int k = 0; k < 60; k++) {
            // DJL's label is the position of the class folder in the sorted list (its synset).
            int digit = Integer.parseInt(djl.getSynset().get(got.label(k)));
            String key = digit + ":" + Arrays.toString(ImageFolders.pixels(got, k));
            assertTrue(
                    expected.merge(key, -1, Integer::sum) >= 0,
                    "image " + k + " not in the fixture");
        }
        assertTrue(expected.values().stream().allMatch(c -> c == 0));
    }

    @Test
    void givenWrongShapeOrRange_whenConverted_thenTheRecordIsNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            ArrayDataset wrongShape =
                    new ArrayDataset.Builder()
                            .setData(m.zeros(new Shape(2, 3, 32, 32)))
                            .setSampling(1, false)
                            .build();
            InvalidInputException e =
                    assertThrows(
                            InvalidInputException.class,
                            () -> DigitDataset.toDigitSet(wrongShape, "cifar"));
            assertEquals(
                    "cifar: record 0 has an image of shape (3, 32, 32), expected (1, 28, 28),"
                            + " (28, 28), (28, 28, 1) or (784)",
                    e.getMessage());
            ArrayDataset bytes =
                    new ArrayDataset.Builder()
                            .setData(m.full(new Shape(2, 784), 200f))
                            .setSampling(1, false)
                            .build();
            e =
                    assertThrows(
                            InvalidInputException.class,
                            () -> DigitDataset.toDigitSet(bytes, "raw", PixelRange.UNIT));
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    "raw: record 0 has pixel value 200.0 outside the range 0-1"),
                    e.getMessage());
        }
    }

    @Test
    void givenMissingSettings_whenBuilt_thenRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DigitDataset.builder().setSampling(1, false).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> DigitDataset.builder().setDigits(TEST).build());
    }
}
