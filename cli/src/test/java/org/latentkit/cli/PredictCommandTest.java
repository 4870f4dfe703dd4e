package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.run.Json;
import org.latentkit.api.translate.DigitImages;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.Inference;
import org.latentkit.trainers.loop.ModelStore;

/**
 * {@code predict} and {@code encode} on PNGs written from the fixture's test images, against {@code
 * eval} on the same images from the IDX files.
 */
class PredictCommandTest {

    @TempDir static Path tmp;

    private static final DigitSet TEST = Fixtures.mnistSmall().test();
    private static final String DATA = Fixtures.mnistSmallDir().toString();

    private static Path classifier;
    private static Path autoencoder;
    private static Path pngs;

    record Outcome(int status, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainAndWritePngs() throws IOException {
        classifier = tmp.resolve("classify");
        Outcome c =
                run(
                        "classify",
                        "--arch",
                        "lenet-classic",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "40",
                        "--validation",
                        "0",
                        "--data-dir",
                        DATA,
                        "--out",
                        classifier.toString());
        assertEquals(0, c.status(), c.err());
        autoencoder = tmp.resolve("ae");
        Outcome a =
                run(
                        "autoencode",
                        "--kind",
                        "dense",
                        "--layers",
                        "64,16",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "100",
                        "--max-batches",
                        "5",
                        "--validation",
                        "200",
                        "--data-dir",
                        DATA,
                        "--out",
                        autoencoder.toString());
        assertEquals(0, a.status(), a.err());
        pngs = Files.createDirectories(tmp.resolve("pngs"));
        for (int i = 0; i < TEST.size(); i++) {
            float[] p = TEST.image(i, Normalization.UNIT);
            for (int j = 0; j < p.length; j++) {
                p[j] *= 255f;
            }
            DigitImages.writePng(p, pngs.resolve(String.format(Locale.ROOT, "%03d.png", i)));
        }
    }

    @Test
    void givenPngsOfTheTestSet_whenPredicted_thenTheAccuracyIsWhatEvalReports() {
        Outcome e = run("eval", "--model", classifier.toString(), "--data-dir", DATA);
        assertEquals(0, e.status(), e.err());
        Matcher m = Pattern.compile("test accuracy ([0-9.]+)%").matcher(e.out());
        assertTrue(m.find(), e.out());
        double evalPercent = Double.parseDouble(m.group(1));
        assertTrue(evalPercent > 60, "eval accuracy " + evalPercent);

        Outcome p = run("predict", "--model", classifier.toString(), pngs.toString());
        assertEquals(0, p.status(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals(TEST.size(), lines.length);
        int correct = 0;
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            assertEquals(String.format(Locale.ROOT, "%03d.png", i), f[0]);
            double prob = Double.parseDouble(f[2]);
            assertTrue(prob >= 0.1 && prob <= 1.0, lines[i]);
            if (Integer.parseInt(f[1]) == TEST.label(i)) {
                correct++;
            }
        }
        assertEquals(
                String.format(Locale.ROOT, "%.2f", evalPercent),
                String.format(Locale.ROOT, "%.2f", 100.0 * correct / TEST.size()));
    }

    @Test
    void givenJson_whenPredicted_thenOneObjectPerFileWithTheClassAndItsProbabilities() {
        Outcome p =
                run(
                        "predict",
                        "--json",
                        "--model",
                        classifier.resolve("model").toString(),
                        pngs.resolve("000.png").toString(),
                        pngs.resolve("001.png").toString());
        assertEquals(0, p.status(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals(2, lines.length);
        Map<String, Object> first = Json.readMapFromString(lines[0]);
        assertEquals(pngs.resolve("000.png").toString(), first.get("file"));
        int cls = ((Number) first.get("class")).intValue();
        assertTrue(cls >= 0 && cls <= 9, lines[0]);
        @SuppressWarnings("unchecked")
        List<Number> probs = (List<Number>) first.get("probabilities");
        assertEquals(10, probs.size());
        double sum = probs.stream().mapToDouble(Number::doubleValue).sum();
        assertEquals(1.0, sum, 1e-4);
        assertEquals(
                probs.get(cls).doubleValue(),
                ((Number) first.get("probability")).doubleValue(),
                1e-9);
    }

    @Test
    void givenAutoencoder_whenEncoded_thenOneCsvRowPerImageAndTheNpyMatches() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("twenty"));
        for (int i = 0; i < 20; i++) {
            String n = String.format(Locale.ROOT, "%03d.png", i);
            Files.copy(pngs.resolve(n), dir.resolve(n));
        }
        Path csv = tmp.resolve("codes.csv");
        Path npy = tmp.resolve("codes.npy");
        Outcome o =
                run(
                        "encode",
                        "--model",
                        autoencoder.toString(),
                        "--output",
                        csv.toString(),
                        "--npy",
                        npy.toString(),
                        dir.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().startsWith("20 dense codes of 16 values"), o.out());
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(21, rows.size());
        assertEquals(17, rows.get(0).split(",").length);
        assertEquals("file", rows.get(0).split(",")[0]);
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(17, rows.get(i).split(",").length, rows.get(i));
        }
        // The codes are the model's own codes of the IDX images (output 1 of the block).
        float[][] expected = new float[20][];
        try (ModelStore.Loaded l =
                ModelStore.load(autoencoder.resolve("model"), EngineContext.of("PyTorch", "cpu"))) {
            Inference.forEachBatch(
                    l.model(),
                    TEST.range(0, 20),
                    Normalization.UNIT,
                    (from, out) -> {
                        float[] all = out.get(1).toFloatArray();
                        for (int i = 0; i < 20; i++) {
                            expected[i] = Arrays.copyOfRange(all, i * 16, i * 16 + 16);
                        }
                    });
        }
        float[] firstRow = new float[16];
        for (int i = 0; i < 20; i++) {
            String[] f = rows.get(i + 1).split(",");
            float[] row = new float[16];
            for (int j = 0; j < 16; j++) {
                row[j] = Float.parseFloat(f[j + 1]);
            }
            assertArrayEquals(expected[i], row, 1e-5f, "row " + i);
            if (i == 0) {
                firstRow = row;
            }
        }
        byte[] b = Files.readAllBytes(npy);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (20, 16)"), header);
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals(10 + headerLen + 20 * 16 * 4, b.length);
        float[] fromNpy = new float[16];
        java.nio.ByteBuffer bb =
                java.nio.ByteBuffer.wrap(b, 10 + headerLen, 64)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < 16; j++) {
            fromNpy[j] = bb.getFloat();
        }
        assertArrayEquals(firstRow, fromNpy);
    }

