package org.latentkit.cli.report;

import java.util.Locale;

/**
 * A seed's claim as a test on one number, so that the report can say whether a row met it.
 *
 * <p>The number is the row's {@link Experiment.Outcome#value()}, in the claim's units (a fraction
 * for accuracies, nats, MSE or a bit count). A claim is met when {@code lo ≤ value ≤ hi}; {@link
 * #atLeast} and {@link #atMost} leave one side open. A qualitative claim has no number to test.
 *
 * @param lo the smallest value that meets the claim ({@code -∞} for none)
 * @param hi the largest value that meets the claim ({@code +∞} for none)
 * @param qualitative true when the seed gave no number
 */
public record Claim(double lo, double hi, boolean qualitative) {

    /** What the report says of a row against its claim. */
    public enum Verdict {
        /** The measured number meets the claim. */
        MET("met"),
        /** The measured number falls short of the claim. */
        MISSED("missed"),
        /** The row ran on a quick budget, so its number is not a test of the claim. */
        NOT_TESTED("not tested (quick)"),
        /** The seed's claim has no number. */
        QUALITATIVE("qualitative claim"),
        /** The row failed: nothing was measured. */
        FAILED("failed");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /**
         * Returns the text the report prints.
         *
         * @return for example {@code met} or {@code not tested (quick)}
         */
        public String text() {
            return text;
        }
    }

    /**
     * A claim met by any value of at least {@code min}.
     *
     * @param min the seed's number
     * @return the claim
     */
    public static Claim atLeast(double min) {
        return new Claim(min, Double.POSITIVE_INFINITY, false);
    }

    /**
     * A claim met by any value of at most {@code max}.
     *
     * @param max the seed's number
     * @return the claim
     */
    public static Claim atMost(double max) {
        return new Claim(Double.NEGATIVE_INFINITY, max, false);
    }

    /**
     * A claim met by a value in {@code [lo, hi]}.
     *
     * @param lo the smallest value that meets it
     * @param hi the largest value that meets it
     * @return the claim
     */
    public static Claim between(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "claim: lo %s is above hi %s", lo, hi));
        }
        return new Claim(lo, hi, false);
    }

    /**
     * A claim with no number: the report shows it but cannot test it.
     *
     * @return the claim
     */
    public static Claim qualitativeOnly() {
        return new Claim(Double.NaN, Double.NaN, true);
    }

    /**
     * Judges a row's outcome against this claim.
     *
     * @param outcome what the row measured
     * @param quick whether the run used quick budgets
     * @return the verdict
     */
    public Verdict judge(Experiment.Outcome outcome, boolean quick) {
        if (!"ok".equals(outcome.status())) {
            return Verdict.FAILED;
        }
        if (qualitative) {
            return Verdict.QUALITATIVE;
        }
        if (quick) {
            return Verdict.NOT_TESTED;
        }
        Double v = outcome.value();
        if (v == null || v.isNaN()) {
            return Verdict.MISSED;
        }
        return v >= lo && v <= hi ? Verdict.MET : Verdict.MISSED;
    }
}
