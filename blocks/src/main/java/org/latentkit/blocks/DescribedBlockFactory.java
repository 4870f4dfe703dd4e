package org.latentkit.blocks;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.latentkit.core.InvalidInputException;

/**
 * A DJL {@link BlockFactory} that rebuilds one family of latentkit blocks from the block arguments
 * of a {@link BlockDescriptor}.
 *
 * <p>DJL's model loader calls {@link #newBlock} when {@code Criteria} loads a model directory whose
 * {@code serving.properties} (or whose {@code Criteria} arguments) name the factory under {@value
 * BlockDescriptor#FACTORY_KEY}; DJL instantiates it through its public no-argument constructor. The
 * block comes back uninitialised: {@code Model.load} then reads its parameters and their shapes.
 */
public abstract class DescribedBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /**
     * Returns the architecture names this factory rebuilds.
     *
     * @return for example {@code {"vae", "vae-mixture"}}
     */
    public abstract Set<String> architectures();

    /**
     * Rebuilds the uninitialised block of a descriptor of one of {@link #architectures}.
     *
     * @param descriptor the descriptor
     * @return the block
     */
    protected abstract Block build(BlockDescriptor descriptor);

    /**
     * Rebuilds the block a descriptor describes, checking the architecture is one of this family's.
     *
     * @param descriptor the descriptor
     * @return the uninitialised block
     * @throws InvalidInputException if the architecture is not this factory's
     */
    public final Block newBlock(BlockDescriptor descriptor) {
        if (!architectures().contains(descriptor.architecture())) {
            throw new InvalidInputException(
                    "model descriptor: "
                            + getClass().getSimpleName()
                            + " does not build a '"
                            + descriptor.architecture()
                            + "' (it builds "
                            + String.join(", ", architectures())
                            + ")");
        }
        return build(descriptor);
    }

    /**
     * DJL's entry point: rebuilds the block from the model's block arguments.
     *
     * @param model the model the block is for (unused)
     * @param modelPath the model directory (unused: everything is in the arguments)
     * @param arguments the block arguments, from {@code serving.properties} or {@code Criteria}
     * @return the uninitialised block
     */
    @Override
    public final Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        return newBlock(BlockDescriptor.fromArguments(arguments));
    }

    /**
     * Instantiates the factory a descriptor names.
     *
     * @param descriptor the descriptor
     * @return the factory
     * @throws InvalidInputException if the class is missing or not a latentkit block factory
     */
    public static DescribedBlockFactory of(BlockDescriptor descriptor) {
        try {
            Class<?> c = Class.forName(descriptor.factory());
            return c.asSubclass(DescribedBlockFactory.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new InvalidInputException(
                    "model descriptor: block factory "
                            + descriptor.factory()
                            + " cannot be loaded ("
                            + e
                            + ")",
                    e);
        }
    }
}
