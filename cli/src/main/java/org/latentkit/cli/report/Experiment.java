package org.latentkit.cli.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.latentkit.api.data.DataLocator;
import org.latentkit.trainers.loop.EngineContext;

/**
 * One row of the report: a seed's claim and how latentkit measures it, through the library.
 *
 * @param name the short name {@code --only} selects, for example {@code 004-vanilla}
 * @param seed the seed document, for example {@code 004}
 * @param title what is measured
 * @param claim what the seed reported, as it reported it
 * @param target the claim as a test on the row's number, for the report's verdict
 * @param runner how to measure it
 */
public record Experiment(
        String name, String seed, String title, String claim, Claim target, Runner runner) {

    /** Measures one experiment. */
    @FunctionalInterface
    public interface Runner {
        /**
         * Runs the experiment and returns what it measured.
         *
         * @param env engine, data, budget, where figures go
         * @return the outcome (status ok)
         */
        Outcome run(Env env);
    }

    /**
     * What an experiment gets.
     *
     * @param context engine and device
     * @param data the MNIST train and test sets
     * @param budget quick or full, and the batch cap
     * @param figures the directory figures are written into (the report's {@code figures/})
     * @param log progress lines
     */
    public record Env(
            EngineContext context,
            DataLocator.TrainTest data,
            Budget budget,
            Path figures,
            PrintWriter log) {}

    /**
     * How much training the run may spend.
     *
     * @param quick fewer epochs and batches, stated on every row
     * @param maxBatches a batch cap per epoch that overrides every row's own (0: the rows' own)
     */
    public record Budget(boolean quick, int maxBatches) {

        /**
         * Returns the epochs: the seed's in a full run, fewer in a quick one.
         *
         * @param full the seed's budget
         * @param quickEpochs the quick budget
         * @return epochs
         */
        public int epochs(int full, int quickEpochs) {
            return quick ? quickEpochs : full;
        }

        /**
         * Returns the per-epoch batch cap.
         *
         * @param quickCap the row's cap in a quick run
         * @return the cap, 0 for none
         */
        public int batches(int quickCap) {
            if (maxBatches > 0) {
                return maxBatches;
            }
            return quick ? quickCap : 0;
        }

        /**
         * Describes the training budget for a row's settings.
         *
         * @param epochs epochs used
         * @param cap the per-epoch batch cap used (0 for none)
         * @param batchSize the batch size
         * @return for example {@code quick: 1 epoch of ≤ 400 batches of 32 (seed: 10 epochs)}
         */
        public String describe(int epochs, int cap, int batchSize, String seedBudget) {
            String e = epochs + (epochs == 1 ? " epoch" : " epochs");
            String b =
                    cap > 0
                            ? String.format(Locale.ROOT, " of ≤ %d batches of %d", cap, batchSize)
                            : " at batch " + batchSize;
            return (quick ? "QUICK: " : "") + e + b + (quick ? " (seed: " + seedBudget + ")" : "");
        }
    }

    /**
     * What a row reports.
     *
     * @param status {@code ok} or {@code failed}
     * @param measured latentkit's number, as text
     * @param value the number {@link Experiment#target} is tested on, in its units; null when the
     *     claim is qualitative or the row failed
     * @param settings the settings, including the budget
     * @param figures figure file names inside {@code figures/}
     * @param seconds wall time of the experiment
     */
    public record Outcome(
            String status,
            String measured,
            Double value,
            String settings,
            List<String> figures,
            double seconds) {

        /**
         * A measured outcome (its time is filled in by the caller).
         *
         * @param measured the number, as the report prints it
         * @param value the number the claim is tested on
         * @param settings the settings
         * @param figures figure file names
         * @return the outcome
         */
        public static Outcome ok(
                String measured, double value, String settings, List<String> figures) {
            return new Outcome("ok", measured, value, settings, List.copyOf(figures), 0);
        }

        /**
         * A measured outcome of a row whose claim is qualitative: nothing to test.
         *
         * @param measured what was measured, as the report prints it
         * @param settings the settings
         * @param figures figure file names
         * @return the outcome
         */
        public static Outcome qualitative(String measured, String settings, List<String> figures) {
            return new Outcome("ok", measured, null, settings, List.copyOf(figures), 0);
        }

        /**
         * A row that failed.
         *
         * @param why one line naming the problem
         * @param seconds wall time until it failed
         * @return the outcome
         */
        public static Outcome failed(String why, double seconds) {
            return new Outcome("failed", why, null, "", List.of(), seconds);
        }

        /**
         * Returns a copy with the wall time.
         *
         * @param s seconds
         * @return the copy
         */
        public Outcome withSeconds(double s) {
            return new Outcome(status, measured, value, settings, figures, s);
        }
    }
}
