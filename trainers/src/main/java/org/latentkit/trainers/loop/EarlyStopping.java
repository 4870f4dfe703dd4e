package org.latentkit.trainers.loop;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stops training when the validation score has not improved for {@code patience} epochs, and keeps
 * a copy of the best epoch's parameters so they can be restored before testing.
 */
public final class EarlyStopping {

    /** Whether a higher or a lower score is better. */
    public enum Goal {
        /** Accuracy, for example. */
        MAXIMIZE,
        /** A loss, for example. */
        MINIMIZE
    }

    private final Goal goal;
    private final int patience;
    private double best = Double.NaN;
    private int bestEpoch;
    private int sinceBest;
    private byte[] bestParameters;

    /**
     * Creates an early-stopping tracker.
     *
     * @param goal whether higher or lower scores are better
     * @param patience epochs without improvement before stopping; 0 never stops early
     */
    public EarlyStopping(Goal goal, int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        this.goal = goal;
        this.patience = patience;
    }

    /**
     * Records an epoch's score and snapshots the block if it is the best so far.
     *
     * @param epoch the 1-based epoch
     * @param score the validation score
     * @param block the block whose parameters to keep
     * @return whether this epoch is the new best
     */
    public boolean update(int epoch, double score, Block block) {
        boolean better =
                Double.isNaN(best) || (goal == Goal.MAXIMIZE ? score > best : score < best);
        if (better) {
            best = score;
            bestEpoch = epoch;
            sinceBest = 0;
            bestParameters = snapshot(block);
        } else {
            sinceBest++;
        }
        return better;
    }

    /**
     * Tells whether patience is exhausted.
     *
     * @return true to stop training
     */
    public boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    /**
     * Puts the best epoch's parameters back into the block.
     *
     * @param block the block (same architecture as snapshotted)
     * @param manager the manager that will own the restored arrays (the model's)
     */
    public void restoreBest(Block block, NDManager manager) {
        if (bestParameters == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bestParameters))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("could not restore the best parameters", e);
        }
        // loadParameters replaces the arrays: make them trainable again.
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /**
     * Returns the best score seen.
     *
     * @return the score, NaN before the first update
     */
    public double bestScore() {
        return best;
    }

    /**
     * Returns the epoch of the best score.
     *
     * @return the 1-based epoch, 0 before the first update
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The tracker's state, as a checkpoint keeps it.
     *
     * @param best the best score so far, NaN before the first update
     * @param bestEpoch its 1-based epoch, 0 before the first update
     * @param sinceBest epochs since the best one (the patience counter)
     * @param bestParameters the best epoch's parameters in {@code Block.saveParameters} form, or
     *     {@code null} before the first update
     */
    public record State(double best, int bestEpoch, int sinceBest, byte[] bestParameters) {}

    /**
     * Returns the current state (the parameter bytes are shared, not copied).
     *
     * @return the state
     */
    public State state() {
        return new State(best, bestEpoch, sinceBest, bestParameters);
    }

    /**
     * Puts back a state saved by {@link #state()}, for a resumed run.
     *
     * @param state the saved state
     */
    public void restore(State state) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        sinceBest = state.sinceBest();
        bestParameters = state.bestParameters();
    }

    static byte[] snapshot(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
