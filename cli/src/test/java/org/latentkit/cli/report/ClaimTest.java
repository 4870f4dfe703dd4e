package org.latentkit.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentkit.trainers.classify.SampleSweep;

/** The report's verdicts: a claim tested on a row's number, and when it is not tested. */
class ClaimTest {

    private static Experiment.Outcome ok(double value) {
        return Experiment.Outcome.ok("x", value, "", List.of());
    }

    @Test
    void givenAtLeastClaimWhenJudgedThenMetAtAndAboveTheSeedsNumberOnly() {
        Claim c = Claim.atLeast(0.9725);
        assertEquals(Claim.Verdict.MET, c.judge(ok(0.9859), false));
        assertEquals(Claim.Verdict.MET, c.judge(ok(0.9725), false));
        assertEquals(Claim.Verdict.MISSED, c.judge(ok(0.9724), false));
    }

    @Test
    void givenAtMostAndBetweenClaimsWhenJudgedThenTheBoundsDecide() {
        assertEquals(Claim.Verdict.MET, Claim.atMost(0.0044).judge(ok(0.00317), false));
        assertEquals(Claim.Verdict.MISSED, Claim.atMost(0.0044).judge(ok(0.0056), false));
        Claim bits = Claim.between(88, 95);
        assertEquals(Claim.Verdict.MET, bits.judge(ok(94), false));
        assertEquals(Claim.Verdict.MISSED, bits.judge(ok(105), false));
        assertEquals(Claim.Verdict.MISSED, bits.judge(ok(87), false));
        assertThrows(IllegalArgumentException.class, () -> Claim.between(2, 1));
    }

    @Test
    void givenQuickQualitativeOrFailedRowsWhenJudgedThenNoMetOrMissed() {
        Claim c = Claim.atLeast(0.5);
        assertEquals(Claim.Verdict.NOT_TESTED, c.judge(ok(0.9), true));
        assertEquals(Claim.Verdict.NOT_TESTED, c.judge(ok(0.1), true));
        assertEquals(
                Claim.Verdict.QUALITATIVE,
                Claim.qualitativeOnly()
                        .judge(Experiment.Outcome.qualitative("KL 0.7", "", List.of()), false));
        assertEquals(
                Claim.Verdict.FAILED,
                c.judge(Experiment.Outcome.failed("data-dir: nope", 1), false));
        assertEquals(Claim.Verdict.MISSED, c.judge(ok(Double.NaN), false));
    }

    @Test
    void givenSampleSweepWhenMarginTakenThenTheWorstSizeAgainstTheSeedsCurve() {
        List<SampleSweep.Point> pts =
                List.of(
                        new SampleSweep.Point(250, 0.8387, 0.8, 10, 1),
                        new SampleSweep.Point(2000, 0.8950, 0.9, 10, 1));
        // 250: 0.8387 - 0.81 = +0.0287; 2000: 0.8950 - 0.90 = -0.0050
        assertEquals(-0.0050, Experiments.smallestMargin(pts), 1e-12);
    }

    @Test
    void givenEverySeed004RowWhenBuiltThenItsTargetIsTheClaimedAccuracy() {
        for (Experiment e : Experiments.all()) {
            if (e.name().startsWith("004-") && e.claim().matches("[0-9.]+%")) {
                double claimed = Double.parseDouble(e.claim().replace("%", "")) / 100;
                assertEquals(claimed, e.target().lo(), 1e-12, e.name());
            }
        }
        assertEquals(0.0044, byName("001-dense").target().hi(), 0);
        assertEquals(true, byName("002-mixture").target().qualitative());
    }

    private static Experiment byName(String name) {
        return Experiments.all().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
