package org.latentkit.api.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Objects;
import org.latentkit.core.InvalidInputException;

/**
 * latentkit's digit data as a DJL {@link RandomAccessDataset}, and the way back.
 *
 * <p>Each {@link Record} holds one image of shape {@code (1, rows, cols)}, float32, normalised by
 * the chosen {@link Normalization} ({@code x = b / 255} by default), and, for a labelled set, its
 * class as a float32 scalar of shape {@code ()} (the form DJL's {@code Mnist} gives and its softmax
 * cross-entropy takes). An unlabelled set gives records with an empty label list. Batched by DJL's
 * default stack batchifier, a batch is {@code (B, 1, rows, cols)} and {@code (B)}.
 *
 * <pre>{@code
 * DigitDataset train = DigitDataset.builder()
 *         .setDigits(split.train())
 *         .setSampling(32, true)
 *         .build();
 * EasyTrain.fit(trainer, 2, train, null);
 * }</pre>
 *
 * <p>{@link #toDigitSet} goes the other way: it reads any DJL {@code RandomAccessDataset} of digit
 * images into a {@link DigitSet}, which every latentkit trainer takes (in a {@link Split}).
 */
public final class DigitDataset extends RandomAccessDataset {

    private final DigitSet digits;
    private final Normalization normalization;

    private DigitDataset(Builder builder) {
        super(builder);
        this.digits = builder.digits;
        this.normalization = builder.normalization;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@code setDigits} and {@code setSampling} are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the wrapped set.
     *
     * @return the digits
     */
    public DigitSet digits() {
        return digits;
    }

