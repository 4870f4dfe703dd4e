package org.latentkit.api.translate;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import org.latentkit.api.data.Normalization;

/**
 * What the digit translators share: the input side (an {@link Image} to a {@code (1, 1, 28, 28)}
 * array normalised as in training) and the choice of the model output to read.
 *
 * @param <O> the prediction type
 */
abstract class DigitImageTranslator<O> implements NoBatchifyTranslator<Image, O> {

    /**
     * The model property holding the training normalisation ({@code unit} or {@code centered}):
     * latentkit writes it to the model's {@code serving.properties}, and DJL's {@code Criteria}
     * turns every entry there into a model property.
     */
    static final String NORMALIZATION_PROPERTY = "latentkit.meta.normalization";

    private final Normalization normalization;
    private final int output;
    private Normalization resolved;

    /**
     * Creates the shared part.
     *
     * @param normalization the normalisation, or {@code null} for the model's recorded one
     * @param output which model output to read
     */
    DigitImageTranslator(Normalization normalization, int output) {
        this.normalization = normalization;
        this.output = output;
    }

    /** The explicit normalisation, else the model's recorded one, else {@code unit}. */
    static Normalization resolve(Normalization explicit, Model model) {
        if (explicit != null) {
            return explicit;
        }
        String recorded = model.getProperty(NORMALIZATION_PROPERTY);
        return recorded == null ? Normalization.UNIT : Normalization.parse(recorded);
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(TranslatorContext ctx) {
        resolved = resolve(normalization, ctx.getModel());
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Normalization norm = resolved != null ? resolved : resolve(normalization, ctx.getModel());
        return new NDList(DigitImages.toArray(ctx.getNDManager(), input, norm));
    }

    /**
     * Returns the model output this translator reads.
     *
     * @param list the model's outputs
     * @param what the translator, for the message
     * @return output number {@code output}
     * @throws IllegalArgumentException if the model has fewer outputs
     */
    NDArray selectedOutput(NDList list, String what) {
        if (output >= list.size()) {
            throw new IllegalArgumentException(
                    what + ": the model has " + list.size() + " outputs, not " + (output + 1));
        }
        return list.get(output);
    }
}
