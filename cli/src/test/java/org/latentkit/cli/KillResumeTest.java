package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;
import org.latentkit.trainers.loop.Checkpoint;
import org.latentkit.trainers.loop.CheckpointStore;

/**
 * The crash scenario end to end: a real CLI run in a child JVM is killed with SIGKILL in the middle
 * of epoch 3 (detected by watching its checkpoint folder), then resumed in-process; it must end
 * with exactly the metrics and history of an uninterrupted run (timings aside), and every file
 * written before the kill must still parse. A second child is stopped with SIGINT and must exit 130
 * with a one-line hint.
 */
class KillResumeTest {

    @TempDir Path tmp;

    /**
     * LeNet on the fixture: 40 steps an epoch, a checkpoint every 13 steps (at 91, 104, 117 in
     * epoch 3).
     */
    private static List<String> args(Path out, String... extra) {
        return args(out, 4, extra);
    }

    private static List<String> args(Path out, int epochs, String... extra) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "classify",
                                "--arch",
                                "lenet-classic",
                                "--data-dir",
                                Fixtures.mnistSmallDir().toString(),
                                "--validation",
                                "500",
                                "--epochs",
                                Integer.toString(epochs),
                                "--max-batches",
                                "40",
                                "--checkpoint-every",
                                "13",
                                "--threads",
                                "1",
                                "--out",
                                out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    private Process child(List<String> cliArgs, String name) throws IOException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-Xmx1g",
                                "-Djava.awt.headless=true",
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        cmd.addAll(cliArgs);
        return new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
    }

    private static void waitFor(Path file, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.isRegularFile(file)) {
            assertTrue(p.isAlive(), "the child ended before writing " + file);
            assertTrue(System.nanoTime() < deadline, "no " + file + " after 3 minutes");
            Thread.sleep(10);
        }
    }

    private static double accuracy(Path run) {
        return ((Number) Json.readMap(run.resolve("metrics.json")).get("test_accuracy"))
                .doubleValue();
    }

    /** The metrics that must not depend on timing or on how the run got there. */
    private static Map<String, Object> withoutTimings(Map<String, Object> metrics) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(metrics);
        m.remove("train_seconds");
        m.remove("samples_per_second");
        m.remove("resumed_from");
        return m;
    }

    /** {@code history.csv} without its last two columns, {@code seconds,samples_per_second}. */
    private static List<String> historyWithoutTimings(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("history.csv"));
        assertTrue(lines.get(0).endsWith(",seconds,samples_per_second"), lines.get(0));
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1)));
        }
        return rows;
    }

    @Test
    void
            givenRunKilledInEpochThree_whenResumed_thenIdenticalMetricsAndHistoryAndEarlierFilesIntact()
                    throws Exception {
        Path full = tmp.resolve("full");
        CliTest.Outcome reference = CliTest.run(args(full).toArray(String[]::new));
        assertEquals(0, reference.status(), reference.err());

        Path killed = tmp.resolve("killed");
        Process p = child(args(killed), "killed");
        waitFor(killed.resolve("checkpoints/step-0000000091/manifest.json"), p);
        p.destroyForcibly(); // SIGKILL
        assertEquals(137, p.waitFor(), "killed by SIGKILL");

        // Everything written before the kill parses and checks out.
        assertEquals("classify", Json.readMap(killed.resolve("config.json")).get("command"));
        assertFalse(Files.exists(killed.resolve("metrics.json")), "the killed run never finished");
        List<Path> complete = new CheckpointStore(killed).complete();
        assertFalse(complete.isEmpty());
        for (Path c : complete) {
            Checkpoint m = CheckpointStore.read(c); // verifies every file's SHA-256
            assertEquals(
                    m.epochsDone(),
                    m.history().size(),
                    "one history row per finished epoch in " + c);
        }
        Checkpoint newest = CheckpointStore.read(complete.get(0));
        assertEquals(3, newest.nextEpoch(), "killed in epoch 3");
        assertTrue(newest.stepsDone() > 0, "killed in the middle of an epoch");

        CliTest.Outcome resumed =
                CliTest.run(args(killed, "--resume", killed.toString()).toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.err());
        Map<String, Object> m = Json.readMap(killed.resolve("metrics.json"));
        assertEquals("ok", m.get("status"));
        assertTrue(
                String.valueOf(m.get("resumed_from")).startsWith("epoch 3, step "), m.toString());
        assertTrue(
                resumed.err()
                        .lines()
                        .findFirst()
                        .orElse("")
                        .startsWith("resuming " + killed + " from checkpoint at step "),
                resumed.err());
        // The resume replays the same shuffles, random streams and optimiser state, so the run is
        // the uninterrupted one exactly (issue 18): every metric and every history row, timings
        // aside.
        assertEquals(withoutTimings(Json.readMap(full.resolve("metrics.json"))), withoutTimings(m));
        assertEquals(accuracy(full), accuracy(killed), 0.0);
        List<String> history = historyWithoutTimings(killed);
        assertEquals(5, history.size(), "header and 4 epochs");
        assertEquals(historyWithoutTimings(full), history);
    }

    @Test
    void givenRunningTraining_whenSigint_thenCheckpointExit130AndOneLineSayingHowToResume()
            throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        long ignored =
                status.lines()
                        .filter(l -> l.startsWith("SigIgn:"))
                        .map(l -> Long.parseLong(l.substring(7).trim(), 16))
                        .findFirst()
                        .orElse(0L);
        Assumptions.assumeTrue(
                (ignored & 2) == 0, "SIGINT is ignored in this process tree (background job)");
        Path out = tmp.resolve("int");
        Process p = child(args(out, 200), "int");
        waitFor(out.resolve("checkpoints/step-0000000040/manifest.json"), p);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child exits after SIGINT");
        assertEquals(130, p.exitValue());
        List<String> err = Files.readAllLines(tmp.resolve("int.err"));
        String last = err.get(err.size() - 1);
        assertTrue(
                last.startsWith("latentkit: interrupted at epoch ")
                        && last.endsWith("--resume " + out),
                last);
        assertEquals("interrupted", Json.readMap(out.resolve("metrics.json")).get("status"));
        CheckpointStore.read(new CheckpointStore(out).complete().get(0));

        CliTest.Outcome resumed =
                CliTest.run(args(out, 3, "--resume", out.toString()).toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals("ok", Json.readMap(out.resolve("metrics.json")).get("status"));
    }
}
