package org.latentkit.api.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.core.InvalidInputException;

class RunDirectoryTest {

    @TempDir Path tmp;

    @Test
    void givenDirectoryOfAnotherRun_whenCreated_thenRefusedUnlessOverwrite() {
        Path dir = tmp.resolve("run");
        RunDirectory.create(dir, Map.of("arch", "mlp", "epochs", 3), false);
        // The same configuration again is the same run: allowed.
        RunDirectory.create(dir, Map.of("arch", "mlp", "epochs", 3), false);
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () ->
                                RunDirectory.create(
                                        dir, Map.of("arch", "convnet", "epochs", 3), false));
        assertEquals(
                "out "
                        + dir
                        + ": holds a different run (its config.json differs); choose another --out"
                        + " or pass --overwrite",
                e.getMessage());
        RunDirectory.create(dir, Map.of("arch", "convnet", "epochs", 3), true);
        assertEquals("convnet", Json.readMap(dir.resolve("config.json")).get("arch"));
    }

    @Test
    void givenFailingWriter_whenWrittenAtomically_thenOldContentSurvivesAndNoTempFileRemains()
            throws IOException {
        Path f = tmp.resolve("metrics.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(
                RuntimeException.class,
                () ->
                        AtomicFiles.write(
                                f,
                                out -> {
                                    out.write("half".getBytes());
                                    throw new IOException("disk full");
                                }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void givenFileWhereDirectoryExpected_whenCreated_thenRefused() throws IOException {
        Path f = tmp.resolve("plain");
        Files.writeString(f, "x");
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class, () -> RunDirectory.create(f, Map.of(), false));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }
}
