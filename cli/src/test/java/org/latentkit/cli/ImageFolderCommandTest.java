package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.ImageFolders;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.DatasetName;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.run.Json;

/**
 * {@code --data-dir} on a folder of PNGs written from the fixture: training and evaluation through
 * the CLI, the unsupervised commands on a folder without class folders, and each bad folder.
 */
class ImageFolderCommandTest {

    @TempDir static Path shared;

    @TempDir Path tmp;

    private static Path byClass;
    private static Path flat;

    @BeforeAll
    static void writeFolders() {
        DataLocator.TrainTest data = Fixtures.mnistSmall();
        byClass = shared.resolve("digits");
        ImageFolders.writeByClass(data.train(), byClass.resolve("train"));
        ImageFolders.writeByClass(data.test(), byClass.resolve("test"));
        flat = ImageFolders.writeFlat(data.test().range(0, 400), shared.resolve("flat"));
    }

    private static void assertBadInput(CliTest.Outcome o, String message) {
        assertEquals(2, o.status(), o.err());
        assertTrue(
                o.err().contains("latentkit: " + message),
                "expected '" + message + "' in: " + o.err());
        assertFalse(o.err().contains("\tat "), "stack trace shown: " + o.err());
        assertEquals(
                1,
                o.err().strip().lines().filter(l -> l.startsWith("latentkit:")).count(),
                o.err());
    }

