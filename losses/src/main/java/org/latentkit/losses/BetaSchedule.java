package org.latentkit.losses;

import java.util.Locale;
import org.latentkit.core.InvalidInputException;

/**
 * The weight {@code β(t)} of the KL term at training step {@code t} (0-based).
 *
 * <ul>
 *   <li>{@link Constant}: {@code β(t) = β}.
 *   <li>{@link Linear} warm-up: {@code β(t) = β · min(1, t / W)}.
 *   <li>{@link Cyclical} (Fu et al. 2019): {@code T} steps split into {@code M} cycles of length
 *       {@code P = T / M}; within a cycle {@code τ = (t mod ⌈P⌉) / P} and {@code β(t) = β · τ / R}
 *       for {@code τ ≤ R}, else {@code β}: a linear ramp over the first fraction {@code R} of each
 *       cycle, then flat.
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/1903.10145">Fu et al. 2019, Cyclical Annealing Schedule: A
 *     Simple Approach to Mitigating KL Vanishing</a>
 */
public sealed interface BetaSchedule {

    /**
     * Returns the KL weight at a step.
     *
     * @param step the 0-based training step
     * @return {@code β(step)}
     */
    double beta(long step);

    /**
     * Describes the schedule for a run record.
     *
     * @return for example {@code cyclical(beta=1, cycles=4, ratio=0.5, steps=5500)}
     */
    String describe();

    /**
     * A constant weight.
     *
     * @param value {@code β}, at least 0
     */
    record Constant(double value) implements BetaSchedule {
        /** Validates the weight. */
        public Constant {
            check(value);
        }

        @Override
        public double beta(long step) {
            return value;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "constant(beta=%s)", value);
        }
    }

    /**
     * A linear warm-up from 0 to {@code β} over {@code warmupSteps}, then flat.
     *
     * @param value the final {@code β}
     * @param warmupSteps {@code W}, at least 1
     */
    record Linear(double value, long warmupSteps) implements BetaSchedule {
        /** Validates the components. */
        public Linear {
            check(value);
            if (warmupSteps <= 0) {
                throw new InvalidInputException(
                        "beta warm-up: must be at least 1 step, got " + warmupSteps);
            }
        }

        @Override
        public double beta(long step) {
            return value * Math.min(1.0, (double) step / warmupSteps);
        }

        @Override
        public String describe() {
            return String.format(
                    Locale.ROOT, "linear(beta=%s, warmup_steps=%d)", value, warmupSteps);
        }
    }

    /**
     * Fu et al.'s cyclical schedule.
     *
     * @param value the top {@code β}
     * @param totalSteps {@code T}, the run's training steps
     * @param cycles {@code M}, at least 1
     * @param ratio {@code R} in (0, 1], the ramping fraction of each cycle
     */
    record Cyclical(double value, long totalSteps, int cycles, double ratio)
            implements BetaSchedule {
        /** Validates the components. */
        public Cyclical {
            check(value);
            if (cycles <= 0) {
                throw new InvalidInputException("beta cycles: must be at least 1, got " + cycles);
            }
            if (totalSteps < cycles) {
                throw new InvalidInputException(
                        "beta cycles: "
                                + cycles
                                + " cycles need at least as many "
                                + "training steps, got "
                                + totalSteps);
            }
            if (!(ratio > 0 && ratio <= 1)) {
                throw new InvalidInputException("beta ratio: must be in (0, 1], got " + ratio);
            }
        }

        @Override
        public double beta(long step) {
            double period = (double) totalSteps / cycles;
            double tau = (step % (long) Math.ceil(period)) / period;
            return tau <= ratio ? value * tau / ratio : value;
        }

        @Override
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "cyclical(beta=%s, cycles=%d, ratio=%s, steps=%d)",
                    value,
                    cycles,
                    ratio,
                    totalSteps);
        }
    }

    private static void check(double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new InvalidInputException("beta: must be a finite number >= 0, got " + value);
        }
    }
}
