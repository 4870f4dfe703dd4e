package org.latentkit.api.translate;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.latentkit.api.data.Normalization;
import org.latentkit.core.InvalidInputException;

/**
 * Image files to the inputs latentkit models take: 28×28 grayscale, normalised as in training.
 *
 * <p>An image is converted to grayscale (a single-channel image keeps its samples exactly; colour
 * uses luma {@code 0.299 R + 0.587 G + 0.114 B}) and, when it is not 28×28, scaled to 28×28 with
 * bilinear interpolation. A pixel value {@code p} in {@code [0, 255]} then becomes {@code p · scale
 * + shift} of the model's {@link Normalization}, exactly as the IDX loader does, so a PNG written
 * from an MNIST image gives the model the same input as the IDX file.
 */
public final class DigitImages {

    /** Height and width of the model input. */
    public static final int SIZE = 28;

    private DigitImages() {}

    /**
     * Reads an image file (PNG, JPEG, or any format {@code ImageIO} reads).
     *
     * @param file the file
     * @return the image
     * @throws InvalidInputException naming the file if it is missing or not an image
     */
    public static Image read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("image " + file + ": file not found");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(
                    "image " + file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new InvalidInputException(
                    "image " + file + ": not an image (PNG or JPEG expected)");
        }
        return ImageFactory.getInstance().fromImage(img);
    }

    /**
     * Lists the image files named on a command line: files as given, directories expanded to their
     * {@code .png}, {@code .jpg} and {@code .jpeg} files (not recursively), sorted by name.
     *
     * @param paths files and directories
     * @return the image files, in order
     * @throws InvalidInputException if a path is missing or a directory holds no images
     */
    public static List<Path> list(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> s = Files.list(p)) {
                    found = s.filter(DigitImages::isImageName).sorted().toList();
                } catch (IOException e) {
                    throw new InvalidInputException(
                            "images " + p + ": cannot list the directory (" + e + ")", e);
                }
                if (found.isEmpty()) {
                    throw new InvalidInputException(
                            "images " + p + ": no .png, .jpg or .jpeg files in the directory");
                }
                out.addAll(found);
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new InvalidInputException("image " + p + ": file not found");
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("images: none given");
        }
        return out;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p)
                && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /**
     * Returns an image's 28×28 grayscale pixels, row-major, in {@code [0, 255]}.
     *
     * @param image the image
     * @return 784 values
     */
    public static float[] pixels(Image image) {
        BufferedImage src =
                image.getWrappedImage() instanceof BufferedImage b ? b : toBuffered(image);
        BufferedImage gray = src;
        if (src.getType() != BufferedImage.TYPE_BYTE_GRAY
                || src.getWidth() != SIZE
                || src.getHeight() != SIZE) {
            gray = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage rgb = src;
            if (src.getType() != BufferedImage.TYPE_BYTE_GRAY) {
                rgb = luma(src);
            }
            Graphics2D g = gray.createGraphics();
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(rgb, 0, 0, SIZE, SIZE, null);
            g.dispose();
        }
        Raster r = gray.getRaster();
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                out[y * SIZE + x] = r.getSample(x, y, 0);
            }
        }
        return out;
    }

    /** Grayscale by luma, written straight into the raster (no colour-space conversion). */
    private static BufferedImage luma(BufferedImage src) {
        BufferedImage g =
                new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int argb = src.getRGB(x, y);
                int v =
                        Math.round(
                                0.299f * ((argb >> 16) & 0xFF)
                                        + 0.587f * ((argb >> 8) & 0xFF)
                                        + 0.114f * (argb & 0xFF));
                g.getRaster().setSample(x, y, 0, Math.min(255, v));
            }
        }
        return g;
    }

    private static BufferedImage toBuffered(Image image) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = image.toNDArray(m, Image.Flag.GRAYSCALE);
            int h = (int) a.getShape().get(0);
            int w = (int) a.getShape().get(1);
            byte[] v = a.toType(DataType.UINT8, false).toByteArray();
            BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int i = 0; i < v.length; i++) {
                b.getRaster().setSample(i % w, i / w, 0, v[i] & 0xFF);
            }
            return b;
        }
    }

    /**
     * Converts an image to one model input.
     *
     * @param manager owns the array
     * @param image the image
     * @param norm the normalisation the model was trained with
     * @return a {@code (1, 1, 28, 28)} float32 array
     */
    public static NDArray toArray(NDManager manager, Image image, Normalization norm) {
        float[] p = pixels(image);
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] * norm.scale() + norm.shift();
        }
        return manager.create(p, new Shape(1, 1, SIZE, SIZE));
    }

    /**
     * Writes 28×28 grayscale pixels as a PNG, samples stored exactly.
     *
     * @param pixels 784 values in {@code [0, 255]}, row-major
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    public static void writePng(float[] pixels, Path file) throws IOException {
        BufferedImage b = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < SIZE * SIZE; i++) {
            b.getRaster()
                    .setSample(
                            i % SIZE,
                            i / SIZE,
                            0,
                            Math.max(0, Math.min(255, Math.round(pixels[i]))));
        }
        ImageIO.write(b, "png", file.toFile());
    }
}
