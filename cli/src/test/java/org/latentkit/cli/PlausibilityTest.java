package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latentkit.trainers.loop.TrainingDivergedException;

/** A wrecked model never reports status ok: the headline metric is checked before it is written. */
class PlausibilityTest {

    @Test
    void givenTheBlownUpVaesElboWhenCheckedThenDivergedWithTheValue() {
        // The 50-epoch run of issue 18 reported 20419516913240.33 nats with status ok.
        String why =
                RunCommand.implausible(
                        Map.of("test_elbo", 20419516913240.33),
                        "test_elbo",
                        RunCommand.MAX_PLAUSIBLE_ELBO);
        assertTrue(why.startsWith("training diverged: test_elbo is 2.04195e+13"), why);
        assertEquals(3, Main.exitCode(new RunCommand.ImplausibleResultException(why)));
    }

    @Test
    void givenNonFiniteOrMissingMetricWhenCheckedThenImplausible() {
        assertTrue(
                RunCommand.implausible(Map.of("test_mse", Double.NaN), "test_mse", 1)
                        .contains("NaN"));
        assertTrue(RunCommand.implausible(Map.of(), "test_mse", 1) != null);
    }

    @Test
    void givenOrdinaryResultsWhenCheckedThenPlausible() {
        assertNull(
                RunCommand.implausible(
                        Map.of("test_elbo", 106.02), "test_elbo", RunCommand.MAX_PLAUSIBLE_ELBO));
        assertNull(
                RunCommand.implausible(
                        Map.of("test_mse", 0.00337), "test_mse", RunCommand.MAX_PLAUSIBLE_MSE));
        assertTrue(
                new RunCommand.ImplausibleResultException("x")
                        instanceof TrainingDivergedException);
    }
}
