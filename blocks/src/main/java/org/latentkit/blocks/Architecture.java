package org.latentkit.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;
import org.latentkit.blocks.cnn.ConvNet;
import org.latentkit.blocks.cnn.LeNet;
import org.latentkit.blocks.mlp.Mlp;
import org.latentkit.core.Choice;

/**
 * The classifier architectures latentkit knows by name, each taking {@code (N, 1, 28, 28)} images.
 *
 * <p>A saved model records its architecture name in a {@link BlockDescriptor}, and {@link
 * ClassifierBlockFactory} rebuilds the block from it through this registry before the parameters
 * are loaded.
 */
public enum Architecture implements Choice {
    /** Seed 004's vanilla LeNet, see {@link LeNet#classic}. */
    LENET_CLASSIC("lenet-classic"),
    /** Seed 004's deeper LeNet, see {@link LeNet#deep}. */
    LENET_DEEP("lenet-deep"),
    /** Seed 003's FC classifier 784-100-10 relu, see {@link Mlp}. */
    MLP("mlp"),
    /** Seed 003's convolutional classifier, see {@link ConvNet}. */
    CONVNET("convnet");

    /** The option key for the number of classes. */
    public static final String CLASSES = "classes";

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    /**
     * Returns the command-line name.
     *
     * @return for example {@code lenet-classic}
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Builds a fresh, uninitialised block.
     *
     * @param classes the number of output classes
     * @return the block
     */
    public Block create(int classes) {
        return switch (this) {
            case LENET_CLASSIC -> LeNet.classic(classes);
            case LENET_DEEP -> LeNet.deep(classes);
            case MLP -> Mlp.builder().setHidden(100).setOutputs(classes).build();
            case CONVNET -> ConvNet.create(classes);
        };
    }

    /**
     * Returns the input shape for a batch of {@code n} images.
     *
     * @param n the batch size
     * @return {@code (n, 1, 28, 28)}
     */
    public Shape inputShape(long n) {
        return new Shape(n, 1, 28, 28);
    }

    /**
     * Describes a classifier of this architecture, for saving.
     *
     * @param classes the number of output classes
     * @return the descriptor
     */
    public BlockDescriptor descriptor(int classes) {
        return BlockDescriptor.of(
                id,
                Map.of(CLASSES, Integer.toString(classes)),
                inputShape(1).getShape(),
                ClassifierBlockFactory.class);
    }

    /**
     * Parses an architecture name.
     *
     * @param text for example {@code lenet-deep}
     * @return the architecture
     */
    public static Architecture parse(String text) {
        return Choice.parse(values(), "arch", "architecture", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
