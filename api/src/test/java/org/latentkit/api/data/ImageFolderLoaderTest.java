package org.latentkit.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.ImageFolders;
import org.latentkit.core.InvalidInputException;

/** Loads image folders written from the fixture and checks every pixel, label and split rule. */
class ImageFolderLoaderTest {

    private static final DataLocator.TrainTest DATA = Fixtures.mnistSmall();

    @TempDir Path tmp;

    /**
     * The order the loader gives a by-class folder: the classes take turns, the j-th image (by file
     * name) of every class before the (j+1)-th of any.
     */
    private static int[] roundRobin(DigitSet set, List<Integer> kept) {
        int[] rank = new int[set.size()];
        int[] seen = new int[10];
        for (int i : kept) {
            rank[i] = seen[set.label(i)]++;
        }
        return kept.stream()
                .sorted(Comparator.<Integer>comparingInt(i -> rank[i]).thenComparingInt(set::label))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static int[] byClassOrder(DigitSet set) {
        return roundRobin(set, IntStream.range(0, set.size()).boxed().toList());
    }

    private static void assertSameImages(DigitSet expected, int[] order, DigitSet got) {
        assertEquals(order.length, got.size());
        for (int k = 0; k < order.length; k++) {
            assertArrayEquals(
                    ImageFolders.pixels(expected, order[k]),
                    ImageFolders.pixels(got, k),
                    "image " + k + " (fixture " + order[k] + ")");
            if (got.hasLabels()) {
                assertEquals(expected.label(order[k]), got.label(k), "label of image " + k);
            }
        }
    }

    @Test
    void givenTrainAndTestFolders_whenLoaded_thenPixelsAndLabelsAreTheFixtureBytes() {
        DigitSet train = DATA.train().range(0, 300);
        DigitSet test = DATA.test().range(0, 100);
        ImageFolders.writeByClass(train, tmp.resolve("train"));
        ImageFolders.writeByClass(test, tmp.resolve("test"));

        DataLocator.TrainTest got = ImageFolderLoader.builder().setRoot(tmp).build().load();

        assertEquals(DatasetName.IMAGE_FOLDER, got.dataset());
        assertEquals(28, got.train().rows());
        assertEquals(28, got.train().cols());
        assertSameImages(train, byClassOrder(train), got.train());
        assertSameImages(test, byClassOrder(test), got.test());
        assertArrayEquals(train.classCounts(), got.train().classCounts());
    }

    @Test
    void givenOneByClassFolder_whenLoaded_thenEveryFifthImageOfEachClassIsHeldOut() {
        DigitSet set = DATA.train().range(0, 200);
        ImageFolders.writeByClass(set, tmp);

        DataLocator.TrainTest got = DataLocator.load(DatasetName.MNIST, tmp);

        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            int j = 0;
            for (int i = 0; i < set.size(); i++) {
                if (set.label(i) == c) {
                    (j % 5 == 4 ? test : train).add(i);
                    j++;
                }
            }
        }
        assertEquals(DatasetName.IMAGE_FOLDER, got.dataset());
        assertSameImages(set, roundRobin(set, train), got.train());
        assertSameImages(set, roundRobin(set, test), got.test());
        assertEquals(200, got.train().size() + got.test().size());
    }

    @Test
    void givenAFraction_whenHeld_thenTheRuleIsFloorOfTheRunningShare() {
        assertFalse(ImageFolderLoader.held(0, 0.2));
        assertFalse(ImageFolderLoader.held(3, 0.2));
        assertTrue(ImageFolderLoader.held(4, 0.2));
        assertTrue(ImageFolderLoader.held(9, 0.2));
        // half: every second image
        assertFalse(ImageFolderLoader.held(0, 0.5));
        assertTrue(ImageFolderLoader.held(1, 0.5));
        assertTrue(ImageFolderLoader.held(3, 0.5));
    }

