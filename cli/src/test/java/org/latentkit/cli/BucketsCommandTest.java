package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;

class BucketsCommandTest {

    private static int run(StringWriter err, String... args) {
        return Main.execute(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void givenFixture_whenBucketsRun_thenMetricsAndFiguresWritten(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("run");
        StringWriter err = new StringWriter();
        int code =
                run(
                        err,
                        "buckets",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--bits",
                        "4",
                        "--hidden",
                        "32",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "5",
                        "--out",
                        out.toString());
        assertEquals(0, code, err.toString());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("ok", m.get("status"));
        for (String key :
                List.of(
                        "bucket_accuracy",
                        "buckets_used",
                        "bucket_entropy",
                        "bit_balance",
                        "mean_abs_bit_correlation",
                        "nmi",
                        "cluster_accuracy",
                        "baseline_bucket_accuracy")) {
            assertTrue(m.containsKey(key), key);
        }
        double acc = ((Number) m.get("bucket_accuracy")).doubleValue();
        assertTrue(acc > 0 && acc <= 1, "bucket accuracy " + acc);
        assertEquals(4, ((List<?>) m.get("bit_balance")).size());
        for (String f :
                List.of(
                        "buckets.png",
                        "bucket_classes.png",
                        "bit_correlation.png",
                        "buckets.csv",
                        "history.csv",
                        "config.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    @Test
    void givenNegativeWeight_whenBucketsRun_thenExitTwoNamingTheWeight(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        int code =
                run(
                        err,
                        "buckets",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--weights",
                        "cov=-0.5",
                        "--out",
                        tmp.resolve("bad").toString());
        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().contains("cov"), err.toString());
    }

    @Test
    void givenTwoTrials_whenSweepRun_thenTableAndScatterWritten(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("sweep");
        StringWriter err = new StringWriter();
        int code =
                run(
                        err,
                        "buckets-sweep",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--trials",
                        "2",
                        "--min-bits",
                        "4",
                        "--max-bits",
                        "5",
                        "--hidden",
                        "16",
                        "--epochs",
                        "1",
                        "--max-batches",
                        "3",
                        "--out",
                        out.toString());
        assertEquals(0, code, err.toString());
        List<String> rows = Files.readAllLines(out.resolve("trials.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(Files.size(out.resolve("sweep.png")) > 0);
        assertTrue(Files.readString(out.resolve("trials.md")).contains("| 2 |"));
    }
}
