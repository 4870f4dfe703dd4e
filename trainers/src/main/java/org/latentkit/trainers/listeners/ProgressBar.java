package org.latentkit.trainers.listeners;

import java.io.PrintStream;
import java.util.Locale;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * A terminal progress bar and a one-line summary per epoch.
 *
 * <p>On an interactive terminal the bar redraws in place at most five times a second, so it costs
 * nothing measurable even at batch 32. Elsewhere (CI logs, files) only the epoch summaries print.
 */
public final class ProgressBar implements TrainingListener {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final String validationName;
    private int epoch;
    private int epochs;
    private int steps;
    private long epochStart;
    private long lastDraw;
    private double lossSum;

    /**
     * Creates a progress bar.
     *
     * @param out where to print, usually {@code System.err}
     * @param interactive whether to redraw a bar in place
     * @param validationName how to label the validation score, for example {@code val_acc}
     */
    public ProgressBar(PrintStream out, boolean interactive, String validationName) {
        this.out = out;
        this.interactive = interactive;
        this.validationName = validationName;
    }

    /**
     * Creates a progress bar on standard error, interactive when a console is attached.
     *
     * @param validationName how to label the validation score
     * @return the bar
     */
    public static ProgressBar onStderr(String validationName) {
        return new ProgressBar(System.err, System.console() != null, validationName);
    }

    /** {@inheritDoc} */
    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.steps = steps;
        this.epochStart = System.nanoTime();
        this.lastDraw = 0;
        this.lossSum = 0;
    }

    /** {@inheritDoc} */
    @Override
    public void onStep(int step, double loss) {
        lossSum += loss;
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && step < steps) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = steps == 0 ? width : (int) ((long) step * width / steps);
        double secs = (now - epochStart) / 1e9;
        double eta = step == 0 ? 0 : secs / step * (steps - step);
        out.print(
                String.format(
                        Locale.ROOT,
                        "\repoch %d/%d [%s%s] %d/%d loss %.4f  %.0fs<%.0fs ",
                        epoch,
                        epochs,
                        "=".repeat(filled),
                        " ".repeat(width - filled),
                        step,
                        steps,
                        lossSum / step,
                        secs,
                        eta));
        out.flush();
    }

    /** {@inheritDoc} */
    @Override
    public void onEpochEnd(EpochStats s) {
        if (interactive) {
            out.print("\r" + " ".repeat(90) + "\r");
        }
        String val =
                Double.isNaN(s.validationScore())
                        ? ""
                        : String.format(
                                Locale.ROOT, "  %s %.4f", validationName, s.validationScore());
        out.println(
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d  loss %.4f%s  %.1fs  %.0f samples/s",
                        s.epoch(),
                        epochs,
                        s.trainLoss(),
                        val,
                        s.trainSeconds(),
                        s.samplesPerSecond()));
        out.flush();
    }
}
