package org.latentkit.trainers.reconstruct;

import java.awt.BasicStroke;
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
import org.latentkit.api.metrics.Distribution;
import org.latentkit.api.run.AtomicFiles;

/**
 * The diagnostic figures of an autoencoder run (seed 001's figures), drawn headless with Java 2D.
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

    private static final Color[] TAB10 = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };
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
        int histH = 170;
        int w = 2 * stripW + 3 * 40;
        int h = histTop + histH + 50;
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
            colours[k] = Color.getHSBColor(0.66f - 0.66f * k / (groups.size() - 1), 0.85f, 0.8f);
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
        // The histogram.
        int hx = 60;
        int hw = w - hx - 30;
        int bins = 100;
        double lo = 0;
        double hi = all.max() * 1.02;
        int[] counts = new int[bins];
        for (double v : e.mse()) {
            counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        }
        int maxCount = Arrays.stream(counts).max().orElse(1);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(14f));
        centred(g, "MSE distribution and sample group locations", w, histTop - 4, 14f);
        // Bands for the lowest and highest groups, lines for the quantile groups.
        for (int k = 0; k < groups.size(); k++) {
            int[] members = groups.get(k);
            double a = e.mse()[members[0]];
            double b = e.mse()[members[members.length - 1]];
            int xa = hx + (int) ((a - lo) / (hi - lo) * hw);
            int xb = hx + (int) ((b - lo) / (hi - lo) * hw);
            Color c = colours[k];
            if (k == 0 || k == groups.size() - 1) {
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
                g.fillRect(xa, histTop + 6, Math.max(3, xb - xa), histH - 6);
            } else {
                g.setColor(c);
                g.setStroke(new BasicStroke(Math.max(2f, xb - xa)));
                int xm = (xa + xb) / 2;
                g.drawLine(xm, histTop + 6, xm, histTop + histH);
                g.setStroke(new BasicStroke(1f));
            }
        }
        g.setColor(new Color(120, 120, 120, 200));
        for (int b = 0; b < bins; b++) {
            int bh = (int) Math.round((double) counts[b] / maxCount * (histH - 10));
            int x0 = hx + b * hw / bins;
            int x1 = hx + (b + 1) * hw / bins;
            g.fillRect(x0, histTop + histH - bh, Math.max(1, x1 - x0 - 1), bh);
        }
        g.setColor(Color.BLACK);
        g.drawRect(hx, histTop + 6, hw, histH - 6);
        g.setFont(g.getFont().deriveFont(12f));
        for (int t = 0; t <= 5; t++) {
            double v = lo + (hi - lo) * t / 5;
            int x = hx + hw * t / 5;
            g.drawLine(x, histTop + histH, x, histTop + histH + 4);
            String s = String.format(Locale.ROOT, "%.4f", v);
            g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, histTop + histH + 18);
        }
        g.drawString(Integer.toString(maxCount), 10, histTop + 18);
        g.drawString("0", 40, histTop + histH);
        centred(g, "per-image test MSE", w, histTop + histH + 38, 13f);
        g.dispose();
        return img;
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
        int panels = e.binary() ? 2 : 1;
        int w = 760;
        int ph = 360;
        int h = 40 + panels * (ph + 30);
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        centred(g, title, w, 22, 14f);
        double[][] mse = new double[10][];
        for (int d = 0; d < 10; d++) {
            mse[d] = e.mseOf(d);
        }
        boxplot(
                g,
                mse,
                70,
                50,
                w - 100,
                ph - 30,
                "Reconstruction error (MSE per image) by digit",
                "%.3f");
        if (e.binary()) {
            double[][] bits = new double[10][];
            for (int d = 0; d < 10; d++) {
                bits[d] = Arrays.stream(e.activeBitsOf(d)).asDoubleStream().toArray();
            }
            boxplot(
                    g,
                    bits,
                    70,
                    50 + ph + 30,
                    w - 100,
                    ph - 30,
                    String.format(
                            Locale.ROOT, "Sparsity: active bits per image (of %d)", e.codeSize()),
                    "%.0f");
        }
        g.dispose();
        return img;
    }

    private static void boxplot(
            Graphics2D g,
            double[][] groups,
            int x,
            int y,
            int w,
            int h,
            String title,
            String tickFormat) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : groups) {
            for (double d : v) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.05;
        lo = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
        hi += pad;
        g.setColor(Color.BLACK);
        centred(g, title, 2 * x + w, y - 6, 14f, x);
        g.drawRect(x, y, w, h);
        g.setFont(g.getFont().deriveFont(11f));
        for (int t = 0; t <= 6; t++) {
            double v = lo + (hi - lo) * t / 6;
            int yy = y + h - (int) ((v - lo) / (hi - lo) * h);
            g.drawLine(x - 4, yy, x, yy);
            String s = String.format(Locale.ROOT, tickFormat, v);
            g.drawString(s, x - 6 - g.getFontMetrics().stringWidth(s), yy + 4);
        }
        int slot = w / groups.length;
        for (int d = 0; d < groups.length; d++) {
            double[] v = groups[d];
            int cx = x + slot * d + slot / 2;
            g.setColor(Color.BLACK);
            g.drawString(Integer.toString(d), cx - 3, y + h + 16);
            if (v.length == 0) {
                continue;
            }
            double[] s = v.clone();
            Arrays.sort(s);
            double q1 = Distribution.quantile(s, 0.25);
            double med = Distribution.quantile(s, 0.5);
            double q3 = Distribution.quantile(s, 0.75);
            double iqr = q3 - q1;
            double wlo = s[0];
            double whi = s[s.length - 1];
            for (double a : s) {
                if (a >= q1 - 1.5 * iqr) {
                    wlo = a;
                    break;
                }
            }
            for (int i = s.length - 1; i >= 0; i--) {
                if (s[i] <= q3 + 1.5 * iqr) {
                    whi = s[i];
                    break;
                }
            }
            int bw = slot * 6 / 10;
            int yq1 = y + h - (int) ((q1 - lo) / (hi - lo) * h);
            int yq3 = y + h - (int) ((q3 - lo) / (hi - lo) * h);
            int ym = y + h - (int) ((med - lo) / (hi - lo) * h);
            int ylo = y + h - (int) ((wlo - lo) / (hi - lo) * h);
            int yhi = y + h - (int) ((whi - lo) / (hi - lo) * h);
            g.setColor(TAB10[d % 10]);
            g.fillRect(cx - bw / 2, yq3, bw, Math.max(1, yq1 - yq3));
            g.setColor(Color.DARK_GRAY);
            g.drawRect(cx - bw / 2, yq3, bw, Math.max(1, yq1 - yq3));
            g.drawLine(cx, yq3, cx, yhi);
            g.drawLine(cx, yq1, cx, ylo);
            g.drawLine(cx - bw / 4, yhi, cx + bw / 4, yhi);
            g.drawLine(cx - bw / 4, ylo, cx + bw / 4, ylo);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(cx - bw / 2, ym, cx + bw / 2, ym);
            g.setStroke(new BasicStroke(1f));
            for (double a : s) {
                if (a < wlo || a > whi) {
                    int yy = y + h - (int) ((a - lo) / (hi - lo) * h);
                    g.drawOval(cx - 3, yy - 3, 6, 6);
                }
            }
        }
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
