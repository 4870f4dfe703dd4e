package org.latentkit.trainers.semisup;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.latentkit.api.plot.LinePlot;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.core.InvalidInputException;

/**
 * Writes a labels curve, test accuracy against the number of labelled images for one or more
 * methods, as a CSV table, a Markdown table and a PNG. {@link #of} turns the comparisons of {@link
 * SemiSupervised#curve} into the features' and the pixels' series.
 */
public final class LabelsCurve {

    private LabelsCurve() {}

    /**
     * One method's points.
     *
     * @param id the column name, for example {@code fixmatch} (CSV: {@code fixmatch_accuracy})
     * @param legend the PNG's series name
     * @param accuracy test accuracy (a fraction) at each N, in the curve's order
     */
    public record Series(String id, String legend, double[] accuracy) {}

    /**
     * Returns the features' and the pixels' series of an autoencoder curve.
     *
     * @param curve the comparisons, one per N
     * @param featuresName the features' column, for example {@code conv-ae}
     * @return {@code [features, pixels]}
     */
    public static List<Series> of(List<SemiSupervised.Comparison> curve, String featuresName) {
        return List.of(
                new Series(
                        featuresName,
                        featuresName + " features + 20-100-10 classifier",
                        curve.stream().mapToDouble(c -> c.features().testAccuracy()).toArray()),
                pixels(curve));
    }

    /**
     * Returns the pixels' series of an autoencoder curve: the 784-100-10 classifier on the same N
     * labelled images.
     *
     * @param curve the comparisons, one per N
     * @return the series {@code pixels}
     */
    public static Series pixels(List<SemiSupervised.Comparison> curve) {
        return new Series(
                "pixels",
                "pixels + 784-100-10 classifier",
                curve.stream().mapToDouble(c -> c.pixels().testAccuracy()).toArray());
    }

    /**
     * Returns the Ns of an autoencoder curve.
     *
     * @param curve the comparisons
     * @return the Ns, in order
     */
    public static int[] labels(List<SemiSupervised.Comparison> curve) {
        return curve.stream().mapToInt(SemiSupervised.Comparison::labels).toArray();
    }

    /**
     * Returns the curve as CSV: {@code labels,<id>_accuracy,...}, one row per N.
     *
     * @param labels the Ns
     * @param series the methods, each with one accuracy per N
     * @return the CSV text
     */
    public static String csv(int[] labels, List<Series> series) {
        check(labels, series);
        StringBuilder s = new StringBuilder("labels");
        series.forEach(x -> s.append(',').append(x.id()).append("_accuracy"));
        s.append('\n');
        for (int i = 0; i < labels.length; i++) {
            s.append(labels[i]);
            for (Series x : series) {
                s.append(String.format(Locale.ROOT, ",%.4f", x.accuracy()[i]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Returns the curve as a Markdown table in percent, one row per N and one column per method.
     *
     * @param labels the Ns
     * @param series the methods
     * @return the table
     */
    public static String markdown(int[] labels, List<Series> series) {
        check(labels, series);
        StringBuilder s = new StringBuilder("| labels |");
        series.forEach(x -> s.append(' ').append(x.id()).append(" |"));
        s.append("\n|---:|").append("---:|".repeat(series.size())).append('\n');
        for (int i = 0; i < labels.length; i++) {
            s.append("| ").append(labels[i]).append(" |");
            for (Series x : series) {
                s.append(String.format(Locale.ROOT, " %.2f%% |", 100 * x.accuracy()[i]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Writes the CSV and the PNG (test accuracy in percent against labels on a log axis, one line
     * per method), each atomically.
     *
     * @param labels the Ns
     * @param series the methods
     * @param csvFile where the CSV goes
     * @param png where the plot goes
     */
    public static void write(int[] labels, List<Series> series, Path csvFile, Path png) {
        AtomicFiles.writeString(csvFile, csv(labels, series));
        double[] x = Arrays.stream(labels).asDoubleStream().toArray();
        LinePlot plot =
                LinePlot.titled("Test accuracy against labelled images")
                        .axes("labelled training images", "test accuracy (%)")
                        .logX();
        for (Series s : series) {
            plot.series(s.legend(), x, Arrays.stream(s.accuracy()).map(a -> 100 * a).toArray());
        }
        plot.write(png);
    }

    private static void check(int[] labels, List<Series> series) {
        for (Series s : series) {
            if (s.accuracy().length != labels.length) {
                throw new InvalidInputException(
                        "labels curve: series '"
                                + s.id()
                                + "' has "
                                + s.accuracy().length
                                + " points for "
                                + labels.length
                                + " label counts");
            }
        }
    }
}
