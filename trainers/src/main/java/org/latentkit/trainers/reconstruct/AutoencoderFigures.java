package org.latentkit.trainers.reconstruct;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.BoxStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.latentkit.api.metrics.Distribution;
import org.latentkit.api.plot.ChartStyle;
import org.latentkit.api.plot.Figure;
import org.latentkit.api.run.AtomicFiles;

/**
 * The diagnostic figures of an autoencoder run (seed 001's figures), drawn headless: the charts
 * (histogram, boxplots) on XChart in the shared {@link ChartStyle}, the image grids with Java 2D.
 *
 * <ol>
 *   <li>{@value #HISTOGRAM}: the test-MSE histogram with 8 quantile groups marked, and a strip of
 *       36 reconstructions for each group and for the lowest and highest MSE;
 *   <li>{@value #BOXPLOTS}: per-digit MSE boxplots and, for binary codes, per-digit active-bit
 *       boxplots (whiskers at 1.5 IQR, outliers as circles);
 *   <li>{@value #RECONSTRUCTIONS}: 30 test originals per digit beside their reconstructions;
 *   <li>{@value #DIFFERENCES}: original, reconstruction and their difference image: red where the
 *       reconstruction has ink the original lacks, blue where it misses ink the original has;
 *   <li>{@value #CODES_FULL} and {@value #CODES_ZOOM} (binary codes): 100 test images per digit
 *       (rows, grouped by digit) against code bits sorted by how often they are active on the test
 *       set (columns), all bits and only the used ones.
 * </ol>
 */
public final class AutoencoderFigures {

    /** Figure 1. */
    public static final String HISTOGRAM = "mse_histogram.png";

    /** Figure 2. */
    public static final String BOXPLOTS = "per_digit_boxplots.png";

    /** Figure 3. */
    public static final String RECONSTRUCTIONS = "reconstructions.png";

    /** Figure 4. */
    public static final String DIFFERENCES = "differences.png";

    /** Figure 5, all bits. */
    public static final String CODES_FULL = "codes_full.png";

    /** Figure 5, used bits only. */
    public static final String CODES_ZOOM = "codes_zoom.png";

    private static final int GROUPS = 8;
    private static final int STRIP_COLS = 12;
    private static final int STRIP_ROWS = 3;

    private AutoencoderFigures() {}

    /**
     * Writes every figure that applies into {@code dir}.
     *
     * @param e the evaluation
     * @param dir the run directory
     * @param title what the model is, for the figure titles
     * @param trainSize training images, for the title
     * @return the file names written
     */
    public static List<String> writeAll(
            ReconstructionEvaluation e, Path dir, String title, int trainSize) {
        List<String> files = new ArrayList<>();
        write(histogram(e, title, trainSize), dir.resolve(HISTOGRAM), files);
        write(boxplots(e, title), dir.resolve(BOXPLOTS), files);
        write(reconstructions(e, title), dir.resolve(RECONSTRUCTIONS), files);
        write(differences(e, title), dir.resolve(DIFFERENCES), files);
        if (e.binary()) {
            write(codes(e, title, false), dir.resolve(CODES_FULL), files);
            write(codes(e, title, true), dir.resolve(CODES_ZOOM), files);
        }
        return files;
    }

    // ---- figure 1 ------------------------------------------------------------------------------

