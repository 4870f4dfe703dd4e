package org.latentkit.blocks;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Rebuilds the named classifiers of {@link Architecture} (LeNet variants, MLP, ConvNet), each from
 * {@code (N, 1, 28, 28)} images to {@code (N, classes)} logits, from the option {@value
 * Architecture#CLASSES}.
 */
public final class ClassifierBlockFactory extends DescribedBlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by name). */
    public ClassifierBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Set<String> architectures() {
        Set<String> s = new LinkedHashSet<>();
        Arrays.stream(Architecture.values()).forEach(a -> s.add(a.id()));
        return s;
    }

    /** {@inheritDoc} */
    @Override
    protected Block build(BlockDescriptor d) {
        return Architecture.parse(d.architecture()).create(d.intOption(Architecture.CLASSES));
    }
}
