package org.latentkit.trainers.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.function.Supplier;
import org.latentkit.api.data.Normalization;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.TrainingLoop;

/**
 * One benchmark workload: a model, its loss and optimiser, and how it is fed. The suppliers make
 * fresh objects for every run, so a registered experiment can run any number of times.
 *
 * @param name the registry name, {@code task:model}, for example {@code classify:lenet-classic}
 * @param description one line for listings
 * @param block makes the uninitialised block; its input is {@code (B, 1, 28, 28)}
 * @param loss makes the loss, reading {@code (labels, predictions)} and returning the batch mean
 * @param optimizer makes the optimiser
 * @param normalization how pixels become inputs
 * @param target what the loss compares the output with
 * @param batchSize samples per step
 * @param lastBatch what a full epoch does with a partial last batch
 */
public record Experiment(
        String name,
        String description,
        Supplier<Block> block,
        Supplier<Loss> loss,
        Supplier<Optimizer> optimizer,
        Normalization normalization,
        Feed.Target target,
        int batchSize,
        TrainingLoop.LastBatch lastBatch) {

    /**
     * A classifier with softmax cross-entropy and SGD with momentum 0.9 at lr 0.01 on inputs in
     * [−1, 1]: the PyTorch peer's classification settings.
     *
     * @param name registry name
     * @param description one line
     * @param block makes the network, ten outputs
     * @param batchSize samples per step
     * @return the experiment
     */
    public static Experiment classifier(
            String name, String description, Supplier<Block> block, int batchSize) {
        return new Experiment(
                name,
                description,
                block,
                Loss::softmaxCrossEntropyLoss,
                () -> OptimizerKind.SGD.create(0.01f, 0.9f),
                Normalization.CENTERED,
                Feed.Target.CLASS,
                batchSize,
                TrainingLoop.LastBatch.KEEP);
    }

    /**
     * A reconstruction model trained with Adam at lr 1e-3 on pixels in [0, 1]: the peer's
     * autoencoder settings.
     *
     * @param name registry name
     * @param description one line
     * @param block makes the model; its first output is the reconstruction
     * @param loss makes the reconstruction loss
     * @param batchSize samples per step
     * @return the experiment
     */
    public static Experiment reconstruction(
            String name,
            String description,
            Supplier<Block> block,
            Supplier<Loss> loss,
            int batchSize) {
        return new Experiment(
                name,
                description,
                block,
                loss,
                () -> OptimizerKind.ADAM.create(1e-3f, 0.9f),
                Normalization.UNIT,
                Feed.Target.INPUT,
                batchSize,
                TrainingLoop.LastBatch.KEEP);
    }

    /**
     * Returns the input shape the block is initialised with.
     *
     * @return {@code (batchSize, 1, 28, 28)}
     */
    public Shape inputShape() {
        return new Shape(batchSize, 1, 28, 28);
    }
}
