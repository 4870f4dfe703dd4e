package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;

/** {@code autoencode} and {@code pca} end to end on the fixture, in seconds. */
class AutoencodeCommandTest {

    private static int run(StringWriter err, String... args) {
        return Main.execute(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void givenFixtureWhenDenseAndSparseRunsThenMetricsAndFiguresAreWrittenAndPcaComparesThem(
            @TempDir Path tmp) {
        String data = Fixtures.mnistSmallDir().toString();
        StringWriter err = new StringWriter();
        Path dense = tmp.resolve("dense");
        assertEquals(
                0,
                run(
                        err,
                        "autoencode",
                        "--kind",
                        "dense",
                        "--layers",
                        "64,16",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "100",
                        "--validation",
                        "200",
                        "--data-dir",
                        data,
                        "--out",
                        dense.toString()),
                err.toString());
        Map<String, Object> m = Json.readMap(dense.resolve("metrics.json"));
        assertEquals("ok", m.get("status"));
        double mse = ((Number) m.get("test_mse")).doubleValue();
        assertTrue(mse > 0 && mse < 0.3, "test_mse " + mse);
        assertEquals(10, ((Map<?, ?>) m.get("test_mse_by_digit")).size());
        for (String f :
                new String[] {
                    "mse_histogram.png",
                    "per_digit_boxplots.png",
                    "reconstructions.png",
                    "differences.png",
                    "model/model.json",
                    "history.csv"
                }) {
            assertTrue(Files.isRegularFile(dense.resolve(f)), f);
        }

        Path sparse = tmp.resolve("sparse");
        assertEquals(
                0,
                run(
                        err,
                        "autoencode",
                        "--kind",
                        "sparse-binary",
                        "--layers",
                        "64,32,256",
                        "--penalty",
                        "l1-squared",
                        "--lambda",
                        "0.1",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "100",
                        "--max-batches",
                        "5",
                        "--validation",
                        "200",
                        "--data-dir",
                        data,
                        "--out",
                        sparse.toString()),
                err.toString());
        Map<String, Object> s = Json.readMap(sparse.resolve("metrics.json"));
        for (String k :
                new String[] {
                    "active_bits_median", "active_bits_mean", "dead_bits", "always_on_bits"
                }) {
            assertTrue(s.containsKey(k), k);
        }
        assertTrue(Files.isRegularFile(sparse.resolve("codes_zoom.png")));

        Path pca = tmp.resolve("pca");
        assertEquals(
                0,
                run(
                        err,
                        "pca",
                        "--components",
                        "2,16",
                        "--compare",
                        dense.toString(),
                        "--data-dir",
                        data,
                        "--out",
                        pca.toString()),
                err.toString());
        assertTrue(Files.isRegularFile(pca.resolve("pca.png")));
        Map<String, Object> p = Json.readMap(pca.resolve("metrics.json"));
        assertEquals(2, ((Map<?, ?>) p.get("pca_test_mse_by_components")).size());
    }

    @Test
    void givenUnknownKindWhenAutoencodeThenExitTwoWithOneLine(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        int code =
                run(
                        err,
                        "autoencode",
                        "--kind",
                        "wide",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        tmp.resolve("x").toString());
        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().contains("kind: unknown autoencoder 'wide'"), err.toString());
    }

    @Test
    void givenEntropyPenaltyOnReluActivationWhenAutoencodeThenExitTwo(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        assertEquals(
                Main.BAD_INPUT,
                run(
                        err,
                        "autoencode",
                        "--kind",
                        "sparse-binary",
                        "--penalty",
                        "entropy",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("--code-activation sigmoid"), err.toString());
    }

    @Test
    void givenLambdaAboveOneWhenAutoencodeThenExitTwo(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        assertEquals(
                Main.BAD_INPUT,
                run(
                        err,
                        "autoencode",
                        "--kind",
                        "sparse-binary",
                        "--lambda",
                        "2",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("lambda"), err.toString());
    }

    @Test
    void givenKerasFlagsWhenDenseRunsThenConfigRecordsInitEpsilonAndSchedule(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        Path out = tmp.resolve("keras");
        assertEquals(
                0,
                run(
                        err,
                        "autoencode",
                        "--kind",
                        "dense",
                        "--layers",
                        "16",
                        "--init",
                        "glorot",
                        "--adam-epsilon",
                        "1e-7",
                        "--lr-schedule",
                        "cosine",
                        "--epochs",
                        "2",
                        "--batch-size",
                        "100",
                        "--max-batches",
                        "3",
                        "--validation",
                        "200",
                        "--no-figures",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        out.toString()),
                err.toString());
        Map<String, Object> config = Json.readMap(out.resolve("config.json"));
        assertEquals("glorot", config.get("init"));
        assertEquals("cosine", config.get("lr_schedule"));
        assertEquals(1e-7, ((Number) config.get("adam_epsilon")).doubleValue(), 1e-12);
        double mse =
                ((Number) Json.readMap(out.resolve("metrics.json")).get("test_mse")).doubleValue();
        assertTrue(mse > 0 && mse < 0.3, "test_mse " + mse);
    }

    @Test
    void givenBadInitEpsilonOrScheduleWhenAutoencodeThenExitTwoWithOneLine(@TempDir Path tmp) {
        String[][] cases = {
            {"--init", "xavier-ish", "init: unknown initialisation 'xavier-ish'"},
            {"--adam-epsilon", "0", "adam-epsilon: must be a positive number"},
            {"--adam-epsilon", "NaN", "adam-epsilon: must be a positive number"},
            {"--lr-schedule", "step", "lr-schedule: unknown schedule 'step'"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            int code =
                    run(
                            err,
                            "autoencode",
                            c[0],
                            c[1],
                            "--data-dir",
                            Fixtures.mnistSmallDir().toString(),
                            "--out",
                            tmp.resolve("x").toString());
            assertEquals(Main.BAD_INPUT, code, err.toString());
            assertTrue(err.toString().contains(c[2]), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
        StringWriter err = new StringWriter();
        assertEquals(
                Main.BAD_INPUT,
                run(
                        err,
                        "autoencode",
                        "--optimizer",
                        "sgd",
                        "--adam-epsilon",
                        "1e-7",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        tmp.resolve("y").toString()));
        assertTrue(err.toString().contains("applies to --optimizer adam only"), err.toString());
    }
}
