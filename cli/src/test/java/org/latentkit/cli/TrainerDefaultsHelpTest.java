package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.latentkit.trainers.buckets.BucketTrainer;
import org.latentkit.trainers.reconstruct.ReconstructionTrainer;

/**
 * Flags whose defaults are a trainer's show that trainer's {@code defaults()} in {@code --help}:
 * the default lives in the trainer only.
 */
class TrainerDefaultsHelpTest {

    private static String help(String... command) {
        StringWriter out = new StringWriter();
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        assertEquals(
                0,
                Main.execute(
                        new PrintWriter(out, true),
                        new PrintWriter(new StringWriter(), true),
                        args));
        return out.toString().replaceAll("\\s+", " ");
    }

    private static void assertShows(String help, String flag, String value) {
        int at = help.lastIndexOf(flag + "=");
        assertTrue(at >= 0, flag + " in " + help);
        int next = help.indexOf(" --", at + flag.length() + 1);
        String text = help.substring(at, next < 0 ? help.length() : next);
        assertTrue(text.contains("(default: " + value + ")"), text);
    }

    @Test
    void givenClassifyAndSweepSamplesWhenHelpThenClassifierTrainerDefaults() {
        for (String command : new String[] {"classify", "sweep-samples"}) {
            String h = help(command);
            assertShows(h, "--epochs", "10");
            assertShows(h, "--batch-size", "32");
            assertShows(h, "--lr", "0.001");
            assertShows(h, "--momentum", "0.9");
            assertShows(h, "--lr-schedule", "constant");
            assertShows(h, "--patience", "3");
            assertShows(h, "--normalize", "unit");
        }
    }

    @Test
    void givenBucketsAndSweepWhenHelpThenBucketTrainerDefaults() {
        BucketTrainer.Options d = BucketTrainer.Options.defaults();
        for (String command : new String[] {"buckets", "buckets-sweep"}) {
            String h = help(command);
            assertShows(h, "--bits", Integer.toString(d.bits()));
            assertShows(h, "--hidden", "64,64");
            assertShows(h, "--activation", "leaky-relu");
            assertTrue(h.contains("(default: " + d.weights() + ")"), h);
            assertShows(h, "--epochs", "10");
            assertShows(h, "--batch-size", "128");
            assertShows(h, "--lr", "0.001");
        }
    }

    @Test
    void givenAutoencodeWhenHelpThenReconstructionTrainerDefaults() {
        ReconstructionTrainer.Options d = ReconstructionTrainer.Options.defaults();
        String h = help("autoencode");
        assertShows(h, "--epochs", Integer.toString(d.epochs()));
        assertShows(h, "--batch-size", "512");
        assertShows(h, "--patience", "5");
    }

    @Test
    void givenSemisupWhenHelpThenHeadOptionsDefaults() {
        String h = help("semisup");
        assertShows(h, "--epochs", "100");
        assertShows(h, "--batch-size", "32");
        assertShows(h, "--lr", "0.001");
        assertShows(h, "--patience", "3");
    }
}
