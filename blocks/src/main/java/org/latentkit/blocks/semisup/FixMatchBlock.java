package org.latentkit.blocks.semisup;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.latentkit.blocks.augment.RandomAffine;
import org.latentkit.core.InvalidInputException;

/**
 * FixMatch's two views on one classifier (Sohn et al. 2020): wraps a classifier {@code f} and
 * shares its parameters.
 *
 * <ul>
 *   <li>Two inputs {@code [x_l (B_l, 1, H, W), x_u (B_u, 1, H, W)]} (labelled and unlabelled
 *       images): returns {@code [f(α(x_l)) (B_l, C), f(α(x_u)) (B_u, C), f(A(x_u)) (B_u, C)]}, the
 *       logits of the weakly augmented labelled images, of the weakly augmented unlabelled images
 *       and of the strongly augmented unlabelled images, {@code FixMatchLoss}'s order. The three
 *       batches go through {@code f} as one concatenated batch of {@code B_l + 2 B_u} images.
 *   <li>One input {@code [x]}: returns {@code f(x)}, so evaluation, saving and prediction treat it
 *       as the plain classifier.
 * </ul>
 *
 * <p>The weak view {@code α} is a {@link RandomAffine} (default {@code shift=2}, the paper's random
 * translation; MNIST has no flips). The strong view {@code A} is a stronger {@link RandomAffine}
 * (default {@code shift=3,rotate=20,scale=0.15,elastic=34:4}) followed by Cutout (DeVries and
 * Taylor 2017): a {@code k × k} square (default {@code k = 8}) whose centre is drawn uniformly over
 * the image, clipped at the border, set to 0 (the background of pixels in [0, 1]). Augmentations
 * act only in training mode and draw from the engine's random generator; in inference mode both
 * views are the identity.
 *
 * <p>{@link #saveParameters} and {@link #loadParameters} are the classifier's own, so a saved
 * FixMatch model is a saved classifier.
 *
 * <pre>{@code
 * import org.latentkit.blocks.Architecture;
 *
 * FixMatchBlock block = FixMatchBlock.builder().setClassifier(Architecture.LENET_DEEP.create(10)).build();
 * }</pre>
 */
public final class FixMatchBlock extends AbstractBlock {

    /** The default weak augmentation: random translation by up to 2 pixels. */
    public static final String DEFAULT_WEAK = "shift=2";

    /** The default strong augmentation before Cutout. */
    public static final String DEFAULT_STRONG = "shift=3,rotate=20,scale=0.15,elastic=34:4";

    /** The default Cutout side in pixels. */
    public static final int DEFAULT_CUTOUT = 8;

    private static final byte VERSION = 1;

    private final Block classifier;
    private final RandomAffine weak;
    private final RandomAffine strong;
    private final int cutout;

