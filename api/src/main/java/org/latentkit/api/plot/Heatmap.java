package org.latentkit.api.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.latentkit.api.InvalidInputException;

/**
 * A matrix drawn as coloured cells with row and column labels, rendered headless with Java2D.
 *
 * <p>Usage: {@code Heatmap.of(matrix).title("Bit correlation").labels(rows, cols)
 * .scale(Heatmap.Scale.DIVERGING, -1, 1).annotate().render()}, then {@link Figure#writePng}. NaN
 * cells are drawn grey.
 */
public final class Heatmap {

    /** How values map to colours. */
    public enum Scale {
        /** Dark blue through green to yellow (viridis-like), for counts and fractions. */
        SEQUENTIAL,
        /** Blue at the minimum, white in the middle, red at the maximum, for correlations. */
        DIVERGING
    }

    private static final Color[] VIRIDIS = {
        new Color(68, 1, 84),
        new Color(59, 82, 139),
        new Color(33, 145, 140),
        new Color(94, 201, 98),
        new Color(253, 231, 37)
    };

    private final double[][] values;
    private String title = "";
    private String xTitle = "";
    private String yTitle = "";
    private String[] rowLabels;
    private String[] colLabels;
    private Scale scale = Scale.SEQUENTIAL;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private boolean annotate;
    private int cell = 36;

    private Heatmap(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new InvalidInputException("heatmap: the matrix is empty");
        }
        this.values = values;
    }

    /**
     * Starts a heatmap of a rectangular matrix.
     *
     * @param values {@code rows × cols} values
     * @return the heatmap
     */
    public static Heatmap of(double[][] values) {
        return new Heatmap(values);
    }

    /**
     * Sets the title.
     *
     * @param text the title
     * @return this heatmap
     */
    public Heatmap title(String text) {
        this.title = text;
        return this;
    }

    /**
     * Sets the axis titles.
     *
     * @param x under the columns
     * @param y beside the rows
     * @return this heatmap
     */
    public Heatmap axes(String x, String y) {
        this.xTitle = x;
        this.yTitle = y;
        return this;
    }

    /**
     * Sets the row and column labels.
     *
     * @param rows one per row
     * @param cols one per column
     * @return this heatmap
     */
    public Heatmap labels(String[] rows, String[] cols) {
        this.rowLabels = rows.clone();
        this.colLabels = cols.clone();
        return this;
    }

    /**
     * Sets the colour scale and its range (default: sequential over the data's range).
     *
     * @param kind the scale
     * @param lo the value at the low end
     * @param hi the value at the high end
     * @return this heatmap
     */
    public Heatmap scale(Scale kind, double lo, double hi) {
        this.scale = kind;
        this.min = lo;
        this.max = hi;
        return this;
    }

    /**
     * Writes each value into its cell.
     *
     * @return this heatmap
     */
    public Heatmap annotate() {
        this.annotate = true;
        return this;
    }

    /**
     * Sets the cell size (default 36 pixels).
     *
     * @param pixels the side of a cell
     * @return this heatmap
     */
    public Heatmap cellSize(int pixels) {
        this.cell = pixels;
        return this;
    }

    /**
     * Draws the heatmap.
     *
     * @return the image
     */
    public BufferedImage render() {
        int rows = values.length;
        int cols = values[0].length;
        double lo = min;
        double hi = max;
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (double[] r : values) {
                for (double v : r) {
                    if (!Double.isNaN(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int rowLabelWidth = 0;
        if (rowLabels != null) {
            for (String s : rowLabels) {
                rowLabelWidth = Math.max(rowLabelWidth, fm.stringWidth(s));
            }
        }
        int left = 30 + rowLabelWidth + 8;
        int top = 40;
        int width = left + cols * cell + 90;
        int height = top + rows * cell + 50;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(font.deriveFont(Font.BOLD, 14f));
        g.setColor(Color.BLACK);
        g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 24);
        g.setFont(font);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = values[i][j];
                Color c = Double.isNaN(v) ? Color.LIGHT_GRAY : colour((v - lo) / (hi - lo));
                g.setColor(c);
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
                if (annotate && !Double.isNaN(v)) {
                    String s = String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.2f", v);
                    double lum = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
                    g.setColor(lum < 128 ? Color.WHITE : Color.BLACK);
                    g.drawString(
                            s,
                            left + j * cell + (cell - fm.stringWidth(s)) / 2,
                            top + i * cell + (cell + fm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Color.BLACK);
        if (rowLabels != null) {
            for (int i = 0; i < rows; i++) {
                g.drawString(
                        rowLabels[i],
                        left - 6 - fm.stringWidth(rowLabels[i]),
                        top + i * cell + (cell + fm.getAscent()) / 2 - 2);
            }
            for (int j = 0; j < cols; j++) {
                g.drawString(
                        colLabels[j],
                        left + j * cell + (cell - fm.stringWidth(colLabels[j])) / 2,
                        top + rows * cell + 16);
            }
        }
        g.drawString(
                xTitle, left + (cols * cell - fm.stringWidth(xTitle)) / 2, top + rows * cell + 36);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(top + (rows * cell + fm.stringWidth(yTitle)) / 2), 18);
        g.setTransform(saved);
        // Colour bar with its two ends labelled.
        int barX = left + cols * cell + 16;
        int barH = rows * cell;
        for (int y = 0; y < barH; y++) {
            g.setColor(colour(1 - (double) y / Math.max(1, barH - 1)));
            g.fillRect(barX, top + y, 14, 1);
        }
        g.setColor(Color.BLACK);
        g.drawString(label(hi), barX + 18, top + fm.getAscent());
        g.drawString(label(lo), barX + 18, top + barH);
        g.dispose();
        return img;
    }

    private static String label(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.2f", v);
    }

    private Color colour(double t) {
        double u = Math.max(0, Math.min(1, t));
        if (scale == Scale.DIVERGING) {
            Color end = u < 0.5 ? new Color(33, 102, 172) : new Color(178, 24, 43);
            double w = Math.abs(u - 0.5) * 2;
            return mix(Color.WHITE, end, w);
        }
        double pos = u * (VIRIDIS.length - 1);
        int k = Math.min(VIRIDIS.length - 2, (int) Math.floor(pos));
        return mix(VIRIDIS[k], VIRIDIS[k + 1], pos - k);
    }

    private static Color mix(Color a, Color b, double w) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * w),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * w),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * w));
    }
}
