package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;

/**
 * Runs the real CLI entry point in-process on the fixture and checks exit status, output and
 * records.
 */
class CliTest {

    @TempDir Path tmp;

    record Outcome(int status, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }

    /** A quick classify on the fixture: 1,500 train, 500 validation, 500 test. */
    private String[] classify(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("classify", "--out", out.toString()));
        a.addAll(List.of(extra));
        String given = String.join(" ", extra);
        String[][] defaults = {
            {"--data-dir", Fixtures.mnistSmallDir().toString()},
            {"--validation", "500"},
            {"--epochs", "1"},
            {"--max-batches", "30"}
        };
        for (String[] d : defaults) {
            if (!given.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        return a.toArray(String[]::new);
    }

    @Test
    void givenHelp_whenAsked_thenEveryCommandIsListedAndExitIsZero() {
        Outcome o = run("--help");
        assertEquals(0, o.status());
        assertTrue(
                o.out().contains("classify")
                        && o.out().contains("sweep-samples")
                        && o.out().contains("eval"),
                o.out());
        Outcome c = run("classify", "--help");
        assertEquals(0, c.status());
        assertTrue(
                c.out().contains("--arch=NAME") && c.out().contains("(default: lenet-classic)"),
                c.out());
    }

    @Test
    void givenNoSubcommand_whenRun_thenUsageAndStatusTwo() {
        Outcome o = run();
        assertEquals(2, o.status());
        assertTrue(o.err().contains("a subcommand is required"), o.err());
    }

    @Test
    void givenFixture_whenClassifiedThenEvaluated_thenRecordsExistAndEvalReproducesTheAccuracy()
            throws IOException {
        Path out = tmp.resolve("run");
        Outcome o = run(classify(out, "--arch", "mlp"));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        for (String key :
                List.of(
                        "test_accuracy",
                        "epochs_run",
                        "train_seconds",
                        "samples_per_second",
                        "engine",
                        "device")) {
            assertTrue(m.containsKey(key), "metrics.json lacks " + key);
        }
        assertEquals("ok", m.get("status"));
        assertEquals("PyTorch", m.get("engine"));
        assertEquals("cpu", m.get("device"));
        double acc = ((Number) m.get("test_accuracy")).doubleValue();
        assertTrue(acc > 0.5 && acc <= 1.0, "accuracy " + acc);
        Map<String, Object> cfg = Json.readMap(out.resolve("config.json"));
        assertEquals("mlp", cfg.get("arch"));
        assertEquals("classify", cfg.get("command"));
        assertTrue(Files.exists(out.resolve("model").resolve("model.json")));

        Outcome e =
                run(
                        "eval",
                        "--model",
                        out.toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(0, e.status(), e.err());
        String expected = String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * acc);
        assertTrue(e.out().startsWith(expected), e.out() + " vs " + expected);
    }

    @Test
    void givenFixture_whenSweptOverSampleSizes_thenTableAndPlotAreWritten() throws IOException {
        Path out = tmp.resolve("sweep");
        Outcome o =
                run(
                        "sweep-samples",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--validation",
                        "500",
                        "--sizes",
                        "100,1500",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "5",
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(3, csv.size(), "header and two points: " + csv);
        assertTrue(csv.get(1).startsWith("100,") && csv.get(2).startsWith("1500,"), csv.toString());
        byte[] png = Files.readAllBytes(out.resolve("accuracy_vs_samples.png"));
        assertTrue(
                png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG file");
        assertTrue(Json.readMap(out.resolve("metrics.json")).containsKey("accuracy_at_1500"));
    }

    @Test
    void givenConfigFileNamingMxnet_whenClassified_thenTheRunUsesMxnet() throws IOException {
        Path cfg = tmp.resolve("mx.json");
        Files.writeString(cfg, "{\"engine\": \"MXNet\", \"arch\": \"mlp\", \"batch_size\": 64}");
        Path out = tmp.resolve("mx");
        Outcome o = run(classify(out, "--config", cfg.toString()));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("MXNet", m.get("engine"));
        assertEquals(
                64.0,
                ((Number) Json.readMap(out.resolve("config.json")).get("batch_size"))
                        .doubleValue());
        // A flag overrides the config file.
        Outcome p =
                run(classify(tmp.resolve("pt"), "--config", cfg.toString(), "--engine", "PyTorch"));
        assertEquals(0, p.status(), p.err());
        assertEquals(
                "PyTorch", Json.readMap(tmp.resolve("pt").resolve("metrics.json")).get("engine"));
    }

    @Test
    void givenSharedTrainingFlags_whenVaeRuns_thenItsOwnDefaultsApplyAndTheConfigFileStillWins()
            throws IOException {
        String data = Fixtures.mnistSmallDir().toString();
        // TrainOptions says batch 32 and validation 5000; vae states batch 128 and validation 0 for
        // itself.
        Path own = tmp.resolve("vae-own");
        Outcome o =
                run(
                        "vae",
                        "--latent",
                        "2",
                        "--layers",
                        "16",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "1",
                        "--no-figures",
                        "--data-dir",
                        data,
                        "--out",
                        own.toString());
        assertEquals(0, o.status(), o.err());
        Map<String, Object> c = Json.readMap(own.resolve("config.json"));
        assertEquals(128.0, ((Number) c.get("batch_size")).doubleValue());
        assertEquals(0.0, ((Number) c.get("validation")).doubleValue());
        // A config file beats the command's default; a flag beats the config file.
        Path cfg = tmp.resolve("vae.json");
        Files.writeString(cfg, "{\"batch_size\": 64, \"validation\": 300}");
        Path fromFile = tmp.resolve("vae-file");
        o =
                run(
                        "vae",
                        "--config",
                        cfg.toString(),
                        "--latent",
                        "2",
                        "--layers",
                        "16",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "1",
                        "--no-figures",
                        "--data-dir",
                        data,
                        "--out",
                        fromFile.toString(),
                        "--validation",
                        "200");
        assertEquals(0, o.status(), o.err());
        c = Json.readMap(fromFile.resolve("config.json"));
        assertEquals(64.0, ((Number) c.get("batch_size")).doubleValue());
        assertEquals(200.0, ((Number) c.get("validation")).doubleValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown arch      | --arch=resnet         | arch: unknown architecture 'resnet' (valid: lenet-classic, lenet-deep, mlp, convnet)",
                "zero epochs       | --epochs=0            | epochs: must be a positive number, got 0",
                "negative lr       | --lr=-1               | lr: must be a positive number, got -1.0",
                "unknown engine    | --engine=TensorFlow   | engine: unknown engine 'TensorFlow' (valid: MXNet, PyTorch)",
                "unknown optimizer | --optimizer=rmsprop   | optimizer: unknown optimizer 'rmsprop' (valid: adam, sgd)",
                "unknown dataset   | --dataset=cifar       | dataset: unknown dataset 'cifar' (valid: mnist, fashion-mnist, image-folder)",
                "missing GPU       | --device=gpu          | device: gpu0 asked for, but engine PyTorch sees no GPU",
                "missing GPU index | --device=gpu3         | device: gpu3 asked for, but engine PyTorch sees no GPU",
                "unknown device    | --device=tpu          | device: unknown device 'tpu' (valid: cpu, gpu, gpuN such as gpu1)",
                "batch over data   | --batch-size=5000     | batch-size: 5000 is larger than the training set (1500 samples)",
                "bad normalisation | --normalize=zscore    | normalize: unknown normalisation 'zscore' (valid: unit, centered)",
                "not a number      | --epochs=ten          | Invalid value for option '--epochs': 'ten' is not an int",
            })
    void givenBadFlag_whenClassified_thenOneLineAndStatusTwo(
            String name, String flag, String message) {
        Outcome o = run(classify(tmp.resolve("bad"), flag));
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains(message), "expected '" + message + "' in: " + o.err());
        assertFalse(o.err().contains("\tat "), "stack trace shown: " + o.err());
    }

    @Test
    void givenCorruptDataFile_whenClassified_thenTheFileAndProblemAreNamed() throws IOException {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        for (Path f : Files.newDirectoryStream(Fixtures.mnistSmallDir())) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        Files.write(
                dir.resolve("train-images-idx3-ubyte.gz"),
                gzip(new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 5}));
        Outcome o =
                run("classify", "--data-dir", dir.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(2, o.status());
        assertEquals(
                "latentkit: train-images-idx3-ubyte.gz: wrong magic number 0x00000801 (expected 0x00000803,"
                        + " an IDX image file)",
                o.err().strip());
        Outcome v =
                run(
                        "classify",
                        "--verbose",
                        "--data-dir",
                        dir.toString(),
                        "--out",
                        tmp.resolve("y").toString());
        assertEquals(2, v.status());
        assertTrue(v.err().contains("\tat "), "--verbose shows the stack trace");
    }

    @Test
    void givenUnknownAugmentOp_whenClassified_thenOneLineAndStatusTwo() {
        Outcome o = run(classify(tmp.resolve("flip"), "--augment", "flip=1"));
        assertEquals(2, o.status());
        assertEquals(
                "latentkit: augment: unknown op 'flip' (valid: shift, rotate, scale, elastic)",
                o.err().strip());
        assertFalse(Files.exists(tmp.resolve("flip").resolve("config.json")), "no run is made");
    }

    @Test
    void givenClassifyHelp_thenAugmentAndTestShiftShowTheirDefaults() {
        String h = run("classify", "--help").out().replaceAll("\\s+", " ");
        assertTrue(h.contains("--augment[=SPEC]"), h);
        // picocli may break the line after a comma of the spec
        assertTrue(
                h.replace(", ", ",")
                        .contains("--augment alone is shift=2,rotate=10 (default: none)"),
                h);
        assertTrue(h.contains("--test-shift=N"), h);
        assertTrue(h.contains("0 = off (default: 0)"), h);
    }

    @Test
    void givenBareAugment_whenClassified_thenItTrainsAndRecordsTheDefaultSpec() throws IOException {
        Path out = tmp.resolve("augmented");
        // --augment last, with no value: the next flag (added by classify()) is not its value.
        Outcome o = run(classify(out, "--arch", "mlp", "--max-batches", "5", "--augment"));
        assertEquals(0, o.status(), o.err());
        assertEquals("shift=2,rotate=10", Json.readMap(out.resolve("config.json")).get("augment"));
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("ok", m.get("status"));
        assertEquals("shift=2,rotate=10", m.get("augment"));

        Path plain = tmp.resolve("plain");
        assertEquals(0, run(classify(plain, "--arch", "mlp", "--max-batches", "5")).status());
        assertEquals("none", Json.readMap(plain.resolve("config.json")).get("augment"));

        Path spec = tmp.resolve("spec");
        Outcome e =
                run(
                        classify(
                                spec,
                                "--arch",
                                "mlp",
                                "--max-batches",
                                "2",
                                "--augment",
                                "elastic=34:4,scale=0.1"));
        assertEquals(0, e.status(), e.err());
        assertEquals(
                "scale=0.1,elastic=34:4", Json.readMap(spec.resolve("config.json")).get("augment"));
    }

    @Test
    void givenAugmentAndTestShiftOnMxnet_whenClassified_thenItTrainsAndRecordsBoth()
            throws IOException {
        Path out = tmp.resolve("mx-augmented");
        Outcome o =
                run(
                        classify(
                                out,
                                "--engine",
                                "MXNet",
                                "--arch",
                                "lenet-classic",
                                "--max-batches",
                                "3",
                                "--augment",
                                "shift=2,rotate=10,scale=0.1,elastic=34:4",
                                "--test-shift",
                                "1"));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("MXNet", m.get("engine"));
        assertEquals("shift=2,rotate=10,scale=0.1,elastic=34:4", m.get("augment"));
        double shifted = ((Number) m.get("test_accuracy_shift_1")).doubleValue();
        assertTrue(shifted >= 0 && shifted <= 1, "shifted accuracy " + shifted);
    }

    @Test
    void givenTestShift_whenClassified_thenShiftedAccuracyIsRecordedAndPrinted()
            throws IOException {
        Path out = tmp.resolve("shift");
        Outcome o = run(classify(out, "--arch", "mlp", "--test-shift", "2"));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        double shifted = ((Number) m.get("test_accuracy_shift_2")).doubleValue();
        assertTrue(shifted >= 0 && shifted <= 1, "shifted accuracy " + shifted);
        assertEquals(
                2.0,
                ((Number) Json.readMap(out.resolve("config.json")).get("test_shift"))
                        .doubleValue());
        String expected = String.format(Locale.ROOT, ", shifted 2 px %.2f%% (", 100 * shifted);
        assertTrue(o.out().startsWith("test accuracy ") && o.out().contains(expected), o.out());
    }

    @Test
    void givenMissingDataDir_whenClassified_thenStatusTwo() {
        Outcome o = run("classify", "--data-dir", tmp.resolve("nowhere").toString());
        assertEquals(2, o.status());
        assertEquals(
                "latentkit: data-dir " + tmp.resolve("nowhere") + ": directory not found",
                o.err().strip());
    }

    @Test
    void givenConfigProblems_whenClassified_thenTheKeyOrFileIsNamed() throws IOException {
        Path typo = tmp.resolve("typo.json");
        Files.writeString(typo, "{\"epohcs\": 3}");
        Outcome o = run(classify(tmp.resolve("t"), "--config", typo.toString()));
        assertEquals(2, o.status());
        assertTrue(
                o.err()
                        .contains(
                                "config "
                                        + typo
                                        + ": unknown key 'epohcs' for 'classify' (valid: "),
                o.err());
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"epochs\": 3");
        Outcome b = run(classify(tmp.resolve("b"), "--config", broken.toString()));
        assertEquals(2, b.status());
        assertTrue(b.err().startsWith("latentkit: config " + broken + ": malformed JSON"), b.err());
        Path wrongType = tmp.resolve("type.json");
        Files.writeString(wrongType, "{\"patience\": \"many\"}");
        Outcome w = run(classify(tmp.resolve("w"), "--config", wrongType.toString()));
        assertEquals(2, w.status());
        assertTrue(w.err().contains("'--patience': 'many' is not an int"), w.err());
    }

    @Test
    void givenOutputOfAnotherRun_whenClassified_thenRefusedUnlessOverwrite() {
        Path out = tmp.resolve("shared");
        assertEquals(0, run(classify(out, "--arch", "mlp")).status());
        Outcome o = run(classify(out, "--arch", "lenet-classic"));
        assertEquals(2, o.status());
        assertTrue(o.err().contains("holds a different run"), o.err());
        assertEquals(0, run(classify(out, "--arch", "lenet-classic", "--overwrite")).status());
    }

    @Test
    void givenTwoRuns_whenDiffed_thenOnlyWhatChangedIsShown() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, run(classify(a, "--arch", "mlp", "--seed", "1")).status());
        assertEquals(0, run(classify(b, "--arch", "mlp", "--seed", "2")).status());
        Outcome o = run("diff", a.toString(), b.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(
                o.out().contains("config.json:")
                        && o.out().contains("seed")
                        && o.out().contains("1.0 -> 2.0"),
                o.out());
        assertFalse(o.out().contains("  arch "), "unchanged settings are not shown: " + o.out());
        Outcome same = run("diff", a.toString(), a.toString());
        assertEquals("the runs agree on every setting and result", same.out().strip());
        Outcome bad = run("diff", a.toString(), tmp.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("not a latentkit run directory (no config.json)"), bad.err());
    }

