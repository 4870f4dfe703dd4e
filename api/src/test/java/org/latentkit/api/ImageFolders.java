package org.latentkit.api;

import java.nio.file.Path;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.ImageFolderWriter;

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
        if (!set.hasLabels()) {
            throw new IllegalArgumentException(set + " has no labels");
        }
        ImageFolderWriter.write(set, dir);
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
        ImageFolderWriter.write(set.withoutLabels(), dir);
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
        return ImageFolderWriter.pixels(set, i);
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
        ImageFolderWriter.writePng(file, pixels, rows, cols);
    }
}
