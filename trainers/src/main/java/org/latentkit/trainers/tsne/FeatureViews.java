package org.latentkit.trainers.tsne;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.cnn.LeNet;
import org.latentkit.blocks.conv.ConvAutoencoder;
import org.latentkit.trainers.loop.Inference;

/**
 * The feature vectors that t-SNE views: pixels, a classifier's penultimate layer, or an
 * autoencoder's code.
 */
public final class FeatureViews {

    private FeatureViews() {}

    /**
     * Returns the images as rows of pixels.
     *
     * @param set the images
     * @param norm their normalisation
     * @return {@code [n][784]}
     */
    public static float[][] pixels(DigitSet set, Normalization norm) {
        float[][] out = new float[set.size()][];
        for (int i = 0; i < set.size(); i++) {
            out[i] = set.image(i, norm);
        }
        return out;
    }

    /**
     * Returns how many leading children of a sequential classifier produce its features: for {@code
     * lenet-deep} the FC100 + relu output ({@link LeNet#DEEP_FEATURES_END}), for other classifiers
     * everything but the last (output) layer.
     *
     * @param architecture the descriptor's architecture name
     * @param block the block
     * @return the number of children, or −1 when the block is not a sequential classifier
     */
    static int featureChildren(String architecture, Block block) {
        if (!(block instanceof SequentialBlock seq)) {
            return -1;
        }
        return Architecture.LENET_DEEP.id().equals(architecture)
                ? LeNet.DEEP_FEATURES_END
                : seq.getChildren().size() - 1;
    }

    /**
     * Returns each image's features under a model: the penultimate activations of a sequential
     * classifier (FC100 after relu for {@code lenet-deep}, as seed 004 plotted) or the code of an
     * autoencoder.
     *
     * @param model the model, initialised (trained or not)
     * @param architecture its descriptor's architecture name
     * @param set the images
     * @param norm the normalisation the model expects
     * @return {@code [n][d]}
     */
    public static float[][] of(Model model, String architecture, DigitSet set, Normalization norm) {
        Block block = model.getBlock();
        float[][] out = new float[set.size()][];
        if (ConvAutoencoder.ARCHITECTURE.equals(architecture)
                || DenseAutoencoder.ARCHITECTURE.equals(architecture)) {
            Inference.forEachBatch(
                    model, set, norm, (from, outputs) -> copyRows(outputs.get(1), out, from));
            return out;
        }
        int end = featureChildren(architecture, block);
        if (end < 0) {
            throw new org.latentkit.core.InvalidInputException(
                    "features: a "
                            + architecture
                            + " has no feature layer latentkit knows how to read");
        }
        List<Block> children = block.getChildren().values();
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        for (int from = 0; from < set.size(); from += Inference.BATCH) {
            int to = Math.min(set.size(), from + Inference.BATCH);
            try (NDManager batch = root.newSubManager()) {
                NDList x = new NDList(set.images(batch, null, from, to, norm));
                for (int c = 0; c < end; c++) {
                    x = children.get(c).forward(store, x, false);
                }
                copyRows(x.head(), out, from);
            }
        }
        return out;
    }

    private static void copyRows(NDArray a, float[][] out, int from) {
        long n = a.getShape().get(0);
        int d = (int) (a.getShape().size() / n);
        float[] flat = a.toFloatArray();
        for (int i = 0; i < n; i++) {
            float[] row = new float[d];
            System.arraycopy(flat, i * d, row, 0, d);
            out[from + i] = row;
        }
    }
}
