package org.latentkit.api.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;

/**
 * Rows of digit images, each row with a text label on its left: for example the members of a bucket
 * or cluster. Images are drawn black on white at an integer zoom.
 *
 * <p>Usage: {@code ImageGrid.titled("Buckets").zoom(2).row("bucket 5", set, indices).render()}.
 */
public final class ImageGrid {

    private record Row(String label, DigitSet set, int[] indices) {}

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private int zoom = 2;

    private ImageGrid(String title) {
        this.title = title;
    }

    /**
     * Starts a grid.
     *
     * @param title drawn above the rows
     * @return the grid
     */
    public static ImageGrid titled(String title) {
        return new ImageGrid(title);
    }

    /**
     * Sets the pixel zoom (default 2).
     *
     * @param factor screen pixels per image pixel, at least 1
     * @return this grid
     */
    public ImageGrid zoom(int factor) {
        this.zoom = Math.max(1, factor);
        return this;
    }

    /**
     * Adds a row.
     *
     * @param label text on the left
     * @param set where the images are
     * @param indices which images, left to right (may be fewer than other rows)
     * @return this grid
     */
    public ImageGrid row(String label, DigitSet set, int[] indices) {
        rows.add(new Row(label, set, indices.clone()));
        return this;
    }

    /**
     * Draws the grid.
     *
     * @return the image
     */
    public BufferedImage render() {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics fm =
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
                        .createGraphics()
                        .getFontMetrics(font);
        int labelWidth = 0;
        int maxCols = 1;
        int imgW = 28;
        int imgH = 28;
        for (Row r : rows) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(r.label()));
            maxCols = Math.max(maxCols, r.indices().length);
            imgW = r.set().cols();
            imgH = r.set().rows();
        }
        int pad = 2;
        int cw = imgW * zoom + pad;
        int ch = imgH * zoom + pad;
        int left = labelWidth + 16;
        int top = 34;
        int width = left + maxCols * cw + 8;
        int height = top + rows.size() * ch + 8;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(font.deriveFont(Font.BOLD, 14f));
        g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 22);
        g.setFont(font);
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y0 = top + r * ch;
            g.setColor(Color.BLACK);
            g.drawString(
                    row.label(),
                    left - 8 - fm.stringWidth(row.label()),
                    y0 + (ch + fm.getAscent()) / 2);
            for (int c = 0; c < row.indices().length; c++) {
                float[] px = row.set().image(row.indices()[c], Normalization.UNIT);
                int x0 = left + c * cw;
                for (int y = 0; y < imgH; y++) {
                    for (int x = 0; x < imgW; x++) {
                        int grey =
                                255 - Math.round(255 * Math.max(0, Math.min(1, px[y * imgW + x])));
                        g.setColor(new Color(grey, grey, grey));
                        g.fillRect(x0 + x * zoom, y0 + y * zoom, zoom, zoom);
                    }
                }
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(x0, y0, imgW * zoom - 1, imgH * zoom - 1);
            }
        }
        g.dispose();
        return out;
    }
}
