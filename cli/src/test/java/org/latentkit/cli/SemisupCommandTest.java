package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.api.Fixtures;
import org.latentkit.api.run.Json;

/** The semi-supervised pipeline against the pixels baseline at equal labels, on the fixture. */
class SemisupCommandTest {

    @Test
    void givenFixture_whenConvAePretrainedAndFineTunedOn600Labels_thenItBeatsPixelsByTwoPoints(
            @TempDir Path tmp) {
        // 1,700 unlabelled images pretrain the conv autoencoder for 5 epochs; 600 class-balanced
        // labels
        // then train the classifier with the encoder fine-tuned, and the FC 784-100-10 on the same
        // 600
        // pixels is the baseline. Measured while writing this test: 89.0% against 85.0% on the 500
        // test
        // images. The stated margin is 2 points. With the encoder frozen the code alone loses here
        // (83.2%): 1,700 images are too few for the autoencoder, which the full-data runs do not
        // suffer.
        Path out = tmp.resolve("semisup");
        CliTest.Outcome o =
                CliTest.run(
                        "semisup",
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString(),
                        "--features",
                        "conv-ae",
                        "--encoder",
                        "fine-tuned",
                        "--labels",
                        "600",
                        "--label-choice",
                        "stratified",
                        "--validation",
                        "300",
                        "--pretrain-epochs",
                        "5",
                        "--pretrain-batch-size",
                        "50",
                        "--out",
                        out.toString());
        assertEquals(0, o.status(), o.err());
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        double features = ((Number) m.get("test_accuracy")).doubleValue();
        double pixels = ((Number) m.get("baseline_accuracy")).doubleValue();
        assertTrue(features >= pixels + 0.02, "features " + features + " vs pixels " + pixels);
        assertTrue(pixels > 0.7, "the pixels baseline itself learned: " + pixels);

        // The head is saved (feature-classifier on the conv AE's encoder, standardised) and
        // reloads through its block factory at the same test accuracy.
        CliTest.Outcome e =
                CliTest.run(
                        "eval",
                        "--model",
                        out.resolve("head").toString(),
                        "--data-dir",
                        Fixtures.mnistSmallDir().toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(
                e.out()
                        .startsWith(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "test accuracy %.2f%% (feature-classifier",
                                        100 * features)),
                e.out());
    }
}
