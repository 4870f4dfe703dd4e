package org.latentkit.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.core.InvalidInputException;

class ConfigFileTest {

    @TempDir Path tmp;

    @Test
    void givenJson_whenRead_thenKeysAreKebabCaseAndValuesText() throws IOException {
        Path f = tmp.resolve("run.json");
        Files.writeString(
                f,
                "{\"engine\": \"MXNet\", \"batchSize\": 64, \"learning_rate\": 0.5, \"sizes\": [1, 2]}");
        assertEquals(
                Map.of(
                        "engine",
                        "MXNet",
                        "batch-size",
                        "64",
                        "learning-rate",
                        "0.5",
                        "sizes",
                        "1,2"),
                ConfigFile.read(f));
    }

    @Test
    void givenProperties_whenRead_thenSameKeys() throws IOException {
        Path f = tmp.resolve("run.properties");
        Files.writeString(f, "epochs = 3\nbatch-size=16\n");
        assertEquals(Map.of("epochs", "3", "batch-size", "16"), ConfigFile.read(f));
    }

    @Test
    void givenMalformedJson_whenRead_thenFileIsNamed() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"epochs\": ");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ConfigFile.read(f));
        assertTrue(e.getMessage().startsWith("config " + f + ": malformed JSON"), e.getMessage());
    }

    @Test
    void givenNestedObject_whenRead_thenWrongTypeIsNamed() throws IOException {
        Path f = tmp.resolve("nested.json");
        Files.writeString(f, "{\"epochs\": {\"n\": 3}}");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ConfigFile.read(f));
        assertEquals(
                "config " + f + ": key 'epochs' must be a number, string or boolean",
                e.getMessage());
    }

    @Test
    void givenMissingFile_whenRead_thenRefused() {
        Path f = tmp.resolve("none.json");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ConfigFile.read(f));
        assertEquals("config " + f + ": not a readable file", e.getMessage());
    }

    @Test
    void givenBadRunValues_whenConstructed_thenTheBadValueIsNamed() {
        InvalidInputException e =
                assertThrows(
                        InvalidInputException.class,
                        () -> new RunConfig("PyTorch", "cpu", 1, 1, 0, 10, null, tmp));
        assertEquals("batch-size: must be a positive number, got 0", e.getMessage());
        InvalidInputException d =
                assertThrows(InvalidInputException.class, () -> DeviceSpec.parse("tpu"));
        assertEquals(
                "device: unknown device 'tpu' (valid: cpu, gpu, gpuN such as gpu1)",
                d.getMessage());
        assertEquals(new DeviceSpec(true, 2), DeviceSpec.parse("gpu2"));
    }
}
