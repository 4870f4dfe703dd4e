package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;
import org.latentkit.trainers.loop.CheckpointStore;
import org.latentkit.trainers.semisup.FixMatch;

/** The semi-supervised pipeline against the pixels baseline at equal labels, on the fixture. */
class SemisupCommandTest {

    @Test
    void givenFixture_whenConvAePretrainedAndFineTunedOn600Labels_thenItLearnsAndReloads(
            @TempDir Path tmp) {
        // 1,700 unlabelled images pretrain the conv autoencoder for 5 epochs; 600 class-balanced
        // labels then train the classifier with the encoder fine-tuned, and the FC 784-100-10 on
        // the same 600 pixels is the baseline. On the 500 test images this gave 89.0% against
        // 85.0% on one CPU and 86.6% against 85.0% on another (an AVX-512 EPYC; 87.0% with 10
        // pretraining epochs, 81.8% against 80.8% with 300 labels, 69.4% against 73.6% with 100):
        // 1,700 images are too few for pretraining to beat pixels by a margin above the test set's
        // noise. So this test asserts that the pipeline learns, far above chance, and reloads;
        // FixMatch's fixture test carries the claim against pixels, and the full-data runs
        // (docs/semisup.md) carry the autoencoder's.
        Path out = tmp.resolve("semisup");
        CliTest.Outcome o =
                CliTest.run(
                        "semisup",
                        "--method",
                        "autoencoder",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--features",
                        "conv-ae",
                        "--encoder",
                        "fine-tuned",
                        "--labels",
                        "600",
                        "--label-choice",
                        "stratified",
                        "--validation",
                        "300",
                        "--pretrain-epochs",
                        "5",
                        "--pretrain-batch-size",
                        "50",
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        double features = ((Number) m.get("test_accuracy")).doubleValue();
        double pixels = ((Number) m.get("baseline_accuracy")).doubleValue();
        assertTrue(features > 0.8, "the fine-tuned conv-AE classifier learned: " + features);
        assertTrue(pixels > 0.7, "the pixels baseline itself learned: " + pixels);

        // The head is saved (feature-classifier on the conv AE's encoder, standardised) and
        // reloads through its block factory at the same test accuracy.
        CliTest.Outcome e =
                CliTest.run(
                        "eval",
                        "--model",
                        out.resolve("head").toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(
                e.out()
                        .startsWith(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "test accuracy %.2f%% (feature-classifier",
                                        100 * features)),
                e.out());
    }

    /** A fixmatch run on the fixture: 1,700 unlabelled, 300 validation, 100 stratified labels. */
    private static List<String> fixmatch(Path out, String... extra) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "semisup",
                                "--method",
                                "fixmatch",
                                "--data-dir",
                                Fixtures.mnistSmallDir().toString(),
                                "--labels",
                                "100",
                                "--label-choice",
                                "stratified",
                                "--validation",
                                "300",
                                "--out",
                                out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    private static CliTest.Outcome run(List<String> args) {
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void givenFixture_whenFixMatchOn100StratifiedLabels_thenItBeatsPixelsBySixPoints(
            @TempDir Path tmp) {
        // FixMatch with the defaults (lenet-deep, μ = 3, τ = 0.95, Adam 1e-3 with cosine decay)
        // but B_l = 32, for 6 epochs of 17 steps (32 labelled + 96 unlabelled images each) over
        // the 1,700 unlabelled images, against the FC 784-100-10 trained on the same 100 pixels.
        // Measured while writing this test (seed 42): 85.8% against 73.6% on the 500 test images
        // (validation 91.3%, best epoch 4, mask rate 0.35). With the default B_l = 64 the fixture
        // gives only 8 steps an epoch and 6 epochs reach 79.6%. The stated margin is 6 points,
        // half the measured gap.
        Path out = tmp.resolve("fixmatch");
        CliTest.Outcome o = run(fixmatch(out, "--epochs", "6", "--batch-size", "32"));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        double fixmatch = ((Number) m.get("test_accuracy")).doubleValue();
        double pixels = ((Number) m.get("baseline_accuracy")).doubleValue();
        assertTrue(fixmatch >= pixels + 0.06, "fixmatch " + fixmatch + " vs pixels " + pixels);
        assertTrue(pixels > 0.5, "the pixels baseline itself learned: " + pixels);
        assertEquals("fixmatch", m.get("method"));
        assertEquals(100.0, ((Number) m.get("labels")).doubleValue());
        double mask = ((Number) m.get("mask_rate")).doubleValue();
        assertTrue(mask > 0 && mask <= 1, "mask rate " + mask);
        Map<String, Object> c = Json.readMap(out.resolve("config.json"));
        assertEquals("fixmatch", c.get("method"));
        assertEquals("lenet-deep", c.get("arch"));
        assertEquals(0.95, ((Number) c.get("threshold")).doubleValue(), 1e-6);
        assertEquals(3.0, ((Number) c.get("unlabelled_ratio")).doubleValue());
        assertEquals(32.0, ((Number) c.get("batch_size")).doubleValue());

        // The saved model is the plain lenet-deep classifier: eval reloads it at the same accuracy.
        CliTest.Outcome e =
                CliTest.run(
                        "eval",
                        "--model",
                        out.resolve("model").toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(
                e.out()
                        .startsWith(
                                String.format(
                                        Locale.ROOT,
                                        "test accuracy %.2f%% (lenet-deep",
                                        100 * fixmatch)),
                e.out());
    }

    /**
     * The labelled stream is a function of (seed, epoch, step) and the augmentations draw from the
     * engine's generator, which the loop re-seeds at checkpoints: a fixmatch run cut in epoch 2 and
     * resumed ends with the uninterrupted run's history and test accuracy.
     */
    @Test
    void givenFixMatchRunCutInEpochTwo_whenResumed_thenHistoryEqualsTheUninterruptedRun(
            @TempDir Path tmp) throws IOException {
        String[] flags = {
            "--arch", "lenet-classic",
            "--batch-size", "16",
            "--unlabelled-ratio", "2",
            "--epochs", "2",
            "--max-batches", "4",
            "--checkpoint-every", "2"
        };
        Path full = tmp.resolve("full");
        CliTest.Outcome reference = run(fixmatch(full, flags));
        assertEquals(0, reference.status(), reference.err());
        Path cut = tmp.resolve("cut");
        assertEquals(0, run(fixmatch(cut, flags)).status());
        Files.delete(cut.resolve("checkpoints/step-0000000008").resolve(CheckpointStore.MANIFEST));
        List<String> resume = fixmatch(cut, flags);
        resume.addAll(List.of("--resume", cut.toString()));
        CliTest.Outcome o = run(resume);
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(cut.resolve("metrics.json"));
        assertEquals("epoch 2, step 2", m.get("resumed_from"));
        assertEquals(lossAndScore(full), lossAndScore(cut));
        Map<String, Object> f = Json.readMap(full.resolve("metrics.json"));
        assertEquals(f.get("test_accuracy"), m.get("test_accuracy"));
        assertEquals(f.get("mask_rate"), m.get("mask_rate"));
    }

    @Test
    void givenMxnet_whenFixMatchRunsTwoSteps_thenItFinishesWithAllMetrics(@TempDir Path tmp) {
        Path out = tmp.resolve("mxnet");
        CliTest.Outcome o =
                run(
                        fixmatch(
                                out,
                                "--engine",
                                "MXNet",
                                "--arch",
                                "lenet-classic",
                                "--batch-size",
                                "16",
                                "--epochs",
                                "1",
                                "--max-batches",
                                "2"));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("MXNet", m.get("engine"));
        for (String k : List.of("test_accuracy", "baseline_accuracy", "mask_rate", "seconds")) {
            assertTrue(m.get(k) instanceof Number, k + " in " + m);
        }
    }

    private static List<String> lossAndScore(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("history.csv"))) {
            String[] f = line.split(",");
            rows.add(f[0] + "," + f[1] + "," + f[2]);
        }
        return rows;
    }

    @Test
    void givenAutoencoderMethod_whenResumeAsked_thenRefusedInOneLine(@TempDir Path tmp) {
        CliTest.Outcome o =
                CliTest.run(
                        "semisup",
                        "--method",
                        "autoencoder",
                        "--features",
                        "pixels",
                        "--resume",
                        tmp.toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(2, o.status(), o.err());
        assertTrue(
                o.err().contains("resume: semisup checkpoints only with --method fixmatch"),
                o.err());
    }

    @Test
    void givenFixMatchCurve_whenRun_thenOneTableHasFixMatchAndPixelsAtEachN(@TempDir Path tmp)
            throws Exception {
        // Two points of one epoch each (6 steps of 32 + 96 images) on the fixture; the point at
        // N = --labels is the headline run itself, so the two must agree exactly.
        Path out = tmp.resolve("curve");
        CliTest.Outcome o =
                run(
                        fixmatch(
                                out,
                                "--epochs",
                                "1",
                                "--batch-size",
                                "32",
                                "--max-batches",
                                "6",
                                "--features",
                                "pixels",
                                "--curve",
                                "50,100"));
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        List<String> csv = Files.readAllLines(out.resolve("labels_curve.csv"));
        assertEquals(
                List.of("labels", "fixmatch_accuracy", "pixels_accuracy"),
                List.of(csv.get(0).split(",")));
        assertEquals(3, csv.size(), csv.toString());
        String[] at100 = csv.get(2).split(",");
        assertEquals("100", at100[0]);
        assertEquals(
                ((Number) m.get("test_accuracy")).doubleValue(),
                Double.parseDouble(at100[1]),
                5e-5);
        assertEquals(
                ((Number) m.get("baseline_accuracy")).doubleValue(),
                Double.parseDouble(at100[2]),
                5e-5);
        assertTrue(Files.size(out.resolve("labels_curve.png")) > 1000);
        assertTrue(
                Files.readString(out.resolve("labels_curve.md"))
                        .startsWith("| labels | fixmatch | pixels |"));
        Map<?, ?> curve = (Map<?, ?>) m.get("labels_curve");
        assertEquals(java.util.Set.of("50", "100"), curve.keySet());
    }

    @Test
    void givenFixMatch_whenPretrainedWithoutCurveOrCurveResumed_thenRefusedInOneLine(
            @TempDir Path tmp) {
        CliTest.Outcome pre = run(fixmatch(tmp.resolve("a"), "--pretrained", tmp.toString()));
        assertEquals(2, pre.status(), pre.err());
        assertTrue(
                pre.err().contains("pretrained: --method fixmatch uses it only for a --curve"),
                pre.err());
        CliTest.Outcome res =
                run(fixmatch(tmp.resolve("b"), "--curve", "50,100", "--resume", tmp.toString()));
        assertEquals(2, res.status(), res.err());
        assertTrue(res.err().contains("resume: a --curve run cannot be resumed"), res.err());
    }

    @Test
    void givenNoMethod_thenFixMatchOnStratifiedLabelsIsTheDefault() {
        SemisupCommand c = new SemisupCommand();
        new picocli.CommandLine(c).parseArgs();
        assertEquals("fixmatch", c.method);
        assertEquals("stratified", c.labelChoice);
    }

    @Test
    void givenFixMatchDefaults_thenTheHelpTextStatesThem() {
        FixMatch.Options d = FixMatch.Options.defaults();
        assertEquals(SemisupCommand.FIXMATCH_EPOCHS, Integer.toString(d.epochs()));
        assertEquals(SemisupCommand.FIXMATCH_BATCH, Integer.toString(d.labelledBatch()));
        assertEquals(SemisupCommand.FIXMATCH_LR, Float.toString(d.learningRate()));
        assertEquals(SemisupCommand.FIXMATCH_PATIENCE, Integer.toString(d.patience()));
    }
}
