package org.latentkit.trainers.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.latentkit.api.data.DigitSet;
import org.latentkit.core.Choice;

/**
 * Stochastic binarisation of grey images (Salakhutdinov and Murray 2008; the "dynamically binarised
 * MNIST" of the VAE literature): each pixel becomes 1 with probability equal to its intensity in
 * [0, 1], else 0.
 *
 * <p>{@link Mode#DYNAMIC} redraws the pixels every time a training batch is drawn ({@link
 * #transform}, on the engine, from the batch's manager's random stream, which a trainer seeds with
 * the run's seed), and scores on a test set binarised once ({@link #fixed}) with a draw derived
 * from the seed in Java, so the test images are the same on every engine.
 */
public final class Binarization {

    private Binarization() {}

    /** Whether the images are binarised. */
    public enum Mode implements Choice {
        /** Grey images as they are. */
        NONE("none"),
        /** A new Bernoulli draw per training batch, a fixed one for the test set. */
        DYNAMIC("dynamic");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        /** {@inheritDoc} */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a mode.
         *
         * @param text {@code none} or {@code dynamic}
         * @return the mode
         */
        public static Mode parse(String text) {
            return Choice.parse(values(), "binarize", "binarization", text);
        }
    }

    /**
     * Returns {@code x} binarised: {@code 1} where a uniform draw from {@code x}'s manager lies
     * below the pixel, else {@code 0}, so {@code P(1) = x}.
     *
     * @param x intensities in [0, 1], any shape
     * @return exactly 0 or 1, {@code x}'s shape and type
     */
    public static NDArray binarize(NDArray x) {
        NDArray u =
                x.getManager().randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice());
        NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        return u.lt(x32).toType(x.getDataType(), false);
    }

    /**
     * Returns the per-batch transform of a mode.
     *
     * @param mode the mode
     * @return {@link #binarize} for {@link Mode#DYNAMIC}, the identity for {@link Mode#NONE}
     */
    public static Feed.Transform transform(Mode mode) {
        return mode == Mode.DYNAMIC ? Binarization::binarize : Feed.Transform.NONE;
    }

    /**
     * Returns a copy of a set binarised once: pixel {@code v} becomes 255 with probability {@code v
     * / 255}, else 0, from a stream seeded by {@code seed}.
     *
     * @param set grey images
     * @param seed the draw's seed; the same seed gives the same images
     * @return the binarised set, with the same labels (if any)
     */
    public static DigitSet fixed(DigitSet set, long seed) {
        if (set == null) {
            return null;
        }
        int d = set.features();
        byte[] out = new byte[set.size() * d];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < set.size(); i++) {
            for (int j = 0; j < d; j++) {
                // u in [0, 1): P(u < v/255) = v/255, so 0 stays 0 and 255 stays 255.
                out[i * d + j] = rng.nextDouble() * 255 < set.pixel(i, j) ? (byte) 255 : 0;
            }
        }
        String name = set.name() + "-binarized";
        return set.hasLabels()
                ? new DigitSet(name, set.rows(), set.cols(), out, set.labels())
                : DigitSet.unlabelled(name, set.rows(), set.cols(), out);
    }
}
