package org.latentkit.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.latentkit.core.InvalidInputException;

/** {@link RunConfig#builder()}: defaults from one place, required values named when missing. */
class RunConfigBuilderTest {

    private static final Path OUT = Path.of("runs", "x");

    @Test
    void givenOnlyRequiredValuesWhenBuiltThenDefaultsFillTheRest() {
        RunConfig c =
                RunConfig.builder()
                        .optEngine("MXNet")
                        .setBatchSize(32)
                        .setEpochs(10)
                        .setOutDir(OUT)
                        .build();
        assertEquals(
                new RunConfig(
                        "MXNet",
                        RunConfig.DEFAULT_DEVICE,
                        RunConfig.DEFAULT_SEED,
                        RunConfig.DEFAULT_THREADS,
                        32,
                        10,
                        null,
                        OUT),
                c);
        assertEquals("cpu", c.device());
        assertEquals(42, c.seed());
        assertEquals(1, c.threads());
        assertEquals(
                RunConfig.resolveEngine(null),
                RunConfig.builder().setBatchSize(1).setEpochs(1).setOutDir(OUT).build().engine());
    }

    @Test
    void givenMissingOrBadValueWhenBuiltThenOneLineNamesIt() {
        assertEquals(
                "batch-size: is required, none given",
                assertThrows(
                                InvalidInputException.class,
                                () -> RunConfig.builder().setEpochs(1).setOutDir(OUT).build())
                        .getMessage());
        assertEquals(
                "epochs: must be a positive number, got 0",
                assertThrows(
                                InvalidInputException.class,
                                () ->
                                        RunConfig.builder()
                                                .setBatchSize(1)
                                                .setEpochs(0)
                                                .setOutDir(OUT)
                                                .build())
                        .getMessage());
        assertEquals(
                "out: an output directory is required",
                assertThrows(
                                InvalidInputException.class,
                                () -> RunConfig.builder().setBatchSize(1).setEpochs(1).build())
                        .getMessage());
    }
}