    @Test
    void givenClassifier_whenReloadedAsAutoencoder_thenTheTaskMismatchIsNamed() {
        Path out = tmp.resolve("cls");
        assertEquals(0, run(classify(out, "--arch", "mlp")).status());
        Outcome o =
                run(
                        "autoencode-eval",
                        "--model",
                        out.toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(2, o.status());
        assertEquals(
                "latentkit: model " + out + ": is a 'classify' model, not an autoencoder",
                o.err().strip());
    }

    @Test
    void givenNotAModel_whenEvaluated_thenStatusTwo() {
        Outcome o =
                run(
                        "eval",
                        "--model",
                        tmp.toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("not a saved latentkit model"), o.err());
    }

    @Test
    void
            givenHugeLearningRate_whenTrained_thenDivergenceStopsWithStatusThreeAndTheRecordSaysDiverged() {
        Path out = tmp.resolve("nan");
        Outcome o = run(classify(out, "--arch", "mlp", "--optimizer", "sgd", "--lr", "1e30"));
        assertEquals(3, o.status(), o.err());
        assertTrue(
                o.err().contains("training diverged: loss is")
                        && o.err().contains("try a lower --lr"),
                o.err());
        assertEquals("diverged", Json.readMap(out.resolve("metrics.json")).get("status"));
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(bytes)) {
            g.write(raw);
        }
        return bytes.toByteArray();
    }

