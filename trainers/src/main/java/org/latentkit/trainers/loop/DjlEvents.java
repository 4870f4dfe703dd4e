package org.latentkit.trainers.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.Batchifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires DJL's {@link ai.djl.training.listener.TrainingListener} callbacks from latentkit's loop, in
 * {@code EasyTrain.fit}'s order, so that the listeners and evaluators of a {@code
 * DefaultTrainingConfig} work as they do under DJL's own loop.
 *
 * <p>Per epoch: {@code onTrainingBatch} after each step's backward pass and before its optimiser
 * step, with the batch's inputs, labels and predictions; {@code onValidationBatch} for each
 * validation batch; then {@code onEpoch}. DJL's {@link Trainer} itself fires {@code
 * onTrainingBegin} when it is created and {@code onTrainingEnd} when it is closed. DJL's {@code
 * EvaluatorTrainingListener} (in {@code TrainingListener.Defaults}) updates the config's evaluators
 * and the loss from these batches, so {@link Trainer#getTrainingResult()} holds their values, as
 * after {@code EasyTrain.fit}. Without listeners nothing is built: the loop pays nothing.
 */
public final class DjlEvents {

    private DjlEvents() {}

    /**
     * Returns whether the trainer's configuration has any DJL listener.
     *
     * @param trainer the trainer
     * @return {@code true} if there is at least one
     */
    public static boolean hasListeners(Trainer trainer) {
        int[] count = {0};
        trainer.notifyListeners(l -> count[0]++);
        return count[0] > 0;
    }

    /**
     * Wraps one step's arrays as DJL's batch data. The arrays stay owned by {@code manager}.
     *
     * @param manager the step's manager, which owns the arrays
     * @param inputs the inputs
     * @param labels the labels (the inputs, for reconstruction)
     * @param predictions the block's outputs
     * @param progress the 1-based step in the epoch
     * @param total the epoch's steps
     * @return the batch data
     */
    static BatchData batchData(
            NDManager manager,
            NDList inputs,
            NDList labels,
            NDList predictions,
            long progress,
            long total) {
        Batch batch =
                new Batch(
                        manager,
                        inputs,
                        labels,
                        (int) inputs.head().getShape().get(0),
                        Batchifier.STACK,
                        Batchifier.STACK,
                        progress,
                        total);
        Map<Device, NDList> l = new ConcurrentHashMap<>();
        Map<Device, NDList> p = new ConcurrentHashMap<>();
        l.put(labels.head().getDevice(), labels);
        p.put(predictions.head().getDevice(), predictions);
        return new BatchData(batch, l, p);
    }

    /** Fires {@code onTrainingBatch}. */
    static void trainingBatch(Trainer trainer, BatchData data) {
        trainer.notifyListeners(l -> l.onTrainingBatch(trainer, data));
    }

    /** Fires {@code onEpoch}. */
    static void epoch(Trainer trainer) {
        trainer.notifyListeners(l -> l.onEpoch(trainer));
    }

    /**
     * Runs the model over a validation feed in inference mode and fires {@code onValidationBatch}
     * for each batch of {@value Inference#BATCH}. A trainer's validator calls it beside its own
     * score; it does nothing when the trainer has no DJL listener.
     *
     * @param trainer the trainer
     * @param validation the validation images and what serves as their labels
     */
    public static void validationBatches(Trainer trainer, Feed validation) {
        if (validation == null || !hasListeners(trainer)) {
            return;
        }
        int n = validation.data().size();
        int steps = (n + Inference.BATCH - 1) / Inference.BATCH;
        for (int step = 0; step < steps; step++) {
            int from = step * Inference.BATCH;
            int to = Math.min(n, from + Inference.BATCH);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList x = validation.inputs(m, null, from, to);
                NDList y = validation.labels(m, null, from, to, x);
                NDList prediction = trainer.evaluate(x);
                BatchData data = batchData(m, x, y, prediction, step + 1, steps);
                trainer.notifyListeners(l -> l.onValidationBatch(trainer, data));
            }
        }
    }
}
