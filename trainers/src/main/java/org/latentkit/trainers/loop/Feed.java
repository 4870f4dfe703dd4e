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
 * <p>A feed may also carry an {@link Extra} source: arrays drawn beside each batch from somewhere
 * else, as a function of the epoch and step only (FixMatch's labelled images beside the unlabelled
 * ones the feed iterates). Its inputs and labels come first in the step's {@link Batch}; the epoch,
 * its steps and the checkpoints still follow the feed's own {@code data}.
 *
 * @param data the images and labels
 * @param normalization how pixels become inputs
 * @param target what the loss compares the output with
 * @param transform applied to every batch of normalised inputs, on the batch's manager
 * @param extra drawn beside every batch, or {@code null} for none
 */
public record Feed(
        DigitSet data,
        Normalization normalization,
        Target target,
        Transform transform,
        Extra extra) {

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

    /**
     * A second source of arrays for every step, beside the feed's own batch.
     *
     * <p>A draw must be a function of {@code (epoch, step)} (and of fixed settings such as a seed)
     * alone, never of what was drawn before, so that a run resumed mid-epoch gets the same arrays;
     * random draws from the engine through {@code manager} are fine, since {@link TrainingControl}
     * re-seeds the engine at every checkpoint and on resume.
     */
    @FunctionalInterface
    public interface Extra {

        /**
         * Draws the arrays for one step.
         *
         * @param manager the step's manager
         * @param epoch the 1-based epoch
         * @param step the 0-based step within the epoch
         * @return the inputs to put before the feed's own, and the labels to put before the feed's
         *     own
         */
        Batch draw(NDManager manager, int epoch, int step);
    }

    /**
     * What one step gives the model and the loss.
     *
     * @param inputs the model's inputs
     * @param labels the loss's labels
     */
    public record Batch(NDList inputs, NDList labels) {}

    /** Validates the components. */
    public Feed {
        if (transform == null) {
            transform = Transform.NONE;
        }
    }

    /**
     * A feed without an extra source.
     *
     * @param data the images and labels
     * @param normalization how pixels become inputs
     * @param target what the loss compares the output with
     * @param transform applied to every batch of normalised inputs, on the batch's manager
     */
    public Feed(DigitSet data, Normalization normalization, Target target, Transform transform) {
        this(data, normalization, target, transform, null);
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
        INPUT,
        /**
         * The input image, then the class as a float array of shape {@code (B)}: a reconstruction
         * loss that is also guided by (pseudo-)labels, such as a guided mixture of experts.
         */
        INPUT_AND_CLASS,
        /**
         * No label from the feed's images (which may be unlabelled): the labels list is empty, or
         * holds only what the {@link Extra} source draws.
         */
        NONE
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
        return switch (target) {
            case INPUT -> inputs;
            case INPUT_AND_CLASS ->
                    new NDList(inputs.head(), data.labels(manager, order, from, to));
            case CLASS -> new NDList(data.labels(manager, order, from, to));
            case NONE -> new NDList();
        };
    }

    /**
     * Returns a step's inputs and labels: the {@link Extra} source's draw (if any) followed by the
     * {@link #inputs} and {@link #labels} at {@code order[from..to)}.
     *
     * @param manager where the batch lives
     * @param order sample order, or {@code null}
     * @param from first position
     * @param to one past the last position
     * @param epoch the 1-based epoch, for the extra source
     * @param step the 0-based step within the epoch, for the extra source
     * @return the batch
     */
    public Batch batch(NDManager manager, int[] order, int from, int to, int epoch, int step) {
        NDList x = inputs(manager, order, from, to);
        NDList y = labels(manager, order, from, to, x);
        if (extra == null) {
            return new Batch(x, y);
        }
        Batch e = extra.draw(manager, epoch, step);
        NDList inputs = new NDList(e.inputs());
        inputs.addAll(x);
        NDList labels = new NDList(e.labels());
        labels.addAll(y);
        return new Batch(inputs, labels);
    }
}
