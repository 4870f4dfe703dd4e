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
}
