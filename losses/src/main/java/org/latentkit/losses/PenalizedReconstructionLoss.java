package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Reconstruction traded against code sparsity: {@code L = (1 − λ) · R + λ · P}, seed 001's sparse
 * autoencoder loss with {@code R} a {@link ReconstructionLoss} and {@code P} a {@link
 * SparsityPenalty}, both batch means, so {@code L} is a batch mean too. λ = 0.5 was the original's
 * setting; λ = 0 is plain reconstruction, λ = 1 ignores the image.
 *
 * <p>Inputs: whatever its two parts read, for example the sparse autoencoder's {@code
 * (reconstruction, code, activation)} predictions and the input image as the label.
 */
public final class PenalizedReconstructionLoss extends Loss {

    /** The original's weight of the penalty. */
    public static final float DEFAULT_LAMBDA = 0.5f;

    private final ReconstructionLoss reconstruction;
    private final SparsityPenalty penalty;
    private final float lambda;

    /**
     * Combines a reconstruction loss and a penalty.
     *
     * @param reconstruction {@code R}
     * @param penalty {@code P}
     * @param lambda λ in [0, 1]
     */
    public PenalizedReconstructionLoss(
            ReconstructionLoss reconstruction, SparsityPenalty penalty, float lambda) {
        super("penalized_reconstruction");
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new InvalidInputException("lambda: must be in [0, 1], got " + lambda);
        }
        this.reconstruction = reconstruction;
        this.penalty = penalty;
        this.lambda = lambda;
    }

    /**
     * Returns λ.
     *
     * @return the penalty's weight
     */
    public float lambda() {
        return lambda;
    }

    /**
     * Returns the reconstruction part.
     *
     * @return {@code R}
     */
    public ReconstructionLoss reconstruction() {
        return reconstruction;
    }

    /**
     * Returns the penalty part.
     *
     * @return {@code P}
     */
    public SparsityPenalty penalty() {
        return penalty;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray r = Scalars.mul(reconstruction.evaluate(labels, predictions), 1f - lambda);
        return r.add(Scalars.mul(penalty.evaluate(labels, predictions), lambda));
    }
}
