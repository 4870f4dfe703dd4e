package org.latentkit.trainers.loop;

import org.latentkit.core.InvalidInputException;

/**
 * Stops a run whose loss is not finite, or jumps by an order of magnitude, before the step that
 * would apply its gradient.
 *
 * <p>The rule: after {@value #WARM_UP} steps, step {@code t}'s loss {@code L_t} is a blow-up when
 *
 * <pre>
 *   |L_t| &gt; factor · max(q90(|L_s| : t − W ≤ s &lt; t), 0.1 · max(|L_1|, …, |L_warm-up|))
 * </pre>
 *
 * with a window of {@code W} = {@value #WINDOW} steps and {@code q90} its 90th percentile. The
 * percentile is the run's typical level, which a few steps of a growing blow-up do not move (a ramp
 * of 200, 400, 800, 1600 after losses near 110 stops at 1600), while ordinary hard batches stay
 * well under ten times it. The second term keeps a converged run, whose losses are tiny, from
 * stopping on noise: its loss must first climb back to the scale it started from. The runs this
 * guards against move by orders of magnitude: a VAE's epoch mean went from 105 to 5,366, then to
 * 2.6·10¹³ (latentkit issue 18). A factor of 0 turns the jump test off; NaN and ±∞ always stop.
 */
public final class LossGuard {

    /** The default factor: one order of magnitude over the largest recent loss. */
    public static final float DEFAULT_FACTOR = 10f;

    /** Steps whose loss forms the reference. */
    static final int WINDOW = 200;

    /** Steps before the jump test starts: the first losses of a run fall fast and say little. */
    static final int WARM_UP = 20;

    /** Steps between recomputations of the percentile (it moves slowly; sorting costs). */
    private static final int REFRESH = 10;

    private final float factor;
    private final float[] recent = new float[WINDOW];
    private final float[] sorted = new float[WINDOW];
    private int seen;
    private float startScale;
    private float typical;

    /**
     * Creates a guard.
     *
     * @param factor how many times the largest recent loss a step may reach; 0 to test finiteness
     *     only
     */
    public LossGuard(float factor) {
        if (!(factor == 0 || factor > 1) || !Float.isFinite(factor)) {
            throw new InvalidInputException(
                    "max-loss-jump: must be 0 (off) or a number above 1, got " + factor);
        }
        this.factor = factor;
    }

    /** Forgets the recorded losses, for the next fit. */
    void reset() {
        seen = 0;
        startScale = 0;
        typical = 0;
    }

    /**
     * Checks one step's loss and records it.
     *
     * @param epoch the 1-based epoch, for the message
     * @param step the 1-based step in the epoch, for the message
     * @param loss the step's loss
     * @throws TrainingDivergedException when the loss is not finite or jumped
     */
    public void check(int epoch, int step, float loss) {
        if (!Float.isFinite(loss)) {
            throw new TrainingDivergedException(epoch, step, loss);
        }
        float magnitude = Math.abs(loss);
        if (factor > 0 && seen >= WARM_UP) {
            if ((seen - WARM_UP) % REFRESH == 0) {
                typical = percentile90();
            }
            float reference = Math.max(typical, 0.1f * startScale);
            if (magnitude > factor * reference) {
                throw TrainingDivergedException.jump(epoch, step, loss, reference, factor);
            }
        }
        if (seen < WARM_UP) {
            startScale = Math.max(startScale, magnitude);
        }
        recent[seen % WINDOW] = magnitude;
        seen++;
    }

    private float percentile90() {
        int n = Math.min(seen, WINDOW);
        System.arraycopy(recent, 0, sorted, 0, n);
        java.util.Arrays.sort(sorted, 0, n);
        return sorted[(int) Math.floor(0.9 * (n - 1))];
    }
}