    /**
     * Draws the MSE histogram with quantile groups and their reconstruction strips.
     *
     * @param e the evaluation
     * @param title the model description
     * @param trainSize training images
     * @return the image
     */
    public static BufferedImage histogram(ReconstructionEvaluation e, String title, int trainSize) {
        int n = e.size();
        int per = Math.min(STRIP_COLS * STRIP_ROWS, Math.max(1, n / (GROUPS + 2)));
        Integer[] rank = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(rank, Comparator.comparingDouble(i -> e.mse()[i]));
        List<int[]> groups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        groups.add(slice(rank, 0, per));
        names.add("Lowest test MSE");
        for (int g = 0; g < GROUPS; g++) {
            int centre = (int) Math.round((g + 0.5) / GROUPS * (n - 1));
            int from = Math.max(0, Math.min(n - per, centre - per / 2));
            groups.add(slice(rank, from, from + per));
            names.add(
                    String.format(
                            Locale.ROOT,
                            "group %d (around the %.1f%% quantile)",
                            g + 1,
                            100.0 * (g + 0.5) / GROUPS));
        }
        groups.add(slice(rank, n - per, n));
        names.add("Highest test MSE");
        int cell = 36;
        int stripW = STRIP_COLS * cell;
        int stripH = STRIP_ROWS * cell;
        int panelH = stripH + 24;
        int top = 80;
        int rows = (groups.size() + 1) / 2;
        int histTop = top + rows * panelH + 20;
        int histH = 300;
        int w = 2 * stripW + 3 * 40;
        int h = histTop + histH;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        Distribution all = Distribution.of(e.mse());
        centred(g, title, w, 22, 16f);
        centred(
                g,
                String.format(Locale.ROOT, "Data: n_train=%d, n_test=%d", trainSize, n),
                w,
                44,
                15f);
        centred(
                g,
                String.format(
                        Locale.ROOT, "Results: test MSE = %.4f (sd %.4f)", all.mean(), all.sd()),
                w,
                66,
                15f);
        Color[] colours = new Color[groups.size()];
        for (int k = 0; k < groups.size(); k++) {
            colours[k] = ChartStyle.colour(k);
            int col = k < rows ? 0 : 1;
            int row = k < rows ? k : k - rows;
            int x = 40 + col * (stripW + 40);
            int y = top + row * panelH;
            g.setColor(colours[k]);
            g.setFont(g.getFont().deriveFont(14f));
            FontMetrics fm = g.getFontMetrics();
            String label = names.get(k) + " - reconstructions";
            g.drawString(label, x + (stripW - fm.stringWidth(label)) / 2, y + 16);
            int[] members = groups.get(k);
            g.setColor(Color.BLACK);
            g.fillRect(x, y + 22, stripW, stripH);
            for (int m = 0; m < members.length; m++) {
                drawDigit(
                        g,
                        e.reconstructions()[members[m]],
                        x + (m % STRIP_COLS) * cell,
                        y + 22 + (m / STRIP_COLS) * cell,
                        cell);
            }
        }
        g.drawImage(histogramChart(e, groups, names, w, histH), 0, histTop, null);
        g.dispose();
        return img;
    }