    private FixMatchBlock(Builder b) {
        super(VERSION);
        this.classifier = addChildBlock("classifier", b.classifier);
        this.weak = b.weak;
        this.strong = b.strong;
        this.cutout = b.cutout;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the wrapped classifier.
     *
     * @return {@code f}
     */
    public Block classifier() {
        return classifier;
    }

    /**
     * Returns the weak augmentation.
     *
     * @return {@code α}
     */
    public RandomAffine weak() {
        return weak;
    }

    /**
     * Returns the strong augmentation's affine part.
     *
     * @return {@code A} before Cutout
     */
    public RandomAffine strong() {
        return strong;
    }

    /**
     * Returns the Cutout side.
     *
     * @return pixels, 0 for none
     */
    public int cutout() {
        return cutout;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() == 1) {
            return classifier.forward(store, inputs, training, params);
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "fixmatch: expects [labelled, unlabelled] or [images], got "
                            + inputs.size()
                            + " inputs");
        }
        NDArray labelled = inputs.get(0);
        NDArray unlabelled = inputs.get(1);
        long bl = labelled.getShape().get(0);
        long bu = unlabelled.getShape().get(0);
        NDArray all =
                NDArrays.concat(
                        new NDList(
                                view(weak, labelled, training),
                                view(weak, unlabelled, training),
                                strongView(unlabelled, training)),
                        0);
        NDArray logits = classifier.forward(store, new NDList(all), training, params).head();
        return logits.split(new long[] {bl, bl + bu}, 0);
    }

    private static NDArray view(RandomAffine a, NDArray x, boolean training) {
        return training && !a.isIdentity() ? a.augment(x) : x;
    }

    private NDArray strongView(NDArray x, boolean training) {
        NDArray y = view(strong, x, training);
        return training && cutout > 0 ? cutout(y, cutout) : y;
    }

    /**
     * Cutout: sets a {@code k × k} square of every image to 0, the square's centre {@code (c_y,
     * c_x)} drawn per image uniformly from {@code [0, H) × [0, W)} (the engine's generator); pixel
     * {@code (i, j)} is cleared when {@code |i − c_y| < k/2} and {@code |j − c_x| < k/2}, so a
     * square near the border is clipped.
     *
     * @param x {@code (B, C, H, W)} images
     * @param k the side in pixels, at least 1
     * @return {@code x}'s shape, in {@code x}'s manager
     */
    public static NDArray cutout(NDArray x, int k) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new InvalidInputException(
                    "cutout: input must be images of shape (B, C, H, W), got " + s);
        }
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDManager m = x.getManager();
        float half = k / 2f;
        NDArray cy =
                m.randomUniform(
                        0f, (float) h, new Shape(b, 1, 1, 1), DataType.FLOAT32, x.getDevice());
        NDArray cx =
                m.randomUniform(
                        0f, (float) w, new Shape(b, 1, 1, 1), DataType.FLOAT32, x.getDevice());
        NDArray rows = m.arange(0f, (float) h, 1f, DataType.FLOAT32).reshape(1, 1, h, 1);
        NDArray cols = m.arange(0f, (float) w, 1f, DataType.FLOAT32).reshape(1, 1, 1, w);
        NDArray inside =
                rows.toDevice(x.getDevice(), false)
                        .sub(cy)
                        .abs()
                        .lt(half)
                        .logicalAnd(cols.toDevice(x.getDevice(), false).sub(cx).abs().lt(half));
        NDArray keep = inside.logicalNot().toType(x.getDataType(), false);
        return x.mul(keep);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length == 1) {
            return classifier.getOutputShapes(inputShapes);
        }
        Shape l = classifier.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        Shape u = classifier.getOutputShapes(new Shape[] {inputShapes[1]})[0];
        return new Shape[] {l, u, u};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        classifier.initialize(manager, dataType, inputShapes[0]);
    }

    /** {@inheritDoc} The classifier's parameters, in the classifier's own format. */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        classifier.saveParameters(os);
    }

    /** {@inheritDoc} The classifier's parameters, in the classifier's own format. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        classifier.loadParameters(manager, is);
    }

    /** Builds a {@link FixMatchBlock}. */
    public static final class Builder {
        private Block classifier;
        private RandomAffine weak = RandomAffine.parse(DEFAULT_WEAK);
        private RandomAffine strong = RandomAffine.parse(DEFAULT_STRONG);
        private int cutout = DEFAULT_CUTOUT;

        private Builder() {}

        /**
         * Sets the classifier (required): any block from {@code (B, 1, H, W)} images to {@code (B,
         * C)} logits.
         *
         * @param value the classifier
         * @return this builder
         */
        public Builder setClassifier(Block value) {
            this.classifier = value;
            return this;
        }

        /**
         * Sets the weak augmentation (default {@value #DEFAULT_WEAK}).
         *
         * @param value the augmentation
         * @return this builder
         */
        public Builder optWeak(RandomAffine value) {
            this.weak = value;
            return this;
        }

        /**
         * Sets the strong augmentation's affine part (default {@value #DEFAULT_STRONG}).
         *
         * @param value the augmentation
         * @return this builder
         */
        public Builder optStrong(RandomAffine value) {
            this.strong = value;
            return this;
        }

        /**
         * Sets the Cutout side of the strong view (default {@value #DEFAULT_CUTOUT}; 0 for none).
         *
         * @param pixels 0 or more
         * @return this builder
         */
        public Builder optCutout(int pixels) {
            this.cutout = pixels;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the block
         * @throws InvalidInputException naming the missing or bad option
         */
        public FixMatchBlock build() {
            if (classifier == null) {
                throw new InvalidInputException("fixmatch: a classifier is required");
            }
            if (weak == null || strong == null) {
                throw new InvalidInputException("fixmatch: weak and strong augmentations required");
            }
            if (cutout < 0) {
                throw new InvalidInputException("cutout: must be 0 or more pixels, got " + cutout);
            }
            return new FixMatchBlock(this);
        }
    }
}
