package org.latentkit.api.translate;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.latentkit.api.data.Normalization;

/**
 * Classifies one digit image with a saved latentkit model: {@link Image} to {@link
 * Classifications}.
 *
 * <p>Input: the image as {@link DigitImages#toArray} makes it, {@code (1, 1, 28, 28)}, normalised
 * as the model was trained (the model property {@code latentkit.meta.normalization}, which a saved
 * model's {@code serving.properties} sets, unless {@link Builder#optNormalization} overrides it).
 * Output: model output {@code i} (default 0) of shape {@code (1, K)}; with {@link Scores#LOGITS}
 * the probabilities are {@code softmax(z)_k = exp(z_k) / Σ_j exp(z_j)}, with {@link
 * Scores#PROBABILITIES} the output is taken as it is. Class names default to {@code "0"…"K-1"}.
 *
 * <p>For a classifier, the defaults apply. For a mixture of VAE experts ({@code vae-mixture}), the
 * clusters are the manager's probabilities: output 3, {@link Scores#PROBABILITIES}.
 */
public final class DigitClassifierTranslator extends DigitImageTranslator<Classifications> {

    /** How the selected output is scaled. */
    public enum Scores {
        /** Unnormalised scores: softmax applies. */
        LOGITS,
        /** Already probabilities summing to 1. */
        PROBABILITIES
    }

    private final Scores scores;
    private final List<String> classes;

    private DigitClassifierTranslator(Builder b) {
        super(b.normalization, b.output);
        this.scores = b.scores;
        this.classes = b.classes;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray z = selectedOutput(list, "digit classifier");
        NDArray row = z.getShape().dimension() == 2 ? z.get(0) : z.flatten();
        NDArray p = scores == Scores.LOGITS ? row.softmax(0) : row;
        float[] probs = p.toFloatArray();
        List<String> names = classes;
        if (names == null) {
            names = new ArrayList<>();
            for (int k = 0; k < probs.length; k++) {
                names.add(Integer.toString(k));
            }
        } else if (names.size() != probs.length) {
            throw new IllegalArgumentException(
                    "digit classifier: "
                            + names.size()
                            + " class names for "
                            + probs.length
                            + " model outputs");
        }
        List<Double> values = new ArrayList<>(probs.length);
        for (float v : probs) {
            values.add((double) v);
        }
        return new Classifications(names, values);
    }

    /** Builds a {@link DigitClassifierTranslator}. */
    public static final class Builder {
        private Normalization normalization;
        private int output;
        private Scores scores = Scores.LOGITS;
        private List<String> classes;

        private Builder() {}

        /**
         * Sets the input normalisation (default: the model's recorded one, else {@code unit}).
         *
         * @param norm the normalisation
         * @return this builder
         */
        public Builder optNormalization(Normalization norm) {
            this.normalization = norm;
            return this;
        }

        /**
         * Sets which model output holds the scores and how they are scaled (default 0, logits).
         *
         * @param index the output index
         * @param kind logits or probabilities
         * @return this builder
         */
        public Builder optOutput(int index, Scores kind) {
            this.output = index;
            this.scores = kind;
            return this;
        }

        /**
         * Sets the class names (default {@code "0"…"K-1"}).
         *
         * @param names one per model output
         * @return this builder
         */
        public Builder optClasses(List<String> names) {
            this.classes = names == null ? null : List.copyOf(names);
            return this;
        }

        /**
         * Builds the translator.
         *
         * @return the translator
         */
        public DigitClassifierTranslator build() {
            if (output < 0) {
                throw new IllegalArgumentException(
                        "digit classifier: output index " + output + " < 0");
            }
            if (scores == null) {
                throw new IllegalArgumentException("digit classifier: scores kind is null");
            }
            return new DigitClassifierTranslator(this);
        }
    }
}
