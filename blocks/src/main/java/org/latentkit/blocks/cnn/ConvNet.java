package org.latentkit.blocks.cnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * Seed 003's convolutional classifier (TensorFlow's "Deep MNIST" layout), as a factory.
 *
 * <p>conv32@5×5 relu ('same' padding), maxpool 2, conv64@5×5 relu ('same'), maxpool 2, FC1024 relu,
 * FC classes. Shapes: {@code (N,1,28,28)} → 28×28×32 → 14×14×32 → 14×14×64 → 7×7×64 = 3,136 → 1,024
 * → classes. Parameters for 10 classes: 832 + 51,264 + 3,212,288 + 10,250 = 3,274,634.
 */
public final class ConvNet {

    private ConvNet() {}

    /**
     * Builds the network.
     *
     * @param classes the number of output classes
     * @return the block
     */
    public static SequentialBlock create(int classes) {
        return new SequentialBlock()
                .add(sameConv(32))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(sameConv(64))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(1024).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Conv2d sameConv(int filters) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(5, 5))
                .optPadding(new Shape(2, 2))
                .build();
    }
}
