package org.latentkit.api.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.latentkit.core.InvalidInputException;

/**
 * Writes a {@link DigitSet} as a folder of 8-bit grey PNGs that {@link ImageFolderLoader} reads
 * back byte for byte: {@code DIR/<label>/<index>.png} for a labelled set, {@code DIR/<index>.png}
 * for a set without labels, the index zero-padded to five digits so that file-name order is index
 * order.
 */
public final class ImageFolderWriter {

    private ImageFolderWriter() {}

    /**
     * Writes every image of a set, one subfolder per class when the set has labels.
     *
     * @param set the images
     * @param dir the folder to fill (created)
     * @return the number of files written
     * @throws InvalidInputException when a file cannot be written, naming it
     */
    public static int write(DigitSet set, Path dir) {
        for (int i = 0; i < set.size(); i++) {
            Path folder = set.hasLabels() ? dir.resolve(Integer.toString(set.label(i))) : dir;
            writePng(
                    folder.resolve(String.format(Locale.ROOT, "%05d.png", i)),
                    pixels(set, i),
                    set.rows(),
                    set.cols());
        }
        return set.size();
    }

    /**
     * Refuses a folder that exists and holds anything, so that an export never mixes with old
     * files.
     *
     * @param dir the folder to write into
     * @throws InvalidInputException {@code "out DIR: not empty ..."}
     */
    public static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("out " + dir + ": exists and is not a folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                throw new InvalidInputException(
                        "out "
                                + dir
                                + ": not empty (images are written into a new or empty folder)");
            }
        } catch (IOException e) {
            throw new InvalidInputException(
                    "out " + dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Returns one image's raw grey levels.
     *
     * @param set the set
     * @param i the image index
     * @return {@code rows * cols} bytes, row-major
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
     * @param pixels row-major grey levels, {@code rows * cols} bytes
     * @param rows height
     * @param cols width
     * @throws InvalidInputException when the file cannot be written, naming it
     */
    public static void writePng(Path file, byte[] pixels, int rows, int cols) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, cols, rows, pixels);
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
