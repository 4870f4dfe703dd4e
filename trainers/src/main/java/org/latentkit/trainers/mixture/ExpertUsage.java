package org.latentkit.trainers.mixture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.losses.MixtureOfExpertsLoss;

/**
 * Wraps the mixture loss so that each training step also counts which expert the manager routes
 * each image to (its arg-max): the loop reads the loss once per step, and this reads the
 * probabilities it already has, so the shared training loop needs no hook.
 */
final class ExpertUsage extends Loss {

    private final MixtureOfExpertsLoss loss;
    private final long[] counts;
    private long total;

    ExpertUsage(MixtureOfExpertsLoss loss, int experts) {
        super(loss.getName());
        this.loss = loss;
        this.counts = new long[experts];
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray p = predictions.get(MixtureOfExpertsLoss.PROBABILITIES);
        long[] assigned = p.argMax(1).toLongArray();
        for (long k : assigned) {
            counts[(int) k]++;
        }
        total += assigned.length;
        return loss.evaluate(labels, predictions);
    }

    /**
     * Returns the fraction of images routed to each expert since the last call, and resets.
     *
     * @return {@code K} fractions summing to 1 (zeros if nothing was seen)
     */
    double[] drain() {
        double[] f = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            f[k] = total == 0 ? 0 : (double) counts[k] / total;
            counts[k] = 0;
        }
        total = 0;
        return f;
    }
}
