package org.latentkit.api.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * An immutable set of grey-scale digit images held as raw bytes in the Java heap, with a class
 * (0–9) per image, or with no labels at all ({@link #unlabelled}; every label accessor of such a
 * set throws an {@link InvalidInputException} that names the set).
 *
 * <p>{@link DigitDataset} presents a set as a DJL {@code RandomAccessDataset}, and {@link
 * DigitDataset#toDigitSet} turns any DJL {@code RandomAccessDataset} of digit images into a set.
 *
 * <p>Batches are assembled straight into one engine array per batch ({@link #images}), which avoids
 * the per-sample arrays of DJL's generic batchify path; {@link #toArrayDataset} gives the standard
 * DJL {@link ArrayDataset} for code that wants it.
 */
public final class DigitSet {

    private final String name;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final int[] labels;
    private final int count;

    /**
     * Creates a set from raw pixels and labels.
     *
     * @param name a short description, for example {@code mnist/train}
     * @param rows rows per image
     * @param cols columns per image
     * @param pixels {@code labels.length * rows * cols} unsigned bytes
     * @param labels class per image, 0–9
     */
    public DigitSet(String name, int rows, int cols, byte[] pixels, int[] labels) {
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new InvalidInputException(
                    name
                            + ": "
                            + labels.length
                            + " labels but "
                            + (pixels.length / Math.max(1, rows * cols))
                            + " images of "
                            + rows
                            + "x"
                            + cols);
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
        this.count = labels.length;
    }

    private DigitSet(String name, int rows, int cols, byte[] pixels) {
        if (rows <= 0 || cols <= 0 || pixels.length % (rows * cols) != 0) {
            throw new InvalidInputException(
                    name
                            + ": "
                            + pixels.length
                            + " pixels are not a whole number of "
                            + rows
                            + "x"
                            + cols
                            + " images");
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = null;
        this.count = pixels.length / (rows * cols);
    }

    /**
     * Creates a set of images without labels, for the unsupervised trainers.
     *
     * @param name a short description, for example {@code images/train}
     * @param rows rows per image
     * @param cols columns per image
     * @param pixels {@code n * rows * cols} unsigned bytes
     * @return the set; {@link #hasLabels} is false
     */
    public static DigitSet unlabelled(String name, int rows, int cols, byte[] pixels) {
        return new DigitSet(name, rows, cols, pixels);
    }

    /**
     * Returns the same images without their labels.
     *
     * @return a set whose {@link #hasLabels} is false (this set when it has none)
     */
    public DigitSet withoutLabels() {
        return labels == null ? this : new DigitSet(name, rows, cols, pixels);
    }

    /**
     * Returns the same images with other labels, for example a clustering's pseudo-labels.
     *
     * @param newLabels one label per image
     * @param suffix appended to the name, for example {@code [pseudo-labels]}
     * @return a new set sharing these pixels
     * @throws InvalidInputException if the count differs from the images'
     */
    public DigitSet withLabels(int[] newLabels, String suffix) {
        return new DigitSet(name + suffix, rows, cols, pixels, newLabels.clone());
    }

    /**
     * Returns whether the images have labels.
     *
     * @return false for a set made by {@link #unlabelled}
     */
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * Returns the raw pixel of one image.
     *
     * @param i the image index
     * @param j the pixel index, row-major, {@code 0..rows*cols-1}
     * @return the unsigned byte value, 0–255
     */
    public int pixel(int i, int j) {
        return pixels[i * features() + j] & 0xFF;
    }

    private int[] requireLabels() {
        if (labels == null) {
            throw new InvalidInputException(
                    name + ": the images have no labels (this step needs one class per image)");
        }
        return labels;
    }

    /**
     * Returns the description.
     *
     * @return for example {@code mnist/train[0:55000]}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of images.
     *
     * @return the size
     */
    public int size() {
        return count;
    }

    /**
     * Returns the pixels per image.
     *
     * @return {@code rows * cols}, 784 for MNIST
     */
    public int features() {
        return rows * cols;
    }

    /**
     * Returns the image height.
     *
     * @return rows
     */
    public int rows() {
        return rows;
    }

    /**
     * Returns the image width.
     *
     * @return columns
     */
    public int cols() {
        return cols;
    }

    /**
     * Returns the label of one image.
     *
     * @param i the index
     * @return its class
     */
    public int label(int i) {
        return requireLabels()[i];
    }

    /**
     * Returns a copy of all labels.
     *
     * @return the labels
     */
    public int[] labels() {
        return requireLabels().clone();
    }

    /**
     * Returns one image as normalised floats.
     *
     * @param i the index
     * @param norm the normalisation
     * @return {@code rows*cols} values
     */
    public float[] image(int i, Normalization norm) {
        float[] out = new float[features()];
        int base = i * features();
        for (int j = 0; j < out.length; j++) {
            out[j] = norm.apply(pixels[base + j]);
        }
        return out;
    }

    /**
     * Returns the images at {@code order[from..to)} as one array of shape {@code (B, 1, rows,
     * cols)}, attached to {@code manager}.
     *
     * @param manager where the array lives; close it to free the batch
     * @param order the sample order, or {@code null} for the natural order
     * @param from first position in {@code order}
     * @param to one past the last position
     * @param norm the normalisation
     * @return the image batch
     */
    public NDArray images(NDManager manager, int[] order, int from, int to, Normalization norm) {
        int f = features();
        // The raw bytes are copied row by row into a direct buffer reused from batch to batch; the
        // engine converts and scales them: (p * scale) + shift in float32, the same two roundings
        // as
        // Normalization.apply. The conversion allocates engine-owned memory, so the buffer is free
        // for
        // the next batch at once. (A fresh direct buffer per batch would be freed only when the
        // garbage collector gets round to it: resident memory grew by hundreds of MB over a few
        // epochs that way; docs/performance.md.)
        ByteBuffer staged = scratch((to - from) * f);
        for (int k = from; k < to; k++) {
            staged.put(pixels, (order == null ? k : order[k]) * f, f);
        }
        staged.rewind();
        try (NDArray bytes =
                manager.create(staged, new Shape(to - from, 1, rows, cols), DataType.UINT8)) {
            NDArray x = bytes.toType(DataType.FLOAT32, true);
            try (NDArray scale = Scalars.scalar(x, norm.scale())) {
                x.muli(scale);
            }
            return norm.shift() == 0f ? x : x.addi(norm.shift());
        }
    }

    /** Batches up to this size reuse one direct buffer per thread; larger ones get their own. */
    private static final int SCRATCH_LIMIT = 4 << 20;

    private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

    /**
     * A native-order direct buffer of exactly {@code bytes} bytes, reused by the thread where
     * small.
     */
    private static ByteBuffer scratch(int bytes) {
        if (bytes > SCRATCH_LIMIT) {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        ByteBuffer buf = SCRATCH.get();
        if (buf == null || buf.capacity() < bytes) {
            buf =
                    ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16))
                            .order(ByteOrder.nativeOrder());
            SCRATCH.set(buf);
        }
        return buf.slice(0, bytes).order(ByteOrder.nativeOrder());
    }

    /**
     * Returns the labels at {@code order[from..to)} as a float32 array of shape {@code (B)}, the
     * form DJL's softmax cross-entropy expects.
     *
     * @param manager where the array lives
     * @param order the sample order, or {@code null} for the natural order
     * @param from first position
     * @param to one past the last position
     * @return the label batch
     */
    public NDArray labels(NDManager manager, int[] order, int from, int to) {
        int[] labels = requireLabels();
        float[] buf = new float[to - from];
        for (int k = from; k < to; k++) {
            buf[k - from] = labels[order == null ? k : order[k]];
        }
        return manager.create(buf);
    }

    /**
     * Returns the images at the given indices.
     *
     * @param indices which images, in order
     * @param suffix appended to the name, for example {@code [stratified 250]}
     * @return a new set
     */
    public DigitSet select(int[] indices, String suffix) {
        int f = features();
        byte[] px = new byte[indices.length * f];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * f, px, k * f, f);
            lb[k] = labels == null ? 0 : labels[indices[k]];
        }
        return labels == null
                ? new DigitSet(name + suffix, rows, cols, px)
                : new DigitSet(name + suffix, rows, cols, px, lb);
    }

    /**
     * Returns the contiguous range {@code [from, to)}.
     *
     * @param from first index
     * @param to one past the last index
     * @return a new set
     */
    public DigitSet range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new InvalidInputException(
                    name + ": range [" + from + ":" + to + ") is outside 0.." + size());
        }
        int f = features();
        byte[] px = Arrays.copyOfRange(pixels, from * f, to * f);
        String sub = name + "[" + from + ":" + to + "]";
        return labels == null
                ? new DigitSet(sub, rows, cols, px)
                : new DigitSet(sub, rows, cols, px, Arrays.copyOfRange(labels, from, to));
    }

    /**
     * Chooses {@code n} samples with the class proportions of this set, reproducibly from the seed.
     * Each class gets {@code round(n * share)} samples (largest remainders first), drawn uniformly
     * without replacement; the result is in random order.
     *
     * @param n how many samples, 1..size
     * @param seed the seed
     * @return a new set of {@code n} samples
     */
    public DigitSet stratifiedSubset(int n, long seed) {
        if (n <= 0 || n > size()) {
            throw new InvalidInputException(
                    "train-samples: must be between 1 and " + size() + ", got " + n);
        }
        int[] labels = requireLabels();
        if (n == size()) {
            return this;
        }
        Random rng = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < size(); i++) {
            byClass.get(labels[i]).add(i);
        }
        int[] quota = new int[10];
        double[] remainder = new double[10];
        int given = 0;
        for (int c = 0; c < 10; c++) {
            double exact = (double) n * byClass.get(c).size() / size();
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        while (given < n) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        int[] chosen = new int[n];
        int k = 0;
        for (int c = 0; c < 10; c++) {
            List<Integer> members = byClass.get(c);
            Collections.shuffle(members, rng);
            for (int j = 0; j < quota[c]; j++) {
                chosen[k++] = members.get(j);
            }
        }
        shuffle(chosen, rng);
        return select(chosen, "[stratified " + n + " seed " + seed + "]");
    }

    /**
     * Returns a uniformly random permutation of {@code 0..size-1} (Fisher–Yates).
     *
     * @param rng the random stream
     * @return the permutation
     */
    public int[] permutation(Random rng) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order, rng);
        return order;
    }

    /**
     * Returns the number of images per class.
     *
     * @return ten counts
     */
    public int[] classCounts() {
        int[] counts = new int[10];
        for (int l : requireLabels()) {
            counts[l]++;
        }
        return counts;
    }

    /**
     * Returns a SHA-256 fingerprint of the pixels and labels, recorded with every run.
     *
     * @return 64 hex digits
     */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ByteBuffer.allocate(8).putInt(rows).putInt(cols).array());
            md.update(pixels);
            if (labels != null) {
                ByteBuffer lb = ByteBuffer.allocate(labels.length * 4);
                for (int l : labels) {
                    lb.putInt(l);
                }
                md.update(lb.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds DJL's standard {@link ArrayDataset} over this set, images shaped {@code (1, rows,
     * cols)} and float labels (none for an unlabelled set).
     *
     * @param manager where the two resident arrays live
     * @param norm the normalisation
     * @param batchSize the sampler's batch size
     * @param shuffle whether the sampler shuffles
     * @return the dataset
     */
    public ArrayDataset toArrayDataset(
            NDManager manager, Normalization norm, int batchSize, boolean shuffle) {
        NDArray x = images(manager, null, 0, size(), norm);
        ArrayDataset.Builder b = new ArrayDataset.Builder().setData(x);
        if (labels != null) {
            b.optLabels(labels(manager, null, 0, size()));
        }
        return b.setSampling(batchSize, shuffle).build();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name
                + " ("
                + size()
                + " images, "
                + rows
                + "x"
                + cols
                + (labels == null ? ", no labels" : "")
                + ")";
    }

    static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
