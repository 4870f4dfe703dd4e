package org.latentkit.blocks.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.latentkit.blocks.SingleInputBlock;

/**
 * A block whose one child, {@code body}, is a {@link SequentialBlock}: the forward pass is {@code
 * body(x)} on the first input and initialisation passes the input shape to the body. Subclasses
 * state their output shape.
 */
abstract class SequentialBody extends SingleInputBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock body;

    SequentialBody(SequentialBlock body) {
        super(VERSION);
        this.body = addChildBlock("body", body);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInput(ParameterStore store, NDArray x, boolean training) {
        return body.forward(store, new NDList(x), training);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes[0]);
    }
}
