package org.latentkit.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.latentkit.api.data.DigitSet;

/**
 * Writes fixture digits as image folders (8-bit grey PNGs through {@code javax.imageio}), for the
 * tests of the image-folder path. Shared with the other modules' tests through the test-jar.
 */
public final class ImageFolders {

    private ImageFolders() {}

    /**
     * Writes every image of a labelled set as {@code dir/<label>/<index, 5 digits>.png}.
     *
     * @param set the images
     * @param dir the folder to fill (created)
     * @return {@code dir}
     */
    public static Path writeByClass(DigitSet set, Path dir) {
        for (int i = 0; i < set.size(); i++) {
            writePng(
                    dir.resolve(Integer.toString(set.label(i))).resolve(name(i)),
                    pixels(set, i),
                    set.rows(),
                    set.cols());
        }
        return dir;
    }

    /**
     * Writes every image of a set as {@code dir/<index, 5 digits>.png}, no class folders.
     *
     * @param set the images
     * @param dir the folder to fill (created)
     * @return {@code dir}
     */
    public static Path writeFlat(DigitSet set, Path dir) {
        for (int i = 0; i < set.size(); i++) {
            writePng(dir.resolve(name(i)), pixels(set, i), set.rows(), set.cols());
        }
        return dir;
    }

    /**
     * Returns image {@code i}'s raw bytes.
     *
     * @param set the set
     * @param i the image
     * @return {@code rows * cols} grey levels
     */
    public static byte[] pixels(DigitSet set, int i) {
        byte[] px = new byte[set.features()];
        for (int j = 0; j < px.length; j++) {
            px[j] = (byte) set.pixel(i, j);
        }
        return px;
    }

    /**
     * Writes one 8-bit grey PNG.
     *
     * @param file the file (its folder is created)
     * @param pixels row-major grey levels
     * @param rows height
     * @param cols width
     */
    public static void writePng(Path file, byte[] pixels, int rows, int cols) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, cols, rows, pixels);
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "%05d.png", i);
    }
}
