package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of native allocator ({@code LATENTKIT_MALLOC}) and of oneMKL's vendor check
 * ({@code LATENTKIT_MKL_VENDOR}): both are resolved before the launcher builds anything, so a bad
 * value fails at once, and both libraries are preloaded into the CLI's JVM only.
 */
class LauncherAllocatorTest {

    private static final Path LAUNCHER = Path.of("..", "latentkit");

    @Test
    void givenAMissingAllocatorLibrary_whenLaunched_thenOneLineNamingItAndExitTwo(@TempDir Path tmp)
            throws Exception {
        Path missing = tmp.resolve("no-such-malloc.so");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb =
                new ProcessBuilder("bash", LAUNCHER.toString(), "--version")
                        .redirectError(err.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LATENTKIT_MALLOC", missing.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not exit");
        assertEquals(2, p.exitValue());
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertEquals(
                List.of(
                        "latentkit: LATENTKIT_MALLOC: no readable library at "
                                + missing
                                + " (or use glibc)"),
                lines);
    }

    @Test
    void givenABadMklVendorSetting_whenLaunched_thenOneLineNamingItAndExitTwo(@TempDir Path tmp)
            throws Exception {
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb =
                new ProcessBuilder("bash", LAUNCHER.toString(), "--version")
                        .redirectError(err.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LATENTKIT_MKL_VENDOR", "intel");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not exit");
        assertEquals(2, p.exitValue());
        assertEquals(
                List.of("latentkit: LATENTKIT_MKL_VENDOR: expected auto or keep, got 'intel'"),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    @Test
    void givenTheLauncher_thenThePreloadReachesOnlyTheCliJvmAndItsNameIsRecorded()
            throws Exception {
        String script = Files.readString(LAUNCHER);
        int preload = script.indexOf("export LD_PRELOAD=");
        int build = script.indexOf("mvn -B -q -DskipTests");
        int exec = script.indexOf("exec java");
        assertTrue(preload > build && preload < exec, "LD_PRELOAD must be set after the build");
        assertTrue(
                script.contains("-Dlatentkit.malloc="),
                "the launcher must pass the allocator to Provenance (latentkit.malloc)");
        int shim = script.indexOf("LD_PRELOAD=\"${LD_PRELOAD:+$LD_PRELOAD:}$shim\"");
        assertTrue(shim > build && shim < exec, "the MKL shim must be preloaded after the build");
        assertTrue(
                script.contains("-Dlatentkit.mkl.vendor.check=\"$mkl_check\""),
                "the launcher must pass the vendor check's state to Provenance");
        assertTrue(new File(LAUNCHER.toString()).canExecute());
    }
}