    /**
     * The histogram panel of figure 1 on XChart's {@link CategoryChart}: 100 grey bins of per-image
     * MSE, with the bins each sample group spans drawn over them in the group's colour.
     */
    private static BufferedImage histogramChart(
            ReconstructionEvaluation e, List<int[]> groups, List<String> names, int w, int h) {
        int bins = 100;
        double hi = Distribution.of(e.mse()).max() * 1.02;
        double width = hi / bins;
        int[] counts = new int[bins];
        for (double v : e.mse()) {
            counts[bin(v, width, bins)]++;
        }
        List<Double> centres = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add((b + 0.5) * width);
            all.add(counts[b]);
        }
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(w)
                        .height(h)
                        .title("MSE distribution and sample group locations")
                        .xAxisTitle("per-image test MSE")
                        .yAxisTitle("images")
                        .build();
        CategoryStyler s = ChartStyle.apply(chart.getStyler(), false);
        // The strip titles above, in the same colours, are the key.
        s.setLegendVisible(false);
        s.setOverlapped(true);
        s.setAvailableSpaceFill(0.9);
        s.setXAxisMaxLabelCount(8);
        s.setXAxisDecimalPattern("0.0000");
        s.setYAxisDecimalPattern("0");
        s.setYAxisMin(0.0);
        chart.addSeries("all test images", centres, all).setFillColor(ChartStyle.NEUTRAL);
        for (int k = 0; k < groups.size(); k++) {
            int[] members = groups.get(k);
            int from = bin(e.mse()[members[0]], width, bins);
            int to = bin(e.mse()[members[members.length - 1]], width, bins);
            List<Integer> marked = new ArrayList<>();
            for (int b = 0; b < bins; b++) {
                marked.add(b >= from && b <= to ? counts[b] : 0);
            }
            chart.addSeries(names.get(k).replaceFirst(" \\(.*", ""), centres, marked)
                    .setFillColor(ChartStyle.colour(k));
        }
        return ChartStyle.render(chart);
    }

    private static int bin(double v, double width, int bins) {
        return Math.max(0, Math.min(bins - 1, (int) (v / width)));
    }

    // ---- figure 2 ------------------------------------------------------------------------------

    /**
     * Draws per-digit boxplots of MSE and, for binary codes, of active bits.
     *
     * @param e the evaluation
     * @param title the model description
     * @return the image
     */
    public static BufferedImage boxplots(ReconstructionEvaluation e, String title) {
        double[][] mse = new double[10][];
        for (int d = 0; d < 10; d++) {
            mse[d] = e.mseOf(d);
        }
        BufferedImage top = boxplot(mse, "reconstruction error (MSE per image) by digit", "0.000");
        BufferedImage header = canvas(760, 34);
        Graphics2D g = graphics(header);
        centred(g, title, 760, 24, 14f);
        g.dispose();
        if (!e.binary()) {
            return Figure.topToBottom(header, top);
        }
        double[][] bits = new double[10][];
        for (int d = 0; d < 10; d++) {
            bits[d] = Arrays.stream(e.activeBitsOf(d)).asDoubleStream().toArray();
        }
        return Figure.topToBottom(
                header,
                top,
                boxplot(
                        bits,
                        String.format(
                                Locale.ROOT,
                                "active bits per image (of %d) by digit",
                                e.codeSize()),
                        "0"));
    }

    /**
     * One boxplot panel on XChart's {@link BoxChart}: a box per digit, quartiles interpolated as
     * {@link Distribution#quantile} does, whiskers at 1.5 IQR, outliers as crosses. XChart 3.8.8
     * draws every box in its own fixed colours (blue box, red median), not the series colours.
     */
    private static BufferedImage boxplot(double[][] groups, String title, String pattern) {
        BoxChart chart =
                new BoxChartBuilder()
                        .width(760)
                        .height(380)
                        .title(title)
                        .xAxisTitle("digit")
                        .yAxisTitle("")
                        .build();
        BoxStyler s = ChartStyle.apply(chart.getStyler(), false);
        s.setLegendVisible(false);
        s.setYAxisTitleVisible(false);
        s.setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1);
        s.setYAxisDecimalPattern(pattern);
        s.setMarkerSize(6);
        for (int d = 0; d < groups.length; d++) {
            double[] v = groups[d].length == 0 ? new double[] {Double.NaN} : groups[d];
            chart.addSeries(Integer.toString(d), v);
        }
        return ChartStyle.render(chart);
    }

    // ---- figure 3 ------------------------------------------------------------------------------

    /**
     * Draws 30 originals per digit beside their reconstructions.
     *
     * @param e the evaluation
     * @param title the model description
     * @return the image
     */
    public static BufferedImage reconstructions(ReconstructionEvaluation e, String title) {
        int perRow = 10;
        int rowsPerDigit = 3;
        int cell = 28;
        int gridW = perRow * cell;
        int gridH = 10 * rowsPerDigit * cell;
        int w = 2 * gridW + 3 * 30;
        int h = gridH + 80;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        centred(g, title, w, 20, 13f);
        centred(g, "Original images", 2 * 30 + gridW, 52, 14f);
        centred(g, "Reconstructed images", 2 * (2 * 30 + gridW) + gridW, 52, 14f);
        g.setColor(Color.BLACK);
        g.fillRect(30, 60, gridW, gridH);
        g.fillRect(60 + gridW, 60, gridW, gridH);
        for (int d = 0; d < 10; d++) {
            int[] idx = firstOf(e, d, perRow * rowsPerDigit);
            for (int m = 0; m < idx.length; m++) {
                int x = (m % perRow) * cell;
                int y = 60 + (d * rowsPerDigit + m / perRow) * cell;
                drawDigit(g, e.images()[idx[m]], 30 + x, y, cell);
                drawDigit(g, e.reconstructions()[idx[m]], 60 + gridW + x, y, cell);
            }
        }
        g.dispose();
        return img;
    }

    // ---- figure 4 ------------------------------------------------------------------------------

    /**
     * Draws original, reconstruction and difference image for 6 test images per digit.
     *
     * @param e the evaluation
     * @param title the model description
     * @return the image
     */
    public static BufferedImage differences(ReconstructionEvaluation e, String title) {
        int per = 6;
        int cell = 42;
        int gap = 14;
        int tripletW = 3 * cell + gap;
        int w = 40 + per * tripletW;
        int h = 10 * (cell + 6) + 100;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        centred(g, title, w, 20, 13f);
        centred(
                g,
                "original | reconstruction | difference: red = ink the reconstruction adds, "
                        + "blue = ink it misses, grey = ink both have (errors shown 2x)",
                w,
                42,
                13f);
        for (int d = 0; d < 10; d++) {
            int[] idx = firstOf(e, d, per);
            int y = 60 + d * (cell + 6);
            g.setColor(Color.BLACK);
            g.setFont(g.getFont().deriveFont(14f));
            g.drawString(Integer.toString(d), 14, y + cell / 2 + 5);
            for (int m = 0; m < idx.length; m++) {
                int x = 36 + m * tripletW;
                float[] a = e.images()[idx[m]];
                float[] b = e.reconstructions()[idx[m]];
                g.fillRect(x, y, 2 * cell, cell);
                drawDigit(g, a, x, y, cell);
                drawDigit(g, b, x + cell, y, cell);
                g.drawImage(difference(a, b), x + 2 * cell, y, cell, cell, null);
            }
        }
        g.dispose();
        return img;
    }

    /**
     * Renders a difference image: red channel = ink added, blue = ink missed, grey = shared ink.
     *
     * @param original the original pixels in [0, 1]
     * @param recon the reconstruction in [0, 1]
     * @return a 28×28 (side×side) RGB image
     */
    public static BufferedImage difference(float[] original, float[] recon) {
        int side = (int) Math.round(Math.sqrt(original.length));
        BufferedImage im = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < original.length; j++) {
            float a = clamp(original[j]);
            float b = clamp(recon[j]);
            // Shared ink is dimmed and errors doubled, so that the errors stand out.
            float shared = Math.min(a, b) * 0.3f;
            float added = 2 * Math.max(0, b - a);
            float missed = 2 * Math.max(0, a - b);
            int r = (int) (255 * clamp(shared + added));
            int gr = (int) (255 * clamp(shared));
            int bl = (int) (255 * clamp(shared + missed));
            im.setRGB(j % side, j / side, (r << 16) | (gr << 8) | bl);
        }
        return im;
    }

    // ---- figure 5 ------------------------------------------------------------------------------

    /**
     * Draws the code image: 100 test images per digit against code bits sorted by activity.
     *
     * @param e a binary-code evaluation
     * @param title the model description
     * @param zoom whether to keep only bits used at least once on the test set
     * @return the image
     */
    public static BufferedImage codes(ReconstructionEvaluation e, String title, boolean zoom) {
        int[] counts = e.bitCounts();
        Integer[] bits = IntStream.range(0, counts.length).boxed().toArray(Integer[]::new);
        Arrays.sort(bits, Comparator.comparingInt((Integer k) -> counts[k]).reversed());
        int used = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        int columns = zoom ? Math.max(1, used) : counts.length;
        List<Integer> rowsList = new ArrayList<>();
        int[] groupStart = new int[11];
        for (int d = 0; d < 10; d++) {
            groupStart[d] = rowsList.size();
            for (int i : firstOf(e, d, 100)) {
                rowsList.add(i);
            }
        }
        groupStart[10] = rowsList.size();
        int plotW = 1200;
        int rows = rowsList.size();
        // Raw raster: one pixel per (image, bit), then scaled (area-averaged when shrinking).
        BufferedImage raw =
                new BufferedImage(columns, Math.max(1, rows), BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows; r++) {
            float[] code = e.codes()[rowsList.get(r)];
            for (int c = 0; c < columns; c++) {
                raw.setRGB(c, r, code[bits[c]] > 0.5f ? 0xFFFFFF : 0);
            }
        }
        int left = 70;
        int top = 60;
        int w = left + plotW + 30;
        int h = top + rows + 60;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION,
                columns > plotW
                        ? RenderingHints.VALUE_INTERPOLATION_BILINEAR
                        : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        centred(g, title, w, 20, 13f);
        centred(
                g,
                zoom
                        ? String.format(
                                Locale.ROOT,
                                "Encoded digits: the %d bits used on the test set "
                                        + "(of %d), sorted by activity",
                                used,
                                counts.length)
                        : String.format(
                                Locale.ROOT,
                                "Encoded digits: all %d bits, sorted by activity " + "(white = 1)",
                                counts.length),
                w,
                44,
                14f);
        g.drawImage(scaleDown(raw, plotW, rows), left, top, plotW, rows, null);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, rows);
        g.setFont(g.getFont().deriveFont(12f));
        for (int d = 0; d < 10; d++) {
            int yc = top + (groupStart[d] + groupStart[d + 1]) / 2;
            g.drawString("digit " + d, 8, yc + 4);
            g.drawLine(left - 5, top + groupStart[d], left, top + groupStart[d]);
        }
        int ticks = 8;
        for (int t = 0; t <= ticks; t++) {
            int c = columns * t / ticks;
            int x = left + plotW * t / ticks;
            g.drawLine(x, top + rows, x, top + rows + 4);
            String s = Integer.toString(c);
            g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, top + rows + 18);
        }
        centred(g, "code bit, by rank of activity on the test set", w, top + rows + 40, 13f);
        g.dispose();
        return img;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static BufferedImage scaleDown(BufferedImage raw, int w, int h) {
        if (raw.getWidth() <= w) {
            return raw;
        }
        // Average blocks of columns so that sparse white bits still show as grey.
        BufferedImage out = new BufferedImage(w, raw.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < w; x++) {
            int c0 = (int) ((long) x * raw.getWidth() / w);
            int c1 = Math.max(c0 + 1, (int) ((long) (x + 1) * raw.getWidth() / w));
            for (int y = 0; y < raw.getHeight(); y++) {
                int on = 0;
                for (int c = c0; c < c1; c++) {
                    on += (raw.getRGB(c, y) & 0xFF) > 127 ? 1 : 0;
                }
                int v = (int) (255.0 * on / (c1 - c0));
                out.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return out;
    }

    private static int[] firstOf(ReconstructionEvaluation e, int digit, int count) {
        return IntStream.range(0, e.size())
                .filter(i -> e.labels()[i] == digit)
                .limit(count)
                .toArray();
    }

    private static int[] slice(Integer[] rank, int from, int to) {
        int[] s = new int[to - from];
        for (int i = from; i < to; i++) {
            s[i - from] = rank[i];
        }
        return s;
    }

    private static void drawDigit(Graphics2D g, float[] px, int x, int y, int size) {
        int side = (int) Math.round(Math.sqrt(px.length));
        BufferedImage im = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int j = 0; j < px.length; j++) {
            int v = (int) (255 * clamp(px[j]));
            im.getRaster().setSample(j % side, j / side, 0, v);
        }
        g.drawImage(im, x, y, size, size, null);
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(Color.BLACK);
        return g;
    }

    private static void centred(Graphics2D g, String text, int width, int y, float size) {
        centred(g, text, width, y, size, 0);
    }

    private static void centred(
            Graphics2D g, String text, int width, int y, float size, int offset) {
        Color c = g.getColor();
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(size));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(
                text, Math.max(2, (width - fm.stringWidth(text)) / 2 + offset / 2 - offset / 2), y);
        g.setColor(c);
    }

    private static void write(BufferedImage img, Path file, List<String> written) {
        AtomicFiles.write(
                file,
                out -> {
                    try {
                        ImageIO.write(img, "png", out);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
        written.add(file.getFileName().toString());
    }
}