    @Test
    void givenAFolderWithoutClassFolders_whenLoaded_thenTheSetsHaveNoLabels() {
        DigitSet set = DATA.test().range(0, 50);
        ImageFolders.writeFlat(set, tmp);

        DataLocator.TrainTest got = ImageFolderLoader.builder().setRoot(tmp).build().load();

        assertFalse(got.train().hasLabels());
        assertFalse(got.test().hasLabels());
        int[] trainIdx = IntStream.range(0, 50).filter(i -> i % 5 != 4).toArray();
        int[] testIdx = IntStream.range(0, 50).filter(i -> i % 5 == 4).toArray();
        assertSameImages(set, trainIdx, got.train());
        assertSameImages(set, testIdx, got.test());
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> got.train().label(0));
        assertEquals(
                "image-folder/train: the images have no labels (this step needs one class per"
                        + " image)",
                e.getMessage());
    }

    @Test
    void givenNamedClassFolders_whenLoaded_thenClassesAreNumberedInSortedOrder()
            throws IOException {
        byte[] px = ImageFolders.pixels(DATA.train(), 0);
        for (String c : List.of("zebra", "apple", "mango")) {
            for (int k = 0; k < 5; k++) {
                ImageFolders.writePng(tmp.resolve(c).resolve(k + ".png"), px, 28, 28);
            }
        }
        DataLocator.TrainTest got = ImageFolderLoader.builder().setRoot(tmp).build().load();
        // apple 0, mango 1, zebra 2, taking turns; 4 train + 1 test each
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, got.train().labels());
        assertArrayEquals(new int[] {0, 1, 2}, got.test().labels());
    }

    @Test
    void givenADoubledImage_whenResized_thenAreaAveragingGivesTheOriginalBack() {
        byte[] px = ImageFolders.pixels(DATA.train(), 7);
        byte[] big = new byte[56 * 56];
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                big[y * 56 + x] = px[(y / 2) * 28 + x / 2];
            }
        }
        for (int k = 0; k < 5; k++) {
            ImageFolders.writePng(tmp.resolve("3").resolve(k + ".png"), big, 56, 56);
        }
        DataLocator.TrainTest got = ImageFolderLoader.builder().setRoot(tmp).build().load();
        assertArrayEquals(px, ImageFolders.pixels(got.train(), 0));
        assertEquals(3, got.test().label(0));
    }

    @Test
    void givenAColourPng_whenLoaded_thenGreyLevelsAreItsLuminance() throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000); // red: round(0.299 * 255) = 76
        img.setRGB(1, 0, 0x808080); // grey 128 stays 128
        img.setRGB(2, 0, 0x0000FF); // blue: round(0.114 * 255) = 29
        for (int k = 0; k < 5; k++) {
            Files.createDirectories(tmp.resolve("a"));
            ImageIO.write(img, "png", tmp.resolve("a").resolve(k + ".png").toFile());
        }
        DigitSet train = ImageFolderLoader.builder().setRoot(tmp).build().load().train();
        assertEquals(76, train.pixel(0, 0));
        assertEquals(128, train.pixel(0, 1));
        assertEquals(29, train.pixel(0, 2));
        assertEquals(0, train.pixel(0, 3));
    }

    private String badInput(ImageFolderLoader.Builder b) {
        return assertThrows(InvalidInputException.class, () -> b.build().load()).getMessage();
    }

    @Test
    void givenAnEmptyFolder_whenLoaded_thenItIsNamed() {
        assertEquals(
                "data-dir "
                        + tmp
                        + ": empty folder (expected PNG or JPEG images, one subfolder of them per"
                        + " class, or a dataset's IDX files)",
                badInput(ImageFolderLoader.builder().setRoot(tmp)));
        // through the data locator too: a folder with no IDX files is an image folder
        assertThrows(InvalidInputException.class, () -> DataLocator.load(DatasetName.MNIST, tmp));
    }

    @Test
    void givenANonImageFile_whenLoaded_thenTheFileIsNamed() throws IOException {
        ImageFolders.writeByClass(DATA.train().range(0, 20), tmp);
        Path notes = tmp.resolve("4").resolve("notes.txt");
        Files.writeString(notes, "hello");
        assertEquals(
                notes
                        + ": not a PNG or JPEG image (only .png, .jpg and .jpeg files may be in "
                        + tmp.resolve("4")
                        + ")",
                badInput(ImageFolderLoader.builder().setRoot(tmp)));
    }

    @Test
    void givenAPngThatIsNotAnImage_whenLoaded_thenTheFileIsNamed() throws IOException {
        ImageFolders.writeByClass(DATA.train().range(0, 20), tmp);
        Path fake = tmp.resolve("1").resolve("fake.png");
        Files.writeString(fake, "not a png at all");
        assertEquals(
                fake + ": not a PNG or JPEG image (no image decoder recognises its contents)",
                badInput(ImageFolderLoader.builder().setRoot(tmp)));
    }

    @Test
    void givenATruncatedPng_whenLoaded_thenTheFileIsNamedAsUnreadable() throws IOException {
        ImageFolders.writeByClass(DATA.train().range(0, 20), tmp);
        Path good = tmp.resolve("1").resolve("00003.png");
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("1").resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 60));
        String m = badInput(ImageFolderLoader.builder().setRoot(tmp));
        assertTrue(m.startsWith(cut + ": unreadable image ("), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void givenMixedSizesWithResizingOff_whenLoaded_thenBothFilesAndSizesAreNamed() {
        ImageFolders.writeByClass(DATA.train().range(0, 100), tmp);
        Path odd = tmp.resolve("5").resolve("zz-odd.png");
        ImageFolders.writePng(odd, new byte[20 * 30], 20, 30);
        String m = badInput(ImageFolderLoader.builder().setRoot(tmp).optResize(false));
        assertTrue(
                m.startsWith(odd + ": 30x20 pixels, but ")
                        && m.endsWith(
                                " is 28x28 (mixed sizes with resizing off; turn resizing on or"
                                        + " make every image one size)"),
                m);
        // with resizing on the same folder loads
        assertEquals(
                101,
                ImageFolderLoader.builder().setRoot(tmp).build().load().train().size()
                        + ImageFolderLoader.builder().setRoot(tmp).build().load().test().size());
    }

    @Test
    void givenOneSizeOtherThan28WithResizingOff_whenLoaded_thenTheSizeIsRefused() {
        Path f = tmp.resolve("0").resolve("a.png");
        ImageFolders.writePng(f, new byte[32 * 32], 32, 32);
        assertEquals(
                f + ": 32x32 pixels; with resizing off every image must be 28x28",
                badInput(ImageFolderLoader.builder().setRoot(tmp).optResize(false)));
    }

    @Test
    void givenAnEmptyClassFolder_whenLoaded_thenTheClassFolderIsNamed() throws IOException {
        ImageFolders.writeByClass(DATA.train().range(0, 20), tmp);
        Files.createDirectories(tmp.resolve("7x"));
        assertEquals(
                "data-dir " + tmp.resolve("7x") + ": class folder holds no images",
                badInput(ImageFolderLoader.builder().setRoot(tmp)));
    }

    @Test
    void givenAFileBesideClassFolders_whenLoaded_thenItIsNamed() {
        ImageFolders.writeByClass(DATA.train().range(0, 20), tmp);
        Path stray = tmp.resolve("stray.png");
        ImageFolders.writePng(stray, new byte[784], 28, 28);
        assertEquals(
                stray + ": a file beside the class folders (put every image in its class folder)",
                badInput(ImageFolderLoader.builder().setRoot(tmp)));
    }

    @Test
    void givenATrainFolderWithoutATestFolder_whenLoaded_thenTheLayoutIsExplained() {
        ImageFolders.writeByClass(DATA.train().range(0, 20), tmp.resolve("train"));
        assertEquals(
                "data-dir "
                        + tmp
                        + ": a train/test layout holds exactly the two folders train/ and test/,"
                        + " found [train]",
                badInput(ImageFolderLoader.builder().setRoot(tmp)));
    }

    @Test
    void givenABadFraction_whenBuilt_thenRefused() {
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () ->
                                ImageFolderLoader.builder()
                                        .setRoot(tmp)
                                        .optTestFraction(1.0)
                                        .build());
        assertEquals("test-fraction: must be between 0 and 1 (exclusive), got 1.0", e.getMessage());
    }

    @Test
    void givenIdxFiles_whenLocated_thenTheIdxPathIsKept() {
        assertFalse(ImageFolderLoader.isImageFolder(Fixtures.mnistSmallDir(), DatasetName.MNIST));
        assertEquals(DatasetName.MNIST, Fixtures.mnistSmall().dataset());
    }
}