    /**
     * An op the engine lacks (DJL's "Not implemented yet.", thrown from the engine's NDArray) is
     * bad input naming the op and the engine, exit 2 (issue 17); an UnsupportedOperationException
     * from outside DJL stays an internal error.
     */
    @Test
    void givenEngineWithoutAnOpWhenCommandFailsThenOneLineNamingOpAndEngineExitTwo() {
        UnsupportedOperationException djl =
                new UnsupportedOperationException("Not implemented yet.");
        djl.setStackTrace(
                new StackTraceElement[] {
                    new StackTraceElement(
                            "ai.djl.ndarray.NDArrayAdapter",
                            "isInfinite",
                            "NDArrayAdapter.java",
                            1),
                    new StackTraceElement("org.latentkit.trainers.tsne.Tsne", "x", "Tsne.java", 2)
                });
        RuntimeException wrapped = new IllegalStateException("step failed", djl);
        org.latentkit.core.InvalidInputException e = Main.unsupportedOp(wrapped, "MXNet");
        assertEquals(
                "engine MXNet does not implement the operation NDArrayAdapter.isInfinite that this"
                        + " command needs (DJL: Not implemented yet.); try another --engine",
                e.getMessage());
        assertEquals(2, Main.exitCode(e));
        assertEquals(e.getMessage(), Main.oneLine(e));

        UnsupportedOperationException jdk = new UnsupportedOperationException();
        jdk.setStackTrace(
                new StackTraceElement[] {
                    new StackTraceElement("java.util.ImmutableCollections", "uoe", "X.java", 1)
                });
        assertEquals(null, Main.unsupportedOp(jdk, "MXNet"));
        assertEquals(1, Main.exitCode(jdk));
    }
}
