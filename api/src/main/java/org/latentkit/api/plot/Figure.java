package org.latentkit.api.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.latentkit.api.run.AtomicFiles;

/**
 * Helpers for raster figures: writing PNGs atomically and placing panels side by side or one above
 * the other.
 */
public final class Figure {

    private Figure() {}

    /**
     * Writes an image as PNG, atomically.
     *
     * @param image the image
     * @param png the target file
     */
    public static void writePng(BufferedImage image, Path png) {
        System.setProperty("java.awt.headless", "true");
        AtomicFiles.write(
                png,
                out -> {
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException("no PNG writer available");
                    }
                });
    }

    /**
     * Places panels left to right on a white background, top-aligned.
     *
     * @param panels the images
     * @return the combined image
     */
    public static BufferedImage sideBySide(BufferedImage... panels) {
        int w = 0;
        int h = 0;
        for (BufferedImage p : panels) {
            w += p.getWidth();
            h = Math.max(h, p.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        return out;
    }

    /**
     * Stacks panels top to bottom on a white background, left-aligned.
     *
     * @param panels the images
     * @return the combined image
     */
    public static BufferedImage topToBottom(BufferedImage... panels) {
        int w = 0;
        int h = 0;
        for (BufferedImage p : panels) {
            w = Math.max(w, p.getWidth());
            h += p.getHeight();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int y = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, 0, y, null);
            y += p.getHeight();
        }
        g.dispose();
        return out;
    }
}
