package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;

/** {@code latentkit bench}: records and bad input (no timings are checked). */
class BenchCommandTest {

    @TempDir Path tmp;

    @Test
    void givenUnknownExperiment_whenBenched_thenStatusTwoListingTheValidOnes() {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:resnet",
                        "--out",
                        tmp.resolve("x").toString());
        assertEquals(2, o.status());
        assertTrue(
                o.err().contains("unknown experiment 'classify:resnet'")
                        && o.err().contains("classify:lenet-classic")
                        && o.err().contains("autoencode:dense"),
                o.err());
        assertTrue(!o.err().contains("at org."), "no stack trace: " + o.err());
        assertTrue(!Files.exists(tmp.resolve("x")), "no run directory for bad input");
    }

    @Test
    void givenNoExperiment_whenBenched_thenStatusTwo() {
        CliTest.Outcome o = CliTest.run("bench", "--out", tmp.resolve("y").toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("experiment: required"), o.err());
    }

    @Test
    void givenNegativeFlushInterval_whenBenched_thenOneLineStatusTwo() {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--flush-subnormals",
                        "-1",
                        "--out",
                        tmp.resolve("f").toString());
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("latentkit: flush-subnormals: must be 0"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void givenNegativeBatches_whenBenched_thenStatusTwo() {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--batches",
                        "-3",
                        "--out",
                        tmp.resolve("z").toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("batches"), o.err());
    }

    @Test
    void givenBatchSize_whenBenched_thenStepsCarryThatManySamples() {
        Path out = tmp.resolve("bs");
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--batch-size",
                        "8",
                        "--warmup",
                        "1",
                        "--batches",
                        "3",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        Map<String, Object> b = Json.readMap(out.resolve("bench.json"));
        assertEquals(8, ((Number) b.get("batch_size")).intValue());
        assertEquals(24, ((Number) b.get("samples")).intValue()); // 3 steps x 8
        CliTest.Outcome bad =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--batch-size",
                        "0",
                        "--out",
                        tmp.resolve("bs0").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("batch-size: must be a positive number, got 0"), bad.err());
    }

    @Test
    void givenMaxBatches_whenBenched_thenStatusTwoPointingToBatches() {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--max-batches",
                        "3",
                        "--out",
                        tmp.resolve("m").toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("max-batches") && o.err().contains("--batches"), o.err());
    }

    @Test
    void givenList_whenAsked_thenEveryExperimentIsPrinted() {
        CliTest.Outcome o = CliTest.run("bench", "--list");
        assertEquals(0, o.status(), o.err());
        assertTrue(
                o.out().contains("classify:mlp") && o.out().contains("autoencode:dense"), o.out());
    }

    @Test
    void givenFixture_whenBenched_thenBenchJsonHoldsConsistentCounts() {
        Path out = tmp.resolve("bench");
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--warmup",
                        "1",
                        "--batches",
                        "3",
                        "--epochs",
                        "2",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        Map<String, Object> b = Json.readMap(out.resolve("bench.json"));
        assertEquals("classify:mlp", b.get("experiment"));
        assertEquals(6, ((Number) b.get("steps")).intValue());
        assertEquals(192, ((Number) b.get("samples")).intValue()); // 2 epochs x 3 steps x 32
        double sps = ((Number) b.get("samples_per_second")).doubleValue();
        double secs = ((Number) b.get("seconds")).doubleValue();
        assertEquals(192, sps * secs, 1e-6);
        assertEquals(1, ((Number) b.get("threads")).intValue());
        assertTrue(o.out().contains("samples/s") && o.out().contains("bench.json"), o.out());
    }

    @Test
    void givenProfile_whenBenched_thenTheTraceHoldsTheMeasuredStepsOnly() throws Exception {
        Path out = tmp.resolve("profiled");
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--warmup",
                        "2",
                        "--batches",
                        "3",
                        "--profile",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals("trace.json", Json.readMap(out.resolve("bench.json")).get("profile_trace"));
        String trace = Files.readString(out.resolve("trace.json"));
        // The MLP's two dense layers are one aten::addmm each per forward pass: 3 measured steps
        // give 6; the 2 warm-up steps are outside the recording.
        int addmm = trace.split("\"name\": \"aten::addmm\"", -1).length - 1;
        assertEquals(6, addmm, "addmm events in the trace");
    }

    @Test
    void givenProfileOnMxnet_whenBenched_thenStatusTwoNamingTheEngine() {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--experiment",
                        "classify:mlp",
                        "--profile",
                        "--engine",
                        "MXNet",
                        "--out",
                        tmp.resolve("p").toString());
        assertEquals(2, o.status());
        assertTrue(
                o.err().contains("profile: needs the PyTorch engine") && o.err().contains("MXNet"),
                o.err());
        assertTrue(!Files.exists(tmp.resolve("p")), "no run directory for bad input");
    }

    @Test
    void givenCallOverhead_whenBenched_thenBenchJsonHoldsPositiveCostsPerCall() {
        Path out = tmp.resolve("calls");
        CliTest.Outcome o = CliTest.run("bench", "--call-overhead", "200", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> c =
                (Map<String, Object>) Json.readMap(out.resolve("bench.json")).get("call_overhead");
        double fwd = ((Number) c.get("forward_us")).doubleValue();
        double bwd = ((Number) c.get("forward_backward_us")).doubleValue();
        assertTrue(fwd > 0 && Double.isFinite(fwd), "forward " + fwd);
        assertTrue(bwd > 0 && Double.isFinite(bwd), "backward " + bwd);
        assertEquals(200, ((Number) c.get("iterations")).intValue());
    }

    @Test
    void givenCallOverheadWithAnExperiment_whenBenched_thenStatusTwo() {
        CliTest.Outcome o =
                CliTest.run(
                        "bench",
                        "--call-overhead",
                        "10",
                        "--experiment",
                        "classify:mlp",
                        "--out",
                        tmp.resolve("c").toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("call-overhead: runs no experiment"), o.err());
    }
}
