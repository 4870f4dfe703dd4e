package org.latentkit.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.latentkit.core.Choice;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * How far a reconstruction is from its input, averaged over the batch.
 *
 * <p>For a target image {@code x} and reconstruction {@code x̂}, both with {@code D} values (pixels
 * in [0, 1], reconstructions in (0, 1)), the per-pixel error is {@code e_j = (x_j − x̂_j)²} for
 * {@link Kind#MSE} or {@code e_j = −[x_j log x̂_j + (1 − x_j) log(1 − x̂_j)]} for {@link Kind#BCE}
 * (with {@code x̂} clipped to [1e-7, 1 − 1e-7]). The per-image loss is {@code (1/D) Σ_j e_j} for
 * {@link Reduction#MEAN} (per-pixel MSE, seed 001's {@code Σ(x − x̂)²/784}) or {@code Σ_j e_j} for
 * {@link Reduction#SUM}; the returned loss is always the mean of the per-image losses over the
 * batch.
 *
 * <p>Inputs: labels {@code [x]} and predictions whose first element (the autoencoders' {@code
 * RECONSTRUCTION}) is {@code x̂}; any shapes with the same number of values per sample.
 */
public final class ReconstructionLoss extends Loss {

    /** The per-pixel error. */
    public enum Kind implements Choice {
        /** Squared error. */
        MSE("mse"),
        /** Binary cross-entropy, for sigmoid outputs. */
        BCE("bce");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /**
         * Returns the command-line name.
         *
         * @return {@code mse} or {@code bce}
         */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a kind.
         *
         * @param text {@code mse} or {@code bce}
         * @return the kind
         */
        public static Kind parse(String text) {
            return Choice.parse(values(), "reconstruction", "loss", text);
        }
    }

    /** How the pixels of one image are combined; images are always averaged. */
    public enum Reduction implements Choice {
        /** Mean over pixels: independent of the image size. */
        MEAN("mean"),
        /** Sum over pixels: the log-likelihood convention. */
        SUM("sum");

        private final String id;

        Reduction(String id) {
            this.id = id;
        }

        /**
         * Returns the command-line name.
         *
         * @return {@code mean} or {@code sum}
         */
        @Override
        public String id() {
            return id;
        }

        /**
         * Parses a reduction.
         *
         * @param text {@code mean} or {@code sum}
         * @return the reduction
         */
        public static Reduction parse(String text) {
            return Choice.parse(values(), "reduction", "reduction", text);
        }
    }

    private final Kind kind;
    private final Reduction reduction;

    private ReconstructionLoss(Builder b) {
        super(b.name != null ? b.name : "reconstruction_" + b.kind.id());
        this.kind = b.kind;
        this.reduction = b.reduction;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Per-pixel mean squared error with mean reduction: seed 001's loss.
     *
     * @return the loss
     */
    public static ReconstructionLoss mse() {
        return builder().build();
    }

    /**
     * Returns the per-pixel error kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the per-image losses.
     *
     * @param target {@code (N, *)} targets
     * @param prediction {@code (N, *)} reconstructions, the same number of values per sample
     * @return {@code (N)} per-image losses
     */
    public NDArray perImage(NDArray target, NDArray prediction) {
        NDList xp = flattened(target, prediction);
        NDArray sums = errorSums(xp, 1);
        return reduction == Reduction.MEAN
                ? Scalars.div(sums, (float) xp.get(0).getShape().get(1))
                : sums;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@link Reduction#MEAN} every image has the same {@code D}, so the batch mean of the
     * per-image means is the mean over all {@code N·D} errors, taken in one reduction.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList xp = flattened(labels.head(), predictions.head());
        return reduction == Reduction.MEAN
                ? Scalars.div(errorSums(xp), (float) xp.get(0).size())
                : errorSums(xp, 1).mean();
    }

    /**
     * Sums the per-value errors over {@code axes} (over all values when none are given), the one
     * reduction both {@link #perImage} and {@link #evaluate} build on:
     *
     * <ul>
     *   <li>MSE: {@link SquaredError}'s sums of {@code d = p − x}, whose backward reads the
     *       residuals once. p − x, not x − p, so that the gradient flows to p through the
     *       subtraction's first argument, with no negation; not square(), which PyTorch
     *       differentiates as pow(d, 2), with a pow kernel.
     *   <li>BCE: the Bernoulli log-likelihood summed, then negated once (the same values as summing
     *       its negation, with less work: {@link Bernoulli}).
     * </ul>
     *
     * <p>A mean is then this sum divided by the count: the same value as PyTorch's mean (which
     * divides its sum on the CPU too), with a lighter backward pass, which hands the factor to the
     * errors as a broadcast scalar instead of writing it out per value.
     */
    private NDArray errorSums(NDList flattened, int... axes) {
        NDArray x = flattened.get(0);
        NDArray p = flattened.get(1);
        if (kind == Kind.MSE) {
            return SquaredError.sum(p.sub(x), axes);
        }
        NDArray logLikelihood = Bernoulli.logLikelihood(x, p);
        return (axes.length == 0 ? logLikelihood.sum() : logLikelihood.sum(axes)).neg();
    }

    /** The target and the prediction as {@code (N, D)}, checked to have the same {@code D}. */
    private static NDList flattened(NDArray target, NDArray prediction) {
        long n = target.getShape().get(0);
        NDArray x = target.reshape(n, -1);
        NDArray p = prediction.reshape(n, -1);
        if (x.getShape().get(1) != p.getShape().get(1)) {
            throw new IllegalArgumentException(
                    "reconstruction: target has "
                            + x.getShape().get(1)
                            + " values per sample, prediction "
                            + p.getShape().get(1));
        }
        return new NDList(x, p);
    }

    /** Builds a {@link ReconstructionLoss}. */
    public static final class Builder {
        private Kind kind = Kind.MSE;
        private Reduction reduction = Reduction.MEAN;
        private String name;

        private Builder() {}

        /**
         * Sets the per-pixel error (default MSE).
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder optKind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets how an image's pixels are combined (default mean).
         *
         * @param reduction the reduction
         * @return this builder
         */
        public Builder optReduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /**
         * Sets the loss name (default {@code reconstruction_<kind>}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         */
        public ReconstructionLoss build() {
            if (kind == null || reduction == null) {
                throw new InvalidInputException("reconstruction: kind and reduction are required");
            }
            return new ReconstructionLoss(this);
        }
    }
}
