package org.latentkit.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.core.InvalidInputException;

class IdxReaderTest {

    @TempDir Path tmp;

    /**
     * Writes a 28×28 image file of {@code count} images but only {@code present} images of payload.
     */
    private Path images(String name, int magic, int count, int rows, int cols, int present)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + present * rows * cols);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < present * rows * cols; i++) {
            b.put((byte) (i % 256));
        }
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private Path labels(String name, int magic, int... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(magic).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private void writeSet(int images, int labels) throws IOException {
        images("train-images-idx3-ubyte", IdxReader.IMAGES_MAGIC, images, 28, 28, images);
        labels("train-labels-idx1-ubyte", IdxReader.LABELS_MAGIC, new int[labels]);
        images("t10k-images-idx3-ubyte", IdxReader.IMAGES_MAGIC, 2, 28, 28, 2);
        labels("t10k-labels-idx1-ubyte", IdxReader.LABELS_MAGIC, 1, 2);
    }

    @Test
    void givenWellFormedFiles_whenRead_thenCountsAndBytesMatch() throws IOException {
        Path p = images("ok-images", IdxReader.IMAGES_MAGIC, 3, 28, 28, 3);
        IdxReader.Images img = IdxReader.readImages(p);
        assertEquals(3, img.count());
        assertEquals(3 * 784, img.pixels().length);
        assertEquals((byte) 17, img.pixels()[17]);
        assertArrayEquals(
                new int[] {7, 0, 9},
                IdxReader.readLabels(labels("ok-labels", IdxReader.LABELS_MAGIC, 7, 0, 9)));
    }

    @Test
    void givenMissingFile_whenRead_thenOneLineNamesTheFile() {
        Path missing = tmp.resolve("nope-idx3-ubyte");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> IdxReader.readImages(missing));
        assertTrue(
                e.getMessage().contains("nope-idx3-ubyte") && e.getMessage().contains("not found"),
                e.getMessage());
    }

    @Test
    void givenMissingDirectory_whenLoaded_thenDataDirIsNamed() {
        Path dir = tmp.resolve("no-such-dir");
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> DataLocator.load(DatasetName.MNIST, dir));
        assertTrue(
                e.getMessage().startsWith("data-dir " + dir)
                        && e.getMessage().contains("not found"),
                e.getMessage());
    }

    @Test
    void givenLabelFileAsImages_whenRead_thenWrongMagicIsReported() throws IOException {
        Path p = labels("swapped", IdxReader.LABELS_MAGIC, 1, 2, 3);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> IdxReader.readImages(p));
        assertEquals(
                "swapped: wrong magic number 0x00000801 (expected 0x00000803, an IDX image file)",
                e.getMessage());
    }

    @Test
    void givenTruncatedPayload_whenRead_thenTruncationIsReported() throws IOException {
        Path p = images("short", IdxReader.IMAGES_MAGIC, 5, 28, 28, 2);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().startsWith("short: truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("5 images of 28x28"), e.getMessage());
    }

    @Test
    void givenTruncatedHeader_whenRead_thenTruncationIsReported() throws IOException {
        Path p = tmp.resolve("stub");
        Files.write(p, new byte[] {0, 0, 8, 3, 0});
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> IdxReader.readImages(p));
        assertEquals("stub: truncated header", e.getMessage());
    }

    @Test
    void givenLabelOutsideDigits_whenRead_thenIndexAndValueAreNamed() throws IOException {
        Path p = labels("bad-labels", IdxReader.LABELS_MAGIC, 3, 12);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(p));
        assertEquals("bad-labels: label 12 at index 1 is outside 0-9", e.getMessage());
    }

    @Test
    void givenDifferentImageAndLabelCounts_whenLoaded_thenBothCountsAreNamed() throws IOException {
        writeSet(4, 3);
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> DataLocator.load(DatasetName.MNIST, tmp));
        assertEquals(
                "train-images-idx3-ubyte: 4 images but train-labels-idx1-ubyte has 3 labels",
                e.getMessage());
    }

    @Test
    void givenWrongImageSize_whenLoaded_thenDimensionsAreNamed() throws IOException {
        images("train-images-idx3-ubyte", IdxReader.IMAGES_MAGIC, 2, 32, 32, 2);
        labels("train-labels-idx1-ubyte", IdxReader.LABELS_MAGIC, 1, 2);
        images("t10k-images-idx3-ubyte", IdxReader.IMAGES_MAGIC, 2, 28, 28, 2);
        labels("t10k-labels-idx1-ubyte", IdxReader.LABELS_MAGIC, 1, 2);
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> DataLocator.load(DatasetName.MNIST, tmp));
        assertEquals("train-images-idx3-ubyte: images are 32x32, expected 28x28", e.getMessage());
    }

    @Test
    void givenUnknownDatasetName_whenParsed_thenValidNamesAreListed() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> DatasetName.parse("cifar"));
        assertEquals(
                "dataset: unknown dataset 'cifar' (valid: mnist, fashion-mnist, image-folder)",
                e.getMessage());
    }

    @Test
    void givenFixture_whenLoaded_thenGzippedFilesGiveTheKnownCountsAndLabels() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        assertEquals(2000, data.train().size());
        assertEquals(500, data.test().size());
        // The first MNIST training labels are 5, 0, 4, 1, 9; the first test labels 7, 2, 1, 0, 4.
        assertArrayEquals(
                new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(data.train().labels(), 5));
        assertArrayEquals(
                new int[] {7, 2, 1, 0, 4}, java.util.Arrays.copyOf(data.test().labels(), 5));
    }
}
