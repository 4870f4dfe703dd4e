package org.latentkit.api.translate;

import ai.djl.Model;
import org.latentkit.api.data.Normalization;

/** What the digit translators share: where a saved model records how its inputs are normalised. */
final class DigitTranslators {

    /**
     * The model property holding the training normalisation ({@code unit} or {@code centered}):
     * latentkit writes it to the model's {@code serving.properties}, and DJL's {@code Criteria}
     * turns every entry there into a model property.
     */
    static final String NORMALIZATION_PROPERTY = "latentkit.meta.normalization";

    private DigitTranslators() {}

    /** The explicit normalisation, else the model's recorded one, else {@code unit}. */
    static Normalization resolve(Normalization explicit, Model model) {
        if (explicit != null) {
            return explicit;
        }
        String recorded = model.getProperty(NORMALIZATION_PROPERTY);
        return recorded == null ? Normalization.UNIT : Normalization.parse(recorded);
    }
}
