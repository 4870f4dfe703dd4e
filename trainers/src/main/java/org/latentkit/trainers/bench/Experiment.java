package org.latentkit.trainers.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.function.Supplier;
import org.latentkit.api.data.Normalization;
import org.latentkit.blocks.augment.RandomAffine;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.OptimizerKind;
import org.latentkit.trainers.loop.Required;
import org.latentkit.trainers.loop.TrainingLoop;
import org.latentkit.trainers.optim.StatefulOptimizer;

/**
 * One benchmark workload: a model, its loss and optimiser, and how it is fed. The suppliers make
 * fresh objects for every run, so a registered experiment can run any number of times. Make one
 * with {@link #classifier}, {@link #reconstruction} or {@link #builder()}.
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
 * @param augmentation the distortion of every training batch (on the engine, timed in the step's
 *     data phase), or {@code null} for none
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
        TrainingLoop.LastBatch lastBatch,
        RandomAffine augmentation) {

    /** Checks that a step has at least one sample, however the experiment was made. */
    public Experiment {
        if (batchSize <= 0) {
            throw new InvalidInputException(
                    "batch-size: must be a positive number, got " + batchSize);
        }
    }

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
        return classifierBuilder(name, description, block, batchSize).build();
    }

    /**
     * Returns a builder holding {@link #classifier}'s settings, for example to add {@link
     * Builder#optAugmentation}.
     *
     * @param name registry name
     * @param description one line
     * @param block makes the network, ten outputs
     * @param batchSize samples per step
     * @return the builder
     */
    public static Builder classifierBuilder(
            String name, String description, Supplier<Block> block, int batchSize) {
        return builder()
                .setName(name)
                .setDescription(description)
                .setBlock(block)
                .setLoss(Loss::softmaxCrossEntropyLoss)
                .setOptimizer(() -> OptimizerKind.SGD.create(0.01f, 0.9f))
                .setNormalization(Normalization.CENTERED)
                .setTarget(Feed.Target.CLASS)
                .setBatchSize(batchSize);
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
        return builder()
                .setName(name)
                .setDescription(description)
                .setBlock(block)
                .setLoss(loss)
                .setOptimizer(() -> OptimizerKind.ADAM.create(1e-3f, 0.9f))
                .setNormalization(Normalization.UNIT)
                .setTarget(Feed.Target.INPUT)
                .setBatchSize(batchSize)
                .build();
    }

    /**
     * Returns this experiment with another batch size, everything else the same: the workload of a
     * scaling table.
     *
     * @param samples samples per step, at least 1
     * @return the experiment at that batch size
     * @throws InvalidInputException when {@code samples} is less than 1
     */
    public Experiment withBatchSize(int samples) {
        return with(optimizer, samples);
    }

    /**
     * The same experiment with its optimiser's state cleared of subnormal values every {@code
     * every} updates of a parameter instead of the optimiser's default (see {@link
     * StatefulOptimizer}).
     *
     * @param every at least 0; 0 for never
     * @return the experiment
     * @throws InvalidInputException when {@code every} is negative (and, when the experiment runs,
     *     when its optimiser is not one of latentkit's)
     */
    public Experiment withFlushSubnormalsEvery(int every) {
        if (every < 0) {
            throw new InvalidInputException(
                    "flush-subnormals: must be 0 (never) or more, got " + every);
        }
        Supplier<Optimizer> base = optimizer;
        Supplier<Optimizer> flushing =
                () -> {
                    Optimizer o = base.get();
                    if (!(o instanceof StatefulOptimizer s)) {
                        throw new InvalidInputException(
                                "flush-subnormals: "
                                        + name
                                        + "'s optimiser is not one of latentkit's");
                    }
                    s.setFlushSubnormalsEvery(every);
                    return s;
                };
        return with(flushing, batchSize);
    }

    /** This experiment with another optimiser supplier and batch size, everything else the same. */
    private Experiment with(Supplier<Optimizer> optimizer, int batchSize) {
        return new Experiment(
                name,
                description,
                block,
                loss,
                optimizer,
                normalization,
                target,
                batchSize,
                lastBatch,
                augmentation);
    }

    /**
     * Returns the input shape the block is initialised with.
     *
     * @return {@code (batchSize, 1, 28, 28)}
     */
    public Shape inputShape() {
        return new Shape(batchSize, 1, 28, 28);
    }

    /**
     * Returns a builder: everything but the last-batch policy (default {@code keep}) is required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Experiment}, naming any required value left unset. */
    public static final class Builder {
        private String name;
        private String description;
        private Supplier<Block> block;
        private Supplier<Loss> loss;
        private Supplier<Optimizer> optimizer;
        private Normalization normalization;
        private Feed.Target target;
        private Integer batchSize;
        private TrainingLoop.LastBatch lastBatch = TrainingLoop.LastBatch.KEEP;
        private RandomAffine augmentation;

        private Builder() {}

        /**
         * Sets the registry name (required).
         *
         * @param value {@code task:model}
         * @return this builder
         */
        public Builder setName(String value) {
            this.name = value;
            return this;
        }

        /**
         * Sets the one-line description (required).
         *
         * @param value the description
         * @return this builder
         */
        public Builder setDescription(String value) {
            this.description = value;
            return this;
        }

        /**
         * Sets what makes the uninitialised block (required).
         *
         * @param value the block supplier; inputs {@code (B, 1, 28, 28)}
         * @return this builder
         */
        public Builder setBlock(Supplier<Block> value) {
            this.block = value;
            return this;
        }

        /**
         * Sets what makes the loss (required).
         *
         * @param value the loss supplier
         * @return this builder
         */
        public Builder setLoss(Supplier<Loss> value) {
            this.loss = value;
            return this;
        }

        /**
         * Sets what makes the optimiser (required).
         *
         * @param value the optimiser supplier
         * @return this builder
         */
        public Builder setOptimizer(Supplier<Optimizer> value) {
            this.optimizer = value;
            return this;
        }

        /**
         * Sets how pixels become inputs (required).
         *
         * @param value the normalisation
         * @return this builder
         */
        public Builder setNormalization(Normalization value) {
            this.normalization = value;
            return this;
        }

        /**
         * Sets what the loss compares the output with (required).
         *
         * @param value the target
         * @return this builder
         */
        public Builder setTarget(Feed.Target value) {
            this.target = value;
            return this;
        }

        /**
         * Sets the samples per step (required).
         *
         * @param value a positive number
         * @return this builder
         */
        public Builder setBatchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Sets what a full epoch does with a partial last batch (default keep).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder optLastBatch(TrainingLoop.LastBatch value) {
            this.lastBatch = value;
            return this;
        }

        /**
         * Sets the distortion of every training batch, applied as {@code classify --augment} does
         * (default none).
         *
         * @param value the augmentation, or {@code null} for none
         * @return this builder
         */
        public Builder optAugmentation(RandomAffine value) {
            this.augmentation = value;
            return this;
        }

        /**
         * Validates the settings and builds the experiment.
         *
         * @return the experiment
         * @throws InvalidInputException naming the first missing or bad value
         */
        public Experiment build() {
            Required.check("name", name);
            Required.check("description", description);
            Required.check("block", block);
            Required.check("loss", loss);
            Required.check("optimizer", optimizer);
            Required.check("normalization", normalization);
            Required.check("target", target);
            Required.check("batch-size", batchSize);
            Required.check("last-batch", lastBatch);
            return new Experiment(
                    name,
                    description,
                    block,
                    loss,
                    optimizer,
                    normalization,
                    target,
                    batchSize,
                    lastBatch,
                    augmentation);
        }
    }
}