    @Test
    void givenAnImageFolder_whenClassifiedThenEvaluated_thenAccuracyIsFarAboveChance()
            throws IOException {
        Path out = tmp.resolve("run");
        CliTest.Outcome o =
                CliTest.run(
                        "classify",
                        "--arch",
                        "mlp",
                        "--data-dir",
                        byClass.toString(),
                        "--validation",
                        "200",
                        "--epochs",
                        "2",
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(
                o.err().contains("on image-folder: 1800 train / 200 validation / 500 test"),
                o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        double acc = ((Number) m.get("test_accuracy")).doubleValue();
        // 1,800 images, 2 epochs of an MLP: chance is 10%, the IDX fixture gives about 85%.
        assertTrue(acc > 0.75, "accuracy " + acc);
        assertEquals("image-folder", m.get("dataset"));
        // The validation tail mixes the classes (they take turns), so it scores like the test set.
        String last = Files.readAllLines(out.resolve("history.csv")).get(2);
        double validation = Double.parseDouble(last.split(",")[2]);
        assertTrue(validation > 0.75, "validation accuracy " + validation + " in " + last);
        Map<String, Object> cfg = Json.readMap(out.resolve("config.json"));
        assertEquals(Boolean.TRUE, cfg.get("resize"));
        assertTrue(
                o.out().startsWith(String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * acc)),
                o.out());

        CliTest.Outcome e =
                CliTest.run("eval", "--model", out.toString(), "--data-dir", byClass.toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(
                e.out().startsWith(String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * acc)),
                e.out());
    }

    @Test
    void givenExportedImages_whenReadBack_thenTheFolderHoldsTheFixtureByteForByte()
            throws IOException {
        Path dir = tmp.resolve("exported");
        CliTest.Outcome o =
                CliTest.run(
                        "export-images",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--test-count",
                        "100",
                        "--out",
                        dir.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals("wrote 2000 train and 100 test PNGs of mnist -> " + dir + "\n", o.out());
        DigitSet test = Fixtures.mnistSmall().test();
        DataLocator.TrainTest back = DataLocator.load(DatasetName.MNIST, dir);
        assertEquals(100, back.test().size());
        assertEquals(2000, back.train().size());
        // Classes take turns in the loaded set; each class's files are in index order.
        int[] seen = new int[10];
        java.util.List<java.util.List<Integer>> byClass = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) {
            byClass.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < 100; i++) {
            byClass.get(test.label(i)).add(i);
        }
        for (int k = 0; k < 100; k++) {
            int c = back.test().label(k);
            int i = byClass.get(c).get(seen[c]++);
            assertArrayEquals(ImageFolders.pixels(test, i), ImageFolders.pixels(back.test(), k));
        }
        assertBadInput(
                CliTest.run(
                        "export-images",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        dir.toString()),
                "out " + dir + ": not empty (images are written into a new or empty folder)");
    }

    @Test
    void givenAFolderWithoutClasses_whenAutoencodedOrPca_thenTheyRunWithoutLabels()
            throws IOException {
        Path out = tmp.resolve("ae");
        CliTest.Outcome o =
                CliTest.run(
                        "autoencode",
                        "--data-dir",
                        flat.toString(),
                        "--validation",
                        "40",
                        "--batch-size",
                        "64",
                        "--epochs",
                        "1",
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.err().contains("figures: skipped"), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        // 280 train / 40 validation / 80 test images (every fifth held out)
        double mse = ((Number) m.get("test_mse")).doubleValue();
        assertTrue(mse > 0 && mse < 0.2, "test MSE " + mse);
        assertTrue(((Map<?, ?>) m.get("test_mse_by_digit")).isEmpty());

        CliTest.Outcome v =
                CliTest.run(
                        "vae",
                        "--data-dir",
                        flat.toString(),
                        "--latent",
                        "2",
                        "--validation",
                        "40",
                        "--batch-size",
                        "64",
                        "--epochs",
                        "1",
                        "--out",
                        tmp.resolve("vae").toString());
        assertEquals(0, v.status(), v.err());
        double elbo =
                ((Number) Json.readMap(tmp.resolve("vae").resolve("metrics.json")).get("test_elbo"))
                        .doubleValue();
        // An untrained Bernoulli decoder costs 784 ln 2 = 543 nats; one epoch must do better.
        assertTrue(elbo > 0 && elbo < 543, "test -ELBO " + elbo);
        assertTrue(Files.exists(tmp.resolve("vae").resolve("latent_scatter.png")));
        assertTrue(Files.exists(tmp.resolve("vae").resolve("reconstructions.png")));

        CliTest.Outcome p =
                CliTest.run(
                        "pca",
                        "--data-dir",
                        flat.toString(),
                        "--out",
                        tmp.resolve("pca").toString());
        assertEquals(0, p.status(), p.err());
        assertTrue(Files.exists(tmp.resolve("pca").resolve("pca.csv")));
    }

    @Test
    void givenAFolderWithoutClasses_whenClassified_thenOneLineSaysLabelsAreNeeded() {
        assertBadInput(
                CliTest.run(
                        "classify",
                        "--data-dir",
                        flat.toString(),
                        "--out",
                        tmp.resolve("r").toString()),
                "data-dir "
                        + flat
                        + ": the images have no labels (no class subfolders), and classify needs"
                        + " them; put the images in one subfolder per class");
    }

    private CliTest.Outcome classify(Path dir, String... extra) {
        String[] base = {
            "classify",
            "--arch",
            "mlp",
            "--data-dir",
            dir.toString(),
            "--out",
            tmp.resolve("r").toString()
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliTest.run(all);
    }

    /** A small by-class folder of 50 fixture images (10 held out). */
    private Path small() {
        return ImageFolders.writeByClass(
                Fixtures.mnistSmall().train().range(0, 50), tmp.resolve("d"));
    }

    @Test
    void givenAnEmptyFolder_whenClassified_thenExitTwoNamesIt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertBadInput(
                classify(empty),
                "data-dir "
                        + empty
                        + ": empty folder (expected PNG or JPEG images, one subfolder of them per"
                        + " class, or a dataset's IDX files)");
    }

    @Test
    void givenANonImageFile_whenClassified_thenExitTwoNamesTheFile() throws IOException {
        Path d = small();
        Path notes = d.resolve("3").resolve("README.txt");
        Files.writeString(notes, "my digits");
        assertBadInput(classify(d), notes + ": not a PNG or JPEG image");
    }

    @Test
    void givenAnUnreadableImage_whenClassified_thenExitTwoNamesTheFile() throws IOException {
        Path d = small();
        Path broken = d.resolve("3").resolve("broken.jpg");
        Files.writeString(broken, "not a jpeg");
        assertBadInput(
                classify(d),
                broken + ": not a PNG or JPEG image (no image decoder recognises its contents)");
    }

    @Test
    void givenMixedSizesAndNoResize_whenClassified_thenExitTwoNamesTheOddFile() {
        Path d = small();
        Path odd = d.resolve("9").resolve("zzz.png");
        ImageFolders.writePng(odd, new byte[40 * 40], 40, 40);
        assertBadInput(classify(d, "--no-resize"), odd + ": 40x40 pixels, but ");
    }

    @Test
    void givenAnEmptyClassFolder_whenClassified_thenExitTwoNamesTheClassFolder()
            throws IOException {
        Path d = small();
        Files.createDirectories(d.resolve("extra"));
        assertBadInput(
                classify(d), "data-dir " + d.resolve("extra") + ": class folder holds no images");
    }
}
