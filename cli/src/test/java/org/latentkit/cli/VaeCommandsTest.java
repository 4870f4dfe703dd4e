package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;

/** {@code vae}, {@code moe} and {@code generate} end to end on the fixture, in seconds. */
class VaeCommandsTest {

    private static int run(StringWriter err, String... args) {
        return Main.execute(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void givenFixtureWhenVaeThenTestElboAndFiguresAndGenerateReloadsIt(@TempDir Path tmp)
            throws Exception {
        String data = Fixtures.mnistSmallDir().toString();
        StringWriter err = new StringWriter();
        Path vae = tmp.resolve("vae");
        assertEquals(
                0,
                run(
                        err,
                        "vae",
                        "--latent",
                        "2",
                        "--layers",
                        "64",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "100",
                        "--beta-schedule",
                        "cyclical",
                        "--cycles",
                        "2",
                        "--data-dir",
                        data,
                        "--out",
                        vae.toString()),
                err.toString());
        Map<String, Object> m = Json.readMap(vae.resolve("metrics.json"));
        assertEquals("ok", m.get("status"));
        double elbo = ((Number) m.get("test_elbo")).doubleValue();
        // 784 · ln 2 ≈ 543 nats for an untrained decoder; one epoch on 2,000 images gets below it.
        assertTrue(elbo > 50 && elbo < 543, "test_elbo " + elbo);
        for (String f :
                new String[] {
                    "reconstructions.png",
                    "samples.png",
                    "latent_scatter.png",
                    "manifold.png",
                    "model/model.json"
                }) {
            assertTrue(Files.isRegularFile(vae.resolve(f)), f);
        }
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        assertEquals(
                0,
                run(
                        err,
                        "generate",
                        "--model",
                        vae.toString(),
                        "--count",
                        "5",
                        "--out",
                        a.toString()),
                err.toString());
        assertEquals(
                0,
                run(
                        err,
                        "generate",
                        "--model",
                        vae.toString(),
                        "--count",
                        "5",
                        "--out",
                        b.toString()),
                err.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same grid");
        Path r = tmp.resolve("r.png");
        assertEquals(
                0,
                run(
                        err,
                        "generate",
                        "--model",
                        vae.toString(),
                        "--model",
                        vae.toString(),
                        "--reconstruct",
                        "--data-dir",
                        data,
                        "--out",
                        r.toString()),
                err.toString());
        assertTrue(Files.isRegularFile(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PyTorch", "MXNet"})
    void givenFixtureWhenMoeThenClusterMetricsUsageAndGenerationGrid(
            String engine, @TempDir Path tmp) {
        String data = Fixtures.mnistSmallDir().toString();
        StringWriter err = new StringWriter();
        Path moe = tmp.resolve("moe");
        assertEquals(
                0,
                run(
                        err,
                        "moe",
                        "--recipe",
                        "original",
                        "--engine",
                        engine,
                        "--experts",
                        "3",
                        "--layers",
                        "32",
                        "--manager-layers",
                        "16",
                        "--epochs",
                        "2",
                        "--max-batches",
                        "4",
                        "--validation",
                        "0",
                        "--data-dir",
                        data,
                        "--out",
                        moe.toString()),
                err.toString());
        Map<String, Object> m = Json.readMap(moe.resolve("metrics.json"));
        for (String k : new String[] {"test_elbo", "cluster_accuracy", "nmi", "expert_usage"}) {
            assertTrue(m.containsKey(k), k);
        }
        assertEquals(2, ((List<?>) m.get("expert_usage")).size());
        for (String f :
                new String[] {
                    "generation.png",
                    "confusion.png",
                    "expert_usage.png",
                    "assignments_tsne.png",
                    "history.csv"
                }) {
            assertTrue(Files.isRegularFile(moe.resolve(f)), f);
        }
        Path g = tmp.resolve("g.png");
        assertEquals(
                0,
                run(
                        err,
                        "generate",
                        "--engine",
                        engine,
                        "--model",
                        moe.toString(),
                        "--out",
                        g.toString()),
                err.toString());
        assertTrue(Files.isRegularFile(g));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vae", "moe"})
    void givenHelpWhenVaeOrMoeThenSharedModelFlagsShowTheCommandsOwnDefaults(String command) {
        StringWriter out = new StringWriter();
        assertEquals(
                0,
                Main.execute(
                        new PrintWriter(out, true),
                        new PrintWriter(new StringWriter(), true),
                        command,
                        "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        boolean vae = command.equals("vae");
        for (String flag :
                new String[] {
                    "--latent=N",
                    "--layers=N,N,...",
                    "--activation=NAME",
                    "--likelihood=NAME",
                    "--sigma=X",
                    "--beta=X",
                    "--beta-schedule=NAME",
                    "--warmup-epochs=X",
                    "--cycles=M",
                    "--ratio=R",
                    "--[no-]figures"
                }) {
            assertTrue(help.contains(flag), flag + " in " + help);
        }
        assertTrue(
                help.contains("of each expert in moe (default: " + (vae ? "20" : "10") + ")"),
                help);
        assertTrue(help.contains("mirrors them (default: " + (vae ? "400" : "128") + ")"), help);
        assertTrue(
                help.contains("Hidden activation (default: " + (vae ? "relu" : "sigmoid") + ")"),
                help);
        assertTrue(
                help.contains("(fixed sigma) (default: " + (vae ? "bernoulli" : "gaussian") + ")"),
                help);
        assertTrue(help.contains("KL weight, the top of the schedule (default: 1)"), help);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--beta-schedule, beta-schedule", "--lr-schedule, lr-schedule"})
    void givenUnknownScheduleWhenVaeThenExitTwoWithOneLine(
            String flag, String option, @TempDir Path tmp) {
        StringWriter err = new StringWriter();
        assertEquals(
                2,
                run(
                        err,
                        "vae",
                        flag,
                        "wobbly",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        tmp.resolve("x").toString()));
        assertTrue(err.toString().contains(option + ": unknown schedule 'wobbly'"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void givenCosineLrScheduleWhenVaeThenRecordedAndTrains(@TempDir Path tmp) throws Exception {
        Path vae = trainSmallVae(tmp, "--lr-schedule", "cosine");
        assertEquals("cosine", Json.readMap(vae.resolve("config.json")).get("lr_schedule"));
    }

    @Test
    void givenTwoTrainingSamplesWhenVaeThenRecordedAndTrains(@TempDir Path tmp) throws Exception {
        Path vae = trainSmallVae(tmp, "--train-samples", "2");
        assertEquals(
                2,
                ((Number) Json.readMap(vae.resolve("config.json")).get("train_samples"))
                        .intValue());
    }

    /**
     * Trains a 784-64-2 VAE for 3 epochs on the fixture with the given extra flags, and checks that
     * it learns: a test −ELBO under 543 nats.
     *
     * @return the run directory
     */
    private static Path trainSmallVae(Path tmp, String... flags) throws Exception {
        StringWriter err = new StringWriter();
        Path vae = tmp.resolve("vae");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "vae",
                                "--latent",
                                "2",
                                "--layers",
                                "64",
                                "--epochs",
                                "3",
                                "--batch-size",
                                "100",
                                "--lr",
                                "0.003",
                                "--no-figures"));
        args.addAll(List.of(flags));
        args.addAll(
                List.of(
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        vae.toString()));
        assertEquals(0, run(err, args.toArray(String[]::new)), err.toString());
        double elbo =
                ((Number) Json.readMap(vae.resolve("metrics.json")).get("test_elbo")).doubleValue();
        assertTrue(elbo < 543, "test_elbo " + elbo);
        return vae;
    }

    @Test
    void givenAutoencoderModelWhenGenerateThenExitTwoNamingTheArchitecture(@TempDir Path tmp) {
        String data = Fixtures.mnistSmallDir().toString();
        StringWriter err = new StringWriter();
        Path ae = tmp.resolve("ae");
        assertEquals(
                0,
                run(
                        err,
                        "autoencode",
                        "--layers",
                        "16,4",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "2",
                        "--batch-size",
                        "100",
                        "--validation",
                        "0",
                        "--no-figures",
                        "--data-dir",
                        data,
                        "--out",
                        ae.toString()),
                err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(
                2,
                run(
                        err2,
                        "generate",
                        "--model",
                        ae.toString(),
                        "--out",
                        tmp.resolve("g.png").toString()));
        assertTrue(err2.toString().contains("dense-autoencoder"), err2.toString());
    }

    private static Map<String, Object> vaeRun(Path out, String... extra) {
        StringWriter err = new StringWriter();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "vae",
                                "--latent",
                                "2",
                                "--layers",
                                "64",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "100",
                                "--no-figures",
                                "--data-dir",
                                Fixtures.mnistSmallDir().toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(extra));
        assertEquals(0, run(err, args.toArray(String[]::new)), err.toString());
        return Json.readMap(out.resolve("metrics.json"));
    }

    /**
     * {@code --evaluate iw} (issue 17): the importance-weighted bound sits beside the −ELBO and is
     * tighter; {@code --binarize dynamic} trains and tests on binarised digits, the same seed
     * giving the same numbers to the last digit.
     */
    @Test
    void givenIwEvaluationAndDynamicBinarisationWhenVaeThenTighterBoundAndReproducible(
            @TempDir Path tmp) throws Exception {
        Map<String, Object> grey =
                vaeRun(tmp.resolve("grey"), "--evaluate", "iw", "--samples", "20");
        double elbo = ((Number) grey.get("test_elbo")).doubleValue();
        double iw = ((Number) grey.get("test_iw_bound")).doubleValue();
        assertEquals(20, ((Number) grey.get("iw_samples")).intValue());
        assertEquals("none", grey.get("binarize"));
        assertTrue(iw < elbo && iw > 50, "-IW " + iw + " vs -ELBO " + elbo);
        Map<String, Object> config = Json.readMap(tmp.resolve("grey/config.json"));
        assertEquals("iw", config.get("evaluate"));
        assertEquals(20, ((Number) config.get("iw_samples")).intValue());

        Map<String, Object> a =
                vaeRun(
                        tmp.resolve("a"),
                        "--binarize",
                        "dynamic",
                        "--evaluate",
                        "iw",
                        "--samples",
                        "20");
        Map<String, Object> b =
                vaeRun(
                        tmp.resolve("b"),
                        "--binarize",
                        "dynamic",
                        "--evaluate",
                        "iw",
                        "--samples",
                        "20");
        assertEquals("dynamic", a.get("binarize"));
        assertEquals("dynamic", Json.readMap(tmp.resolve("a/config.json")).get("binarize"));
        assertEquals(a.get("test_elbo"), b.get("test_elbo"));
        assertEquals(a.get("test_iw_bound"), b.get("test_iw_bound"));
        assertEquals(a.get("final_train_loss"), b.get("final_train_loss"));
        assertTrue(
                !a.get("test_elbo").equals(grey.get("test_elbo")),
                "binarised digits score differently from grey ones");
        double aIw = ((Number) a.get("test_iw_bound")).doubleValue();
        assertTrue(aIw < ((Number) a.get("test_elbo")).doubleValue(), a.toString());

        Map<String, Object> elboOnly = vaeRun(tmp.resolve("e"));
        assertTrue(!elboOnly.containsKey("test_iw_bound"), "elbo stays the default");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "--evaluate=exact | evaluate: unknown evaluation 'exact' (valid: elbo, iw)",
                "--binarize=static | binarize: unknown binarization 'static'",
                "--evaluate=iw --samples=0 | samples: must be a positive number, got 0",
                "--train-samples=0 | train-samples: must be a positive number, got 0"
            })
    void givenBadEvaluationOrBinarisationWhenVaeThenExitTwoWithOneLine(
            String flag, String message, @TempDir Path tmp) {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("vae"));
        args.addAll(List.of(flag.split(" ")));
        args.addAll(
                List.of(
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        tmp.resolve("x").toString()));
        assertEquals(2, run(err, args.toArray(String[]::new)));
        assertTrue(err.toString().contains(message), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    /**
     * The test-set evaluation may change when a run resumes (it plays no part in training); the
     * binarisation may not.
     */
    @Test
    void givenFinishedVaeWhenResumedWithIwEvaluationThenAllowedButNotWithBinarisation(
            @TempDir Path tmp) {
        Path out = tmp.resolve("v");
        List<String> base = smallVae(out);
        StringWriter err = new StringWriter();
        List<String> first = new ArrayList<>(base);
        first.addAll(List.of("--epochs", "1"));
        assertEquals(0, run(err, first.toArray(String[]::new)), err.toString());

        List<String> binarised = new ArrayList<>(base);
        binarised.addAll(
                List.of("--epochs", "2", "--binarize", "dynamic", "--resume", out.toString()));
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, binarised.toArray(String[]::new)));
        assertTrue(refused.toString().contains("binarize none -> dynamic"), refused.toString());

        List<String> iw = new ArrayList<>(base);
        iw.addAll(
                List.of(
                        "--epochs",
                        "2",
                        "--evaluate",
                        "iw",
                        "--samples",
                        "5",
                        "--resume",
                        out.toString()));
        StringWriter resumed = new StringWriter();
        assertEquals(0, run(resumed, iw.toArray(String[]::new)), resumed.toString());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals(2, ((Number) m.get("epochs_run")).intValue());
        assertEquals(5, ((Number) m.get("iw_samples")).intValue());
        assertTrue(
                ((Number) m.get("test_iw_bound")).doubleValue()
                        < ((Number) m.get("test_elbo")).doubleValue(),
                m.toString());
    }

    /**
     * A run recorded before {@code --binarize} and {@code --lr-schedule} existed resumes when they
     * keep the values every run had then, and is refused when they change.
     */
    @Test
    void givenRunRecordedBeforeBinarizeExistedWhenResumedAtTheDefaultThenAllowed(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("old");
        List<String> base = smallVae(out);
        StringWriter err = new StringWriter();
        List<String> first = new ArrayList<>(base);
        first.addAll(List.of("--epochs", "1"));
        assertEquals(0, run(err, first.toArray(String[]::new)), err.toString());
        Path cfg = out.resolve("config.json");
        Map<String, Object> old = new LinkedHashMap<>(Json.readMap(cfg));
        old.remove("binarize");
        old.remove("lr_schedule");
        Json.write(cfg, old);

        List<String> changed = new ArrayList<>(base);
        changed.addAll(List.of("--binarize", "dynamic", "--resume", out.toString()));
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, changed.toArray(String[]::new)));
        assertTrue(refused.toString().contains("binarize null -> dynamic"), refused.toString());

        List<String> same = new ArrayList<>(base);
        same.addAll(List.of("--epochs", "2", "--evaluate", "iw", "--resume", out.toString()));
        StringWriter resumed = new StringWriter();
        assertEquals(0, run(resumed, same.toArray(String[]::new)), resumed.toString());
        assertEquals(
                2,
                ((Number) Json.readMap(out.resolve("metrics.json")).get("epochs_run")).intValue());
    }

    /** A 2-d VAE of 32 hidden units on the fixture, 3 batches an epoch, no figures. */
    private static List<String> smallVae(Path out) {
        return List.of(
                "vae",
                "--latent",
                "2",
                "--layers",
                "32",
                "--batch-size",
                "100",
                "--max-batches",
                "3",
                "--no-figures",
                "--data-dir",
                Fixtures.mnistSmallDir().toString(),
                "--out",
                out.toString());
    }
}
