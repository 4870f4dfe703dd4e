package org.latentkit.trainers.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;

/**
 * What a training loop feeds a model: a digit set, its normalisation, what serves as the label, and
 * a transform applied to each batch of inputs as it is drawn (for example {@link
 * Binarization#binarize}); with {@link Target#INPUT} the label is the transformed input.
 *
 * @param data the images and labels
 * @param normalization how pixels become inputs
 * @param target what the loss compares the output with
 * @param transform applied to every batch of normalised inputs, on the batch's manager
 */
public record Feed(DigitSet data, Normalization normalization, Target target, Transform transform) {

    /** A per-batch transform of the normalised inputs. */
    @FunctionalInterface
    public interface Transform {

        /** The identity. */
        Transform NONE = x -> x;

        /**
         * Transforms a batch.
         *
         * @param inputs {@code (B, …)} normalised inputs
         * @return the batch the model sees, in the same manager
         */
        NDArray apply(NDArray inputs);

        /**
         * Returns a transform that runs a block in training mode on each batch, for example a
         * parameter-free augmentation such as {@code RandomAffine}: its random draws come from the
         * batch's manager, so the engine's seed (which {@link TrainingControl} re-seeds at every
         * checkpoint and on resume) fixes them.
         *
         * @param block a block with one input and one output of the same shape
         * @return {@code x ↦ block.forward(x, training = true)}
         */
        static Transform training(Block block) {
            return x ->
                    block.forward(new ParameterStore(x.getManager(), false), new NDList(x), true)
                            .singletonOrThrow();
        }
    }

    /** Validates the components. */
    public Feed {
        if (transform == null) {
            transform = Transform.NONE;
        }
    }

    /**
     * A feed whose batches are used as they are.
     *
     * @param data the images and labels
     * @param normalization how pixels become inputs
     * @param target what the loss compares the output with
     */
    public Feed(DigitSet data, Normalization normalization, Target target) {
        this(data, normalization, target, Transform.NONE);
    }

    /** What a batch's label is. */
    public enum Target {
        /** The digit class, as a float array of shape {@code (B)}. */
        CLASS,
        /** The input image itself, for reconstruction. */
        INPUT
    }

    /**
     * Returns the inputs at {@code order[from..to)}: one array of shape {@code (B, 1, 28, 28)},
     * transformed.
     *
     * @param manager where the batch lives
     * @param order sample order, or {@code null}
     * @param from first position
     * @param to one past the last position
     * @return the inputs
     */
    public NDList inputs(NDManager manager, int[] order, int from, int to) {
        return new NDList(transform.apply(data.images(manager, order, from, to, normalization)));
    }

    /**
     * Returns the labels for the same positions.
     *
     * @param manager where the batch lives
     * @param order sample order, or {@code null}
     * @param from first position
     * @param to one past the last position
     * @param inputs the batch's inputs, reused for {@link Target#INPUT}
     * @return the labels
     */
    public NDList labels(NDManager manager, int[] order, int from, int to, NDList inputs) {
        return target == Target.INPUT ? inputs : new NDList(data.labels(manager, order, from, to));
    }
}
