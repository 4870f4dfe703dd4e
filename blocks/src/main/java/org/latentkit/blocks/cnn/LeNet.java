package org.latentkit.blocks.cnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * The two LeNet variants of seed 004 (kingsman142/mnist-classification), as factories.
 *
 * <p>Both take {@code (N, 1, 28, 28)} images and return {@code (N, classes)} logits.
 */
public final class LeNet {

    /**
     * Index of the block in {@link #deep} whose output is the 100-d feature vector (after relu).
     */
    public static final int DEEP_FEATURES_END = 10;

    private LeNet() {}

    /**
     * LeNet "vanilla": conv6@5×5 tanh, avgpool 2, conv16@5×5 tanh, avgpool 2, conv120@4×4 (no
     * activation), flatten, FC84 tanh, FC classes.
     *
     * <p>Shapes: 28×28 → 24×24×6 → 12×12×6 → 8×8×16 → 4×4×16 → 1×1×120 → 84 → classes. Parameters
     * for 10 classes: 156 + 2,416 + 30,840 + 10,164 + 850 = 44,426.
     *
     * @param classes the number of output classes
     * @return the block
     */
    public static SequentialBlock classic(int classes) {
        return new SequentialBlock()
                .add(conv(6, 5))
                .add(Activation.tanhBlock())
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(16, 5))
                .add(Activation.tanhBlock())
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(120, 4))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(84).build())
                .add(Activation.tanhBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * LeNet "deeper": conv32@3×3 relu, maxpool 2, conv64@3×3 relu, conv64@3×3 relu, maxpool 2,
     * flatten (1,024), FC100 relu, FC classes.
     *
     * <p>Shapes: 28×28 → 26×26×32 → 13×13×32 → 11×11×64 → 9×9×64 → 4×4×64 = 1,024 → 100 → classes.
     * Parameters for 10 classes: 320 + 18,496 + 36,928 + 102,500 + 1,010 = 159,254. The first
     * {@link #DEEP_FEATURES_END} children produce the 100-d features seed 004 plots with t-SNE.
     *
     * @param classes the number of output classes
     * @return the block
     */
    public static SequentialBlock deep(int classes) {
        return new SequentialBlock()
                .add(conv(32, 3))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(64, 3))
                .add(Activation.reluBlock())
                .add(conv(64, 3))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(100).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Conv2d conv(int filters, int kernel) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .build();
    }
}