    @Test
    void givenModelSavedBeforeFactories_whenEvaluated_thenItStillLoadsOrSaysToResave()
            throws IOException {
        Path old = tmp.resolve("old");
        Files.createDirectories(old.resolve("model"));
        Path src = classifier.resolve("model");
        Files.copy(
                src.resolve("latentkit-0000.params"), old.resolve("model/latentkit-0000.params"));
        // The version-1 model.json: no factory, no serving.properties.
        String json =
                Files.readString(src.resolve("model.json"))
                        .replaceAll("\"version\": 2", "\"version\": 1")
                        .replaceAll(",\\s*\"factory\": \"[^\"]*\"", "");
        assertTrue(!json.contains("factory") && json.contains("\"version\": 1"), json);
        Files.writeString(old.resolve("model/model.json"), json);
        Outcome now = run("eval", "--model", classifier.toString(), "--data-dir", DATA);
        Outcome before = run("eval", "--model", old.toString(), "--data-dir", DATA);
        assertEquals(0, before.status(), before.err());
        assertEquals(now.out().split(" \\(")[0], before.out().split(" \\(")[0]);

        Files.writeString(
                old.resolve("model/model.json"), json.replace("lenet-classic", "lenet-huge"));
        Outcome bad = run("eval", "--model", old.toString(), "--data-dir", DATA);
        assertEquals(Main.BAD_INPUT, bad.status());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("re-save"), bad.err());
    }

    @Test
    void givenBadInput_whenPredictedOrEncoded_thenOneLineNamingItAndStatusTwo() throws IOException {
        Path notImage = tmp.resolve("notes.png");
        Files.writeString(notImage, "not a picture");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String one = pngs.resolve("000.png").toString();
        String[][] cases = {
            {"predict", "--model", classifier.toString(), notImage.toString()},
            {"predict", "--model", classifier.toString(), empty.toString()},
            {"predict", "--model", classifier.toString(), tmp.resolve("missing.png").toString()},
            {"predict", "--model", autoencoder.toString(), one},
            {"encode", "--model", classifier.toString(), one},
            {"predict", "--model", pngs.toString(), one},
        };
        String[] named = {
            notImage.toString(),
            empty.toString(),
            "missing.png",
            "use `latentkit encode`",
            "use `latentkit predict`",
            "not a saved latentkit model"
        };
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            Outcome o = run(cases[i]);
            String err = o.err().strip();
            if (o.status() != Main.BAD_INPUT
                    || err.lines().count() != 1
                    || !err.contains(named[i])) {
                failures.add(Arrays.toString(cases[i]) + " -> " + o.status() + ": " + err);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void givenMixture_whenPredictedAndEncoded_thenTheManagersClusterAndItsExpertsMean()
            throws IOException {
        Path moe = tmp.resolve("moe");
        Outcome t =
                run(
                        "moe",
                        "--recipe",
                        "original",
                        "--experts",
                        "3",
                        "--latent",
                        "4",
                        "--layers",
                        "32",
                        "--manager-layers",
                        "16",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "4",
                        "--validation",
                        "0",
                        "--data-dir",
                        DATA,
                        "--out",
                        moe.toString());
        assertEquals(0, t.status(), t.err());
        Path dir = Files.createDirectories(tmp.resolve("ten"));
        for (int i = 0; i < 10; i++) {
            String n = String.format(Locale.ROOT, "%03d.png", i);
            Files.copy(pngs.resolve(n), dir.resolve(n));
        }
        // The block's own outputs on the IDX images: manager probabilities (N, K), means (K, N, z).
        float[][] gate = new float[10][3];
        float[][] mu = new float[10][4];
        try (ModelStore.Loaded l =
                ModelStore.load(moe.resolve("model"), EngineContext.of("PyTorch", "cpu"))) {
            Inference.forEachBatch(
                    l.model(),
                    TEST.range(0, 10),
                    Normalization.UNIT,
                    (from, out) -> {
                        float[] p = out.get(3).toFloatArray();
                        float[] m = out.get(1).toFloatArray();
                        for (int i = 0; i < 10; i++) {
                            gate[i] = Arrays.copyOfRange(p, i * 3, i * 3 + 3);
                        }
                        for (int i = 0; i < 10; i++) {
                            int k = argMax(gate[i]);
                            int base = (k * 10 + i) * 4;
                            mu[i] = Arrays.copyOfRange(m, base, base + 4);
                        }
                    });
        }
        Outcome p = run("predict", "--model", moe.toString(), dir.toString());
        assertEquals(0, p.status(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals(10, lines.length);
        for (int i = 0; i < 10; i++) {
            String[] f = lines[i].split(" ");
            assertEquals("cluster", f[1], lines[i]);
            assertEquals(argMax(gate[i]), Integer.parseInt(f[2]), lines[i]);
            assertEquals(gate[i][argMax(gate[i])], Double.parseDouble(f[3]), 1e-4, lines[i]);
        }
        Path csv = tmp.resolve("moe.csv");
        Outcome e = run("encode", "--model", moe.toString(), "-o", csv.toString(), dir.toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().startsWith("10 latent codes of 4 values"), e.out());
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(11, rows.size());
        for (int i = 0; i < 10; i++) {
            String[] f = rows.get(i + 1).split(",");
            assertEquals(5, f.length);
            float[] row = new float[4];
            for (int j = 0; j < 4; j++) {
                row[j] = Float.parseFloat(f[j + 1]);
            }
            assertArrayEquals(mu[i], row, 1e-5f, "row " + i);
        }
    }

    @Test
    void givenBucketRun_whenPredictedAndEncoded_thenTheBucketAndBitsOfTheSavedEncoder()
            throws IOException {
        Path buckets = tmp.resolve("buckets");
        Outcome t =
                run(
                        "buckets",
                        "--bits",
                        "4",
                        "--hidden",
                        "32",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "5",
                        "--data-dir",
                        DATA,
                        "--out",
                        buckets.toString());
        assertEquals(0, t.status(), t.err());
        int[] expected;
        try (ModelStore.Loaded l =
                ModelStore.load(buckets.resolve("model"), EngineContext.of("PyTorch", "cpu"))) {
            assertEquals("bucket-encoder", l.descriptor().block().architecture());
            float[] out = new float[10 * 4];
            Inference.forEachBatch(
                    l.model(),
                    TEST.range(0, 10),
                    Normalization.UNIT,
                    (from, o) -> System.arraycopy(o.get(0).toFloatArray(), 0, out, 0, 40));
            expected = org.latentkit.api.metrics.BinaryCodes.threshold(out, 4).buckets();
        }
        List<String> files = new ArrayList<>(List.of("predict", "--model", buckets.toString()));
        for (int i = 0; i < 10; i++) {
            files.add(pngs.resolve(String.format(Locale.ROOT, "%03d.png", i)).toString());
        }
        Outcome p = run(files.toArray(String[]::new));
        assertEquals(0, p.status(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals(10, lines.length);
        for (int i = 0; i < 10; i++) {
            String code = CommandSupport.bucketCode(expected[i], 4);
            assertEquals(
                    String.format(Locale.ROOT, "%03d.png bucket %d %s", i, expected[i], code),
                    lines[i]);
        }
        Outcome j =
                run(
                        "predict",
                        "--json",
                        "--model",
                        buckets.toString(),
                        pngs.resolve("000.png").toString());
        assertEquals(0, j.status(), j.err());
        Map<String, Object> first = Json.readMapFromString(j.out().strip());
        assertEquals(expected[0], ((Number) first.get("bucket")).intValue());
        assertEquals(CommandSupport.bucketCode(expected[0], 4), first.get("code"));
        Path csv = tmp.resolve("bits.csv");
        files.set(0, "encode");
        files.add(1, "-o");
        files.add(2, csv.toString());
        Outcome e = run(files.toArray(String[]::new));
        assertEquals(0, e.status(), e.err());
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("file,c0,c1,c2,c3", rows.get(0));
        for (int i = 0; i < 10; i++) {
            StringBuilder bits = new StringBuilder();
            for (int bit = 0; bit < 4; bit++) {
                bits.append(',').append((expected[i] >> bit) & 1);
            }
            assertEquals(String.format(Locale.ROOT, "%03d.png", i) + bits, rows.get(i + 1));
        }
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
