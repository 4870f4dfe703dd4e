package org.latentkit.trainers.semisup;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.latentkit.api.plot.LinePlot;
import org.latentkit.api.run.AtomicFiles;

/**
 * Writes a labels curve ({@link SemiSupervised#curve}) as a CSV table, a Markdown table and a PNG.
 */
public final class LabelsCurve {

    private LabelsCurve() {}

    /**
     * Returns the curve as CSV: {@code labels,features_accuracy,pixels_accuracy}.
     *
     * @param curve the comparisons
     * @return the CSV text
     */
    public static String csv(List<SemiSupervised.Comparison> curve) {
        StringBuilder s = new StringBuilder("labels,features_accuracy,pixels_accuracy\n");
        for (SemiSupervised.Comparison c : curve) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.4f,%.4f%n",
                            c.labels(),
                            c.features().testAccuracy(),
                            c.pixels().testAccuracy()));
        }
        return s.toString();
    }

    /**
     * Returns the curve as a Markdown table in percent.
     *
     * @param curve the comparisons
     * @param featuresName the features' column title, for example {@code conv-ae}
     * @return the table
     */
    public static String markdown(List<SemiSupervised.Comparison> curve, String featuresName) {
        StringBuilder s =
                new StringBuilder(
                        "| labels | "
                                + featuresName
                                + " | pixels (FC 784-100-10) | gain |\n"
                                + "|---:|---:|---:|---:|\n");
        for (SemiSupervised.Comparison c : curve) {
            double f = 100 * c.features().testAccuracy();
            double p = 100 * c.pixels().testAccuracy();
            s.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %.2f%% | %.2f%% | %+.2f |%n",
                            c.labels(),
                            f,
                            p,
                            f - p));
        }
        return s.toString();
    }

    /**
     * Writes the CSV and the PNG (test accuracy against labels, log x, features and pixels).
     *
     * @param curve the comparisons
     * @param featuresName the features' series name
     * @param csvFile where the CSV goes
     * @param png where the plot goes
     */
    public static void write(
            List<SemiSupervised.Comparison> curve, String featuresName, Path csvFile, Path png) {
        AtomicFiles.writeString(csvFile, csv(curve));
        double[] x = curve.stream().mapToDouble(SemiSupervised.Comparison::labels).toArray();
        double[] f = curve.stream().mapToDouble(c -> 100 * c.features().testAccuracy()).toArray();
        double[] p = curve.stream().mapToDouble(c -> 100 * c.pixels().testAccuracy()).toArray();
        LinePlot.titled("Test accuracy against labelled images (seed 003)")
                .axes("labelled training images", "test accuracy (%)")
                .logX()
                .series(featuresName + " features + 20-100-10 classifier", x, f)
                .series("pixels + 784-100-10 classifier", x, p)
                .write(png);
    }
}
