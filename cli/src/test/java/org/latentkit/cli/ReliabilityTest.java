package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;
import org.latentkit.trainers.loop.Checkpoint;
import org.latentkit.trainers.loop.CheckpointStore;

/**
 * Bad input the issue lists that {@link CliTest} does not already cover, and the resume, divergence
 * and checkpoint rules; each runs the real CLI entry point in-process and checks status and
 * message.
 */
class ReliabilityTest {

    @TempDir Path tmp;

    private static CliTest.Outcome run(List<String> args) {
        return CliTest.run(args.toArray(String[]::new));
    }

    /** A quick mlp classify on the fixture. */
    private static List<String> classify(Path out, String... extra) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "classify",
                                "--validation",
                                "500",
                                "--max-batches",
                                "10",
                                "--out",
                                out.toString()));
        List<String> given = List.of(extra);
        if (!given.contains("--arch")) {
            a.addAll(List.of("--arch", "mlp"));
        }
        if (!given.contains("--data-dir")) {
            a.addAll(List.of("--data-dir", Fixtures.mnistSmallDir().toString()));
        }
        if (!given.contains("--epochs")) {
            a.addAll(List.of("--epochs", "2"));
        }
        a.addAll(given);
        return a;
    }

    private static CliTest.Outcome evalOnFixture(Path run) {
        return CliTest.run(
                "eval",
                "--model",
                run.toString(),
                "--data-dir",
                Fixtures.mnistSmallDir().toString());
    }

    private static void assertBadInput(CliTest.Outcome o, String message) {
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains(message), "expected '" + message + "' in: " + o.err());
        assertFalse(o.err().contains("\tat "), "stack trace shown: " + o.err());
        assertEquals(
                1,
                o.err().strip().lines().filter(l -> l.startsWith("latentkit:")).count(),
                o.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "zero batch size     | classify   | --batch-size=0         | batch-size: must be a positive number, got 0",
                "zero lr             | classify   | --lr=0                 | lr: must be a positive number, got 0.0",
                "negative epochs     | autoencode | --epochs=-2            | epochs: must be a positive number, got -2",
                "zero bits           | buckets    | --bits=0               | bits: must be between 1 and 16, got 0",
                "unknown penalty     | autoencode | --penalty=xyz          | penalty: unknown penalty 'xyz' (valid: l1, l1-squared, entropy, entropy-squared)",
                "negative ckpt steps | classify   | --checkpoint-every=-1  | checkpoint-every: must be 0 or more, got -1",
                "negative clip norm  | autoencode | --max-grad-norm=-1     | max-grad-norm: must be a positive number, got -1.0",
                "config is a folder  | classify   | --config=/             | config /: not a readable file",
                "config missing      | classify   | --config=/no/such.json | config /no/such.json: not a readable file",
                "unknown augment op  | classify   | --augment=flip=1       | augment: unknown op 'flip' (valid: shift, rotate, scale, elastic)",
                "augment rotate 200  | classify   | --augment=rotate=200   | augment: rotate must be between 0 and 180 degrees, got 200.0",
                "augment bad number  | classify   | --augment=shift=two    | augment: shift needs a number, got 'two'",
                "augment no value    | classify   | --augment=shift        | augment: shift needs a value, as in shift=2",
                "augment op twice    | classify   | --augment=shift=1,shift=2 | augment: shift is given twice",
                "augment shift -1    | classify   | --augment=shift=-1     | augment: shift must be 0 or more pixels, got -1.0",
                "augment scale 1     | classify   | --augment=scale=1      | augment: scale must be in [0, 1) (the factor is drawn from [1 - s, 1 + s]), got 1.0",
                "augment no sigma    | classify   | --augment=elastic=34   | augment: elastic needs ALPHA:SIGMA, as in elastic=34:4, got '34'",
                "augment sigma 0     | classify   | --augment=elastic=34:0 | augment: elastic sigma must be more than 0 pixels, got 0.0",
                "augment alpha -1    | classify   | --augment=elastic=-1:4 | augment: elastic alpha must be 0 or more, got -1.0",
                "negative test shift | classify   | --test-shift=-1        | test-shift: must be 0 (off) or more pixels, got -1",
                "test shift too far  | classify   | --test-shift=28        | test-shift: 28 pixels moves 28-pixel images out of view; use 1 to 27",
                "unknown semisup method | semisup | --method=mixmatch   | method: unknown method 'mixmatch' (valid: autoencoder, fixmatch)",
                "threshold 0         | semisup    | --threshold=0          | threshold: must be in (0, 1], got 0.0",
                "threshold above 1   | semisup    | --threshold=1.5        | threshold: must be in (0, 1], got 1.5",
                "unlabelled ratio 0  | semisup    | --unlabelled-ratio=0   | unlabelled-ratio: must be 1 or more, got 0",
            })
    void givenBadValue_whenRun_thenOneLineNamingItAndStatusTwo(
            String name, String command, String flag, String message) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                command,
                                flag,
                                "--data-dir",
                                Fixtures.mnistSmallDir().toString(),
                                "--max-batches",
                                "2",
                                "--out",
                                tmp.resolve("bad").toString()));
        if (!flag.startsWith("--epochs")) {
            a.addAll(List.of("--epochs", "1"));
        }
        if (!command.equals("buckets")) {
            a.addAll(List.of("--validation", "500"));
        }
        assertBadInput(run(a), message);
    }

    @Test
    void givenOutUnderAFile_whenClassified_thenTheDirectoryIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "not a directory");
        assertBadInput(
                run(classify(file.resolve("run"))),
                "out " + file.resolve("run") + ": cannot create directory");
    }

    /** Copies the fixture and replaces one of its test files with an IDX file built here. */
    private Path dataWith(String file, byte[] idx) throws IOException {
        Path dir = tmp.resolve("data-" + file);
        Files.createDirectories(dir);
        for (Path f : Files.newDirectoryStream(Fixtures.mnistSmallDir())) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        Files.write(dir.resolve(file), gzip(idx));
        return dir;
    }

    private static byte[] idx(int magic, int[] header, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * header.length + body.length);
        b.putInt(magic);
        for (int h : header) {
            b.putInt(h);
        }
        b.put(body);
        return b.array();
    }

    @Test
    void givenTruncatedImages_whenClassified_thenTheFileAndWhatIsMissingAreNamed()
            throws IOException {
        // header: 2 images of 28x28 = 1,568 bytes promised, 10 given
        Path data =
                dataWith(
                        "t10k-images-idx3-ubyte.gz",
                        idx(0x803, new int[] {2, 28, 28}, new byte[10]));
        assertBadInput(
                run(classify(tmp.resolve("r"), "--data-dir", data.toString())),
                "t10k-images-idx3-ubyte.gz: truncated, header promises 2 images of 28x28 (1568 bytes) but the file ends after 10");
    }

    @Test
    void givenImagesOfWrongSize_whenClassified_thenTheDimensionsAreNamed() throws IOException {
        Path data =
                dataWith(
                        "t10k-images-idx3-ubyte.gz",
                        idx(0x803, new int[] {500, 20, 20}, new byte[500 * 400]));
        assertBadInput(
                run(classify(tmp.resolve("r"), "--data-dir", data.toString())),
                "t10k-images-idx3-ubyte.gz: images are 20x20, expected 28x28");
    }

    @Test
    void givenLabelOutsideZeroToNine_whenClassified_thenTheLabelAndIndexAreNamed()
            throws IOException {
        byte[] labels = new byte[500];
        labels[1] = 12;
        Path data = dataWith("t10k-labels-idx1-ubyte.gz", idx(0x801, new int[] {500}, labels));
        assertBadInput(
                run(classify(tmp.resolve("r"), "--data-dir", data.toString())),
                "t10k-labels-idx1-ubyte.gz: label 12 at index 1 is outside 0-9");
    }

    @Test
    void givenModelOfAnotherArchitecture_whenEvaluated_thenTheMismatchIsNamed() throws IOException {
        Path out = tmp.resolve("m");
        assertEquals(0, run(classify(out, "--epochs", "1")).status());
        Path json = out.resolve("model").resolve("model.json");
        String text = Files.readString(json);
        assertTrue(text.contains("\"architecture\": \"mlp\""), text);
        Files.writeString(
                json,
                text.replace("\"architecture\": \"mlp\"", "\"architecture\": \"lenet-classic\""));
        CliTest.Outcome o = evalOnFixture(out);
        assertBadInput(
                o,
                "model " + out.resolve("model") + ": parameters do not load into a lenet-classic");
    }

    @Test
    void givenTruncatedParameterFile_whenEvaluated_thenTheFileIsNamedAsDamaged()
            throws IOException {
        Path out = tmp.resolve("t");
        assertEquals(0, run(classify(out, "--epochs", "1")).status());
        Path params = out.resolve("model").resolve("latentkit-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        CliTest.Outcome o = evalOnFixture(out);
        assertBadInput(
                o,
                "model "
                        + out.resolve("model")
                        + ": "
                        + params
                        + " is truncated or damaged ("
                        + bytes.length / 2
                        + " bytes)");
    }

    @Test
    void givenFinishedRun_whenResumedWithMoreEpochs_thenItContinuesFromTheLastEpoch()
            throws IOException {
        Path out = tmp.resolve("more");
        assertEquals(0, run(classify(out)).status());
        List<String> before = Files.readAllLines(out.resolve("history.csv"));
        Map.Entry<Path, Checkpoint> newest = new CheckpointStore(out).latest();
        CliTest.Outcome o = run(classify(out, "--epochs", "3", "--resume", out.toString()));
        assertEquals(0, o.status(), o.err());
        assertEquals(
                "resuming "
                        + out
                        + " from checkpoint at step 20 (end of epoch 2): "
                        + newest.getKey(),
                o.err().lines().findFirst().orElse(""),
                "the first line says which checkpoint the run continues from");
        assertEquals(20, newest.getValue().globalStep(), "2 epochs of 10 steps");
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("end of epoch 2", m.get("resumed_from"));
        assertEquals(3.0, ((Number) m.get("epochs_run")).doubleValue());
        List<String> after = Files.readAllLines(out.resolve("history.csv"));
        assertEquals(4, after.size(), "header and 3 epochs: " + after);
        assertEquals(
                before,
                after.subList(0, 3),
                "epochs 1 and 2 come from the checkpoint, not retrained");
    }

    @Test
    void givenVaeAndMoeRuns_whenResumedWithMoreEpochs_thenBothContinueWithTheirHistories()
            throws Exception {
        String data = Fixtures.mnistSmallDir().toString();
        Path vae = tmp.resolve("vae");
        List<String> v =
                List.of(
                        "vae",
                        "--latent",
                        "2",
                        "--layers",
                        "32",
                        "--beta-schedule",
                        "linear",
                        "--max-batches",
                        "4",
                        "--validation",
                        "0",
                        "--no-figures",
                        "--data-dir",
                        data,
                        "--out",
                        vae.toString());
        assertEquals(0, run(concat(v, "--epochs", "1")).status());
        CliTest.Outcome o = run(concat(v, "--epochs", "2", "--resume", vae.toString()));
        assertEquals(0, o.status(), o.err());
        assertEquals(
                "end of epoch 1", Json.readMap(vae.resolve("metrics.json")).get("resumed_from"));

        Path moe = tmp.resolve("moe");
        List<String> m =
                List.of(
                        "moe",
                        "--recipe",
                        "original",
                        "--experts",
                        "3",
                        "--layers",
                        "16",
                        "--manager-layers",
                        "8",
                        "--max-batches",
                        "3",
                        "--validation",
                        "0",
                        "--data-dir",
                        data,
                        "--out",
                        moe.toString());
        assertEquals(0, run(concat(m, "--epochs", "1")).status());
        CliTest.Outcome om = run(concat(m, "--epochs", "2", "--resume", moe.toString()));
        assertEquals(0, om.status(), om.err());
        assertEquals(
                "end of epoch 1", Json.readMap(moe.resolve("metrics.json")).get("resumed_from"));
        List<String> history = Files.readAllLines(moe.resolve("history.csv"));
        // Header, epoch 1 from the checkpoint (its usage cells empty), epoch 2 with 3 usage values.
        assertEquals(3, history.size(), history.toString());
        assertTrue(history.get(1).endsWith(",,,"), history.get(1));
        assertEquals(3 + 4, history.get(2).split(",").length, history.get(2));
    }

    @Test
    void givenAutoencodeAndBucketsRuns_whenResumedWithMoreEpochs_thenBothContinue() {
        String data = Fixtures.mnistSmallDir().toString();
        Path ae = tmp.resolve("ae");
        List<String> a =
                List.of(
                        "autoencode",
                        "--layers",
                        "32,8",
                        "--batch-size",
                        "100",
                        "--validation",
                        "500",
                        "--max-batches",
                        "5",
                        "--no-figures",
                        "--data-dir",
                        data,
                        "--out",
                        ae.toString());
        assertEquals(0, run(concat(a, "--epochs", "1")).status());
        CliTest.Outcome o = run(concat(a, "--epochs", "2", "--resume", ae.toString()));
        assertEquals(0, o.status(), o.err());
        assertEquals(
                "end of epoch 1", Json.readMap(ae.resolve("metrics.json")).get("resumed_from"));

        Path b = tmp.resolve("b");
        List<String> bk =
                List.of(
                        "buckets",
                        "--bits",
                        "4",
                        "--max-batches",
                        "3",
                        "--data-dir",
                        data,
                        "--out",
                        b.toString());
        assertEquals(0, run(concat(bk, "--epochs", "1")).status());
        CliTest.Outcome ob = run(concat(bk, "--epochs", "2", "--resume", b.toString()));
        assertEquals(0, ob.status(), ob.err());
        assertEquals("end of epoch 1", Json.readMap(b.resolve("metrics.json")).get("resumed_from"));
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * Resume on MXNet: a run whose newest checkpoint is in the middle of epoch 2 (step 16 of 20,
     * the epoch-end one invalidated as by a kill just after step 16's) resumes on MXNet and ends
     * with the uninterrupted MXNet run's history (epoch, loss, validation accuracy) and test
     * accuracy.
     */
    @Test
    void givenMxnetRunCutInEpochTwo_whenResumedOnMxnet_thenHistoryEqualsTheUninterruptedRun()
            throws IOException {
        Path full = tmp.resolve("mx-full");
        CliTest.Outcome reference =
                run(classify(full, "--engine", "MXNet", "--checkpoint-every", "4"));
        assertEquals(0, reference.status(), reference.err());
        Path cut = tmp.resolve("mx-cut");
        assertEquals(
                0, run(classify(cut, "--engine", "MXNet", "--checkpoint-every", "4")).status());
        Files.delete(cut.resolve("checkpoints/step-0000000020").resolve(CheckpointStore.MANIFEST));
        CliTest.Outcome o =
                run(
                        classify(
                                cut,
                                "--engine",
                                "MXNet",
                                "--checkpoint-every",
                                "4",
                                "--resume",
                                cut.toString()));
        assertEquals(0, o.status(), o.err());
        assertTrue(
                o.err().lines().findFirst().orElse("").contains("at step 16 (epoch 2, step 6)"),
                o.err());
        assertEquals(
                "epoch 2, step 6", Json.readMap(cut.resolve("metrics.json")).get("resumed_from"));
        assertEquals(lossAndScore(full), lossAndScore(cut));
        assertEquals(
                Json.readMap(full.resolve("metrics.json")).get("test_accuracy"),
                Json.readMap(cut.resolve("metrics.json")).get("test_accuracy"));
    }

    /**
     * Augmentation draws from the engine's generator, which the run re-seeds from the seed and step
     * at every checkpoint: a run cut in epoch 2 (step 16 of 20) and resumed ends with the
     * uninterrupted run's history and test accuracy.
     */
    @Test
    void givenAugmentedRunCutInEpochTwo_whenResumed_thenHistoryEqualsTheUninterruptedRun()
            throws IOException {
        Path full = tmp.resolve("aug-full");
        String[] flags = {"--augment", "shift=2,rotate=10,elastic=34:4", "--checkpoint-every", "4"};
        CliTest.Outcome reference = run(classify(full, flags));
        assertEquals(0, reference.status(), reference.err());
        Path cut = tmp.resolve("aug-cut");
        assertEquals(0, run(classify(cut, flags)).status());
        Files.delete(cut.resolve("checkpoints/step-0000000020").resolve(CheckpointStore.MANIFEST));
        List<String> resume = classify(cut, flags);
        resume.addAll(List.of("--resume", cut.toString()));
        CliTest.Outcome o = run(resume);
        assertEquals(0, o.status(), o.err());
        assertEquals(
                "epoch 2, step 6", Json.readMap(cut.resolve("metrics.json")).get("resumed_from"));
        assertEquals(lossAndScore(full), lossAndScore(cut));
        assertEquals(
                Json.readMap(full.resolve("metrics.json")).get("test_accuracy"),
                Json.readMap(cut.resolve("metrics.json")).get("test_accuracy"));
    }

    /**
     * A run recorded before {@code --augment} and {@code --test-shift} existed resumes without them
     * (and with a test shift, which only adds a metric), and is refused when augmentation is turned
     * on.
     */
    @Test
    void givenRunRecordedBeforeAugmentExisted_whenResumed_thenAllowedUnlessAugmentationChanges()
            throws IOException {
        Path out = tmp.resolve("old");
        assertEquals(0, run(classify(out, "--epochs", "1")).status());
        Path cfg = out.resolve("config.json");
        Map<String, Object> old = new LinkedHashMap<>(Json.readMap(cfg));
        assertEquals("none", old.remove("augment"));
        assertEquals(0.0, ((Number) old.remove("test_shift")).doubleValue());
        Json.write(cfg, old);

        CliTest.Outcome refused =
                run(classify(out, "--epochs", "2", "--augment", "--resume", out.toString()));
        assertBadInput(refused, "augment null -> shift=2,rotate=10");

        CliTest.Outcome o =
                run(
                        classify(
                                out,
                                "--epochs",
                                "2",
                                "--test-shift",
                                "1",
                                "--resume",
                                out.toString()));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("end of epoch 1", m.get("resumed_from"));
        assertTrue(m.containsKey("test_accuracy_shift_1"), m.toString());
    }

    /** history.csv without its timing columns: epoch, train loss, validation accuracy. */
    private static List<String> lossAndScore(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("history.csv"))) {
            String[] f = line.split(",");
            rows.add(f[0] + "," + f[1] + "," + f[2]);
        }
        return rows;
    }

    @Test
    void givenOtherArchitecture_whenResumed_thenRefusedNamingTheSetting() {
        Path out = tmp.resolve("arch");
        assertEquals(0, run(classify(out)).status());
        CliTest.Outcome o =
                run(classify(out, "--arch", "lenet-classic", "--resume", out.toString()));
        assertBadInput(
                o,
                "resume "
                        + out
                        + ": the run was made with other settings (arch mlp -> lenet-classic); only ");
        assertEquals(
                "mlp",
                Json.readMap(out.resolve("config.json")).get("arch"),
                "the refused run changed nothing");
    }

    @Test
    void givenOtherTrainingData_whenResumed_thenRefusedNamingTheFingerprints() throws IOException {
        Path out = tmp.resolve("data");
        assertEquals(0, run(classify(out)).status());
        Path dir = tmp.resolve("changed");
        Files.createDirectories(dir);
        for (Path f : Files.newDirectoryStream(Fixtures.mnistSmallDir())) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        byte[] images;
        try (InputStream in =
                new GZIPInputStream(
                        Files.newInputStream(dir.resolve("train-images-idx3-ubyte.gz")))) {
            images = in.readAllBytes();
        }
        images[16 + 300] ^= (byte) 0xFF; // one pixel of the first image
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images));
        CliTest.Outcome o =
                run(classify(out, "--data-dir", dir.toString(), "--resume", out.toString()));
        assertBadInput(o, "the training data differ from the checkpoint's");
    }

    @Test
    void givenResumeProblems_whenRun_thenEachIsNamed() throws IOException {
        Path missing = tmp.resolve("nowhere");
        assertBadInput(
                run(classify(tmp.resolve("x"), "--resume", missing.toString())),
                "resume "
                        + missing
                        + ": a resumed run continues in its own directory; drop --out "
                        + tmp.resolve("x"));
        List<String> noOut = new ArrayList<>(classify(missing, "--resume", missing.toString()));
        assertBadInput(run(noOut), "resume " + missing + ": directory not found");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertBadInput(
                run(classify(empty, "--resume", empty.toString())),
                "resume " + empty + ": not a latentkit run directory (no config.json)");
        Path done = tmp.resolve("done");
        assertEquals(0, run(classify(done)).status());
        new CheckpointStore(done).clear();
        assertBadInput(
                run(classify(done, "--resume", done.toString())),
                "resume " + done + ": no complete checkpoint to resume from");
    }

    @Test
    void givenUnfinishedRun_whenStartedAgainWithoutResume_thenRefusedUnlessOverwrite()
            throws IOException {
        Path out = tmp.resolve("unfinished");
        assertEquals(0, run(classify(out)).status());
        Files.delete(out.resolve("metrics.json")); // as after a crash
        assertBadInput(
                run(classify(out)),
                "out "
                        + out
                        + ": holds checkpoints of an unfinished run; continue it with --resume "
                        + out
                        + ", or pass --overwrite to start again");
        assertEquals(0, run(classify(out, "--overwrite")).status());
    }

    @Test
    void givenDivergence_whenCheckpointing_thenStatusThreeNamesEpochStepAndTheIntactCheckpoint() {
        Path out = tmp.resolve("nan");
        CliTest.Outcome o =
                run(classify(out, "--optimizer", "sgd", "--lr", "1e30", "--checkpoint-every", "1"));
        assertEquals(3, o.status(), o.err());
        assertTrue(
                o.err().contains("training diverged: loss is NaN at epoch 1, step 2")
                        && o.err().contains("try a lower --lr"),
                o.err());
        Path last = new CheckpointStore(out).complete().get(0);
        assertTrue(o.err().contains("the last good checkpoint is " + last + ", intact"), o.err());
        assertEquals(1, CheckpointStore.read(last).globalStep()); // checksums verified
        assertEquals("diverged", Json.readMap(out.resolve("metrics.json")).get("status"));
    }

    @Test
    void givenHugeLearningRate_whenGradientsAreClipped_thenTrainingDoesNotDiverge() {
        Path out = tmp.resolve("clip");
        // SGD at lr 1e30 diverges at step 2 (above); with the global norm clipped to 1e-30 each
        // step
        // moves the weights by at most lr * 1e-30 = 1 in norm, so the loss stays finite.
        CliTest.Outcome o =
                run(
                        classify(
                                out,
                                "--optimizer",
                                "sgd",
                                "--momentum",
                                "0",
                                "--lr",
                                "1e30",
                                "--max-grad-norm",
                                "1e-30",
                                "--epochs",
                                "1"));
        assertEquals(0, o.status(), o.err());
        assertEquals(
                1e-30,
                ((Number) Json.readMap(out.resolve("config.json")).get("max_grad_norm"))
                        .doubleValue(),
                1e-36);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bytes)) {
            g.write(raw);
        }
        return bytes.toByteArray();
    }
}