    /**
     * Returns the normalisation applied to the pixels.
     *
     * @return the normalisation
     */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * Returns image {@code index}: data {@code [(1, rows, cols) float32]}, labels {@code [()
     * float32]} or, for an unlabelled set, no labels.
     *
     * @param manager where the arrays are created
     * @param index the image index, {@code 0..size-1}
     * @return the record
     */
    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        NDArray x =
                manager.create(
                        digits.image(i, normalization), new Shape(1, digits.rows(), digits.cols()));
        NDList labels =
                digits.hasLabels()
                        ? new NDList(manager.create((float) digits.label(i)))
                        : new NDList();
        return new Record(new NDList(x), labels);
    }

    @Override
    protected long availableSize() {
        return digits.size();
    }

    /** The images are in memory already: nothing to prepare. */
    @Override
    public void prepare(Progress progress) {}

    /**
     * Reads a DJL dataset of digit images into a {@link DigitSet}, with pixel values in [0, 255]
     * (as DJL's {@code Mnist} gives them).
     *
     * @param dataset the dataset (prepared here)
     * @param name the set's name, for messages and run records
     * @return the set
     * @see #toDigitSet(RandomAccessDataset, String, PixelRange)
     */
    public static DigitSet toDigitSet(RandomAccessDataset dataset, String name) {
        return toDigitSet(dataset, name, PixelRange.BYTES);
    }

    /**
     * Reads a DJL dataset of digit images into a {@link DigitSet}, the form every latentkit trainer
     * takes.
     *
     * <p>Each record's first data array is one grey-scale 28×28 image, of shape {@code (1, 28,
     * 28)}, {@code (28, 28)}, {@code (28, 28, 1)} or {@code (784)}, any numeric type, with values
     * in {@code range} ({@link PixelRange#BYTES}: 0–255, {@link PixelRange#UNIT}: 0–1; each value
     * is rounded to the nearest grey level). Its first label array, when the records have one, is
     * the class 0–9 as a number of any numeric type and shape {@code ()} or {@code (1)}; records
     * with no label give an {@link DigitSet#unlabelled unlabelled} set. All records must agree.
     *
     * @param dataset the dataset; {@code prepare()} is called on it
     * @param name the set's name, for messages and run records
     * @param range the range of the stored pixel values
     * @return the set, {@code dataset.size()} images of 28×28
     * @throws InvalidInputException naming the record and its problem (shape, range, label)
     */
    public static DigitSet toDigitSet(RandomAccessDataset dataset, String name, PixelRange range) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(range, "range");
        try (NDManager manager = NDManager.newBaseManager()) {
            dataset.prepare();
            int n = Math.toIntExact(dataset.size());
            if (n == 0) {
                throw new InvalidInputException(name + ": the dataset is empty");
            }
            byte[] pixels = new byte[n * 784];
            int[] labels = new int[n];
            Boolean labelled = null;
            for (int i = 0; i < n; i++) {
                try (NDManager m = manager.newSubManager()) {
                    Record r = dataset.get(m, i);
                    if (r.getData().isEmpty()) {
                        throw new InvalidInputException(name + ": record " + i + " has no data");
                    }
                    NDArray x = r.getData().head();
                    if (!isDigitShape(x.getShape())) {
                        throw new InvalidInputException(
                                name
                                        + ": record "
                                        + i
                                        + " has an image of shape "
                                        + x.getShape()
                                        + ", expected (1, 28, 28), (28, 28), (28, 28, 1) or (784)");
                    }
                    float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
                    for (int j = 0; j < 784; j++) {
                        int b = range.toByte(v[j]);
                        if (b < 0) {
                            throw new InvalidInputException(
                                    name
                                            + ": record "
                                            + i
                                            + " has pixel value "
                                            + v[j]
                                            + " outside the range "
                                            + range.id()
                                            + " (pass the PixelRange the dataset uses)");
                        }
                        pixels[i * 784 + j] = (byte) b;
                    }
                    boolean has = !r.getLabels().isEmpty();
                    if (labelled != null && labelled != has) {
                        throw new InvalidInputException(
                                name
                                        + ": record "
                                        + i
                                        + (has ? " has" : " has no")
                                        + " label, unlike record 0");
                    }
                    labelled = has;
                    if (has) {
                        labels[i] = label(r.getLabels().head(), name, i);
                    }
                }
            }
            return labelled
                    ? new DigitSet(name, 28, 28, pixels, labels)
                    : DigitSet.unlabelled(name, 28, 28, pixels);
        } catch (IOException | TranslateException e) {
            throw new InvalidInputException(
                    name + ": the dataset could not be read (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isDigitShape(Shape s) {
        long[] d = s.getShape();
        return switch (d.length) {
            case 1 -> d[0] == 784;
            case 2 -> d[0] == 28 && d[1] == 28;
            case 3 ->
                    (d[0] == 1 && d[1] == 28 && d[2] == 28)
                            || (d[0] == 28 && d[1] == 28 && d[2] == 1);
            default -> false;
        };
    }

    private static int label(NDArray y, String name, int i) {
        if (y.size() != 1) {
            throw new InvalidInputException(
                    name
                            + ": record "
                            + i
                            + " has a label of shape "
                            + y.getShape()
                            + ", expected one class number");
        }
        float f = y.toType(DataType.FLOAT32, false).getFloat();
        int c = Math.round(f);
        if (c != f || c < 0 || c > 9) {
            throw new InvalidInputException(
                    name + ": record " + i + " has label " + f + ", expected a class 0-9");
        }
        return c;
    }

    /** Builds a {@link DigitDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private DigitSet digits;
        private Normalization normalization = Normalization.UNIT;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the images (and labels) to serve. Required.
         *
         * @param digits the set
         * @return this builder
         */
        public Builder setDigits(DigitSet digits) {
            this.digits = digits;
            return this;
        }

        /**
         * Sets how pixel bytes become values.
         *
         * @param normalization default {@link Normalization#UNIT}, values in [0, 1]
         * @return this builder
         */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         * @throws IllegalArgumentException when the set, the sampling or the normalisation is
         *     missing
         */
        public DigitDataset build() {
            if (digits == null) {
                throw new IllegalArgumentException("DigitDataset: setDigits is required");
            }
            if (sampler == null) {
                throw new IllegalArgumentException("DigitDataset: setSampling is required");
            }
            if (normalization == null) {
                throw new IllegalArgumentException("DigitDataset: normalization must not be null");
            }
            return new DigitDataset(this);
        }
    }
}
