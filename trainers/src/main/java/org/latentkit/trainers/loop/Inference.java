package org.latentkit.trainers.loop;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.metrics.Accuracy;

/** Batched inference over a digit set, with the block in inference mode and no gradients. */
public final class Inference {

    /** Batch size for inference: large enough to be fast, small enough for any of our models. */
    public static final int BATCH = 500;

    private Inference() {}

    /** Receives each batch's outputs while they are alive. */
    @FunctionalInterface
    public interface BatchConsumer {
        /**
         * Consumes a batch.
         *
         * @param from index of the batch's first sample
         * @param outputs the block's outputs; closed after the call
         */
        void accept(int from, NDList outputs);
    }

    /**
     * Runs the model's block over the whole set in order.
     *
     * @param model the model
     * @param set the images
     * @param norm their normalisation
     * @param consumer receives each batch's outputs
     */
    public static void forEachBatch(
            Model model, DigitSet set, Normalization norm, BatchConsumer consumer) {
        forEachBatch(model, set, norm, Feed.Transform.NONE, consumer);
    }

    /**
     * Runs the model's block over the whole set in order, on transformed images (for example
     * shifted ones, to measure robustness).
     *
     * @param model the model
     * @param set the images
     * @param norm their normalisation
     * @param transform applied to each batch of normalised images before the block
     * @param consumer receives each batch's outputs
     */
    public static void forEachBatch(
            Model model,
            DigitSet set,
            Normalization norm,
            Feed.Transform transform,
            BatchConsumer consumer) {
        NDManager root = model.getNDManager();
        ParameterStore store = new ParameterStore(root, false);
        for (int from = 0; from < set.size(); from += BATCH) {
            int to = Math.min(set.size(), from + BATCH);
            try (NDManager batch = root.newSubManager()) {
                NDList x = new NDList(transform.apply(set.images(batch, null, from, to, norm)));
                consumer.accept(from, model.getBlock().forward(store, x, false));
            }
        }
    }

    /**
     * Predicts a class per image: the arg-max of the first output.
     *
     * @param model a classifier
     * @param set the images
     * @param norm their normalisation
     * @return predicted classes
     */
    public static int[] predictClasses(Model model, DigitSet set, Normalization norm) {
        return predictClasses(model, set, norm, Feed.Transform.NONE);
    }

    /**
     * Predicts a class per transformed image: the arg-max of the first output.
     *
     * @param model a classifier
     * @param set the images
     * @param norm their normalisation
     * @param transform applied to each batch of normalised images before the block
     * @return predicted classes
     */
    public static int[] predictClasses(
            Model model, DigitSet set, Normalization norm, Feed.Transform transform) {
        int[] out = new int[set.size()];
        forEachBatch(
                model,
                set,
                norm,
                transform,
                (from, outputs) -> {
                    NDArray arg = outputs.singletonOrThrow().argMax(1);
                    long[] cls = arg.toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < cls.length; i++) {
                        out[from + i] = (int) cls[i];
                    }
                });
        return out;
    }

    /**
     * Returns the classification accuracy of a model on a set.
     *
     * @param model a classifier
     * @param set labelled images
     * @param norm their normalisation
     * @return a fraction in [0, 1]
     */
    public static double accuracy(Model model, DigitSet set, Normalization norm) {
        return accuracy(model, set, norm, Feed.Transform.NONE);
    }

    /**
     * Returns the classification accuracy of a model on a set whose images are transformed.
     *
     * @param model a classifier
     * @param set labelled images
     * @param norm their normalisation
     * @param transform applied to each batch of normalised images before the block
     * @return a fraction in [0, 1]
     */
    public static double accuracy(
            Model model, DigitSet set, Normalization norm, Feed.Transform transform) {
        return Accuracy.of(predictClasses(model, set, norm, transform), set.labels());
    }
}
