package org.latentkit.api.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.latentkit.core.InvalidInputException;

/**
 * Reads IDX files, the format MNIST and Fashion-MNIST ship in, plain or gzipped.
 *
 * <p>Images are IDX3 ({@code 0x00000803}, count, rows, cols, then unsigned bytes); labels are IDX1
 * ({@code 0x00000801}, count, then unsigned bytes). Every problem is reported as an {@link
 * InvalidInputException} whose message starts with the file name.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned bytes with one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * Images read from an IDX3 file.
     *
     * @param count number of images
     * @param rows rows per image
     * @param cols columns per image
     * @param pixels {@code count*rows*cols} unsigned bytes, row-major
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /**
     * Reads an IDX3 image file.
     *
     * @param file the file, plain or {@code .gz}
     * @return the images
     */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            checkMagic(file, magic, IMAGES_MAGIC);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new InvalidInputException(
                        file.getFileName()
                                + ": bad header (count "
                                + count
                                + ", "
                                + rows
                                + "x"
                                + cols
                                + ")");
            }
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
            readFully(file, in, pixels, count + " images of " + rows + "x" + cols);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads an IDX1 label file and checks every label is a digit class 0–9.
     *
     * @param file the file, plain or {@code .gz}
     * @return the labels
     */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            checkMagic(file, magic, LABELS_MAGIC);
            int count = in.readInt();
            if (count < 0) {
                throw new InvalidInputException(
                        file.getFileName() + ": bad header (count " + count + ")");
            }
            byte[] raw = new byte[count];
            readFully(file, in, raw, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] > 9) {
                    throw new InvalidInputException(
                            file.getFileName()
                                    + ": label "
                                    + labels[i]
                                    + " at index "
                                    + i
                                    + " is outside 0-9");
                }
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException(file + ": not a readable file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new BufferedInputStream(new GZIPInputStream(raw), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static void checkMagic(Path file, int magic, int expected) {
        if (magic != expected) {
            throw new InvalidInputException(
                    String.format(
                            "%s: wrong magic number 0x%08X (expected 0x%08X, an IDX %s file)",
                            file.getFileName(),
                            magic,
                            expected,
                            expected == IMAGES_MAGIC ? "image" : "label"));
        }
    }

    private static void readFully(Path file, DataInputStream in, byte[] buf, String what)
            throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                throw new InvalidInputException(
                        file.getFileName()
                                + ": truncated, header promises "
                                + what
                                + " ("
                                + buf.length
                                + " bytes) but the file ends after "
                                + off);
            }
            off += n;
        }
    }

    private static InvalidInputException unreadable(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new InvalidInputException(file.getFileName() + ": truncated header", e);
        }
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(file + ": file not found", e);
        }
        return new InvalidInputException(
                file.getFileName() + ": unreadable (" + e.getMessage() + ")", e);
    }
}
