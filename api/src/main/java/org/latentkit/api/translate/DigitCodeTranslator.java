package org.latentkit.api.translate;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.TranslatorContext;
import org.latentkit.api.data.Normalization;

/**
 * Encodes one digit image with a saved latentkit model: {@link Image} to its code, a {@code
 * float[]}.
 *
 * <p>Input as in {@link DigitClassifierTranslator}. Output: model output {@code i} (default 1, the
 * code of every latentkit autoencoder: dense code, binary code in {0, 1}, or the VAE posterior mean
 * μ). Of shape {@code (1, d)}, it is returned as it is. A mixture of VAE experts gives {@code (K,
 * 1, z)} posterior means and {@code (1, K)} manager probabilities as its last output; the code is
 * then the μ of the most probable expert, {@code μ_{k*}} with {@code k* = argmax_k p_k}.
 */
public final class DigitCodeTranslator extends DigitImageTranslator<float[]> {

    private DigitCodeTranslator(Builder b) {
        super(b.normalization, b.output);
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
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray code = selectedOutput(list, "digit encoder");
        if (code.getShape().dimension() == 3) {
            NDArray gate = list.get(list.size() - 1);
            long best = gate.flatten().argMax().toType(DataType.INT64, false).getLong();
            return code.get(best).flatten().toFloatArray();
        }
        return code.flatten().toFloatArray();
    }

    /** Builds a {@link DigitCodeTranslator}. */
    public static final class Builder {
        private Normalization normalization;
        private int output = 1;

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
         * Sets which model output is the code (default 1).
         *
         * @param index the output index
         * @return this builder
         */
        public Builder optOutput(int index) {
            this.output = index;
            return this;
        }

        /**
         * Builds the translator.
         *
         * @return the translator
         */
        public DigitCodeTranslator build() {
            if (output < 0) {
                throw new IllegalArgumentException(
                        "digit encoder: output index " + output + " < 0");
            }
            return new DigitCodeTranslator(this);
        }
    }
}
