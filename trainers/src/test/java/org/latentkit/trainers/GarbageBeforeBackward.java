package org.latentkit.trainers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.trainers.loop.StepTimer;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * A test listener that makes issue 18's hazard happen on purpose: every {@link #EVERY}th step,
 * after the forward pass and the loss and before the backward pass (the loop's {@link
 * StepTimer.Phase#FORWARD} lap), it collects garbage, gives the reference handler time to free
 * unreachable direct buffers, and then allocates {@link #FILLER} small scalar arrays holding {@link
 * #VALUE}. A scalar that autograd saved for the backward pass but whose Java buffer nobody keeps
 * alive (DJL's {@code x.mul(0.5f)} on PyTorch) is then freed and overwritten with 7s, and the
 * gradient reads them. A run with this listener must equal a run without it exactly.
 *
 * <p>It touches no random stream and no array of the model, so it cannot change a correct run. The
 * filler lives in a base manager of its own; each batch is closed before the next is made, and
 * {@link #close} frees the last.
 */
final class GarbageBeforeBackward implements TrainingListener, AutoCloseable {

    /** A collection every this many steps. */
    static final int EVERY = 3;

    /** Scalar arrays allocated after each collection. */
    static final int FILLER = 1000;

    /** Their value, far from every scalar latentkit multiplies by. */
    static final float VALUE = 7f;

    private final NDManager manager;
    private final List<NDArray> filler = new ArrayList<>();
    private int forwards;
    private int collections;

    /**
     * Creates the listener on an engine.
     *
     * @param engine the engine whose allocator the filler should reuse, e.g. {@code "PyTorch"}
     */
    GarbageBeforeBackward(String engine) {
        this.manager = Engine.getEngine(engine).newBaseManager();
    }

    @Override
    public StepTimer stepTimer() {
        return phase -> {
            if (phase == StepTimer.Phase.FORWARD && ++forwards % EVERY == 0) {
                collectAndFill();
            }
        };
    }

    private void collectAndFill() {
        freeFiller();
        try {
            for (int round = 0; round < 3; round++) {
                System.gc();
                Thread.sleep(10); // lets the reference handler free unreachable direct buffers
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting garbage", e);
        }
        for (int i = 0; i < FILLER; i++) {
            filler.add(manager.create(VALUE));
        }
        collections++;
    }

    private void freeFiller() {
        filler.forEach(NDArray::close);
        filler.clear();
    }

    /**
     * Returns how many times garbage was collected between a forward and its backward pass, so a
     * test can check that the listener was reached at all (a wrapping listener that drops {@link
     * #stepTimer} would silently disable it).
     *
     * @return collections so far
     */
    int collections() {
        return collections;
    }

    @Override
    public void close() {
        freeFiller();
        manager.close();
    }
}
