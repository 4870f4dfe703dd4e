package org.latentkit.api.data;

import org.latentkit.core.Choice;

/** How pixel bytes 0–255 become model inputs. */
public enum Normalization implements Choice {
    /** {@code x = b / 255}, in [0, 1]. */
    UNIT("unit", 1f / 255f, 0f),
    /** {@code x = (b / 255 - 0.5) / 0.5}, in [-1, 1]: torchvision's {@code Normalize(0.5, 0.5)}. */
    CENTERED("centered", 2f / 255f, -1f);

    private final String id;
    private final float scale;
    private final float shift;

    Normalization(String id, float scale, float shift) {
        this.id = id;
        this.scale = scale;
        this.shift = shift;
    }

    /**
     * Maps one pixel byte to its input value.
     *
     * @param pixel an unsigned byte 0–255 stored in a Java byte
     * @return the normalised value
     */
    public float apply(byte pixel) {
        return (pixel & 0xFF) * scale + shift;
    }

    /**
     * Returns the command-line name.
     *
     * @return {@code unit} or {@code centered}
     */
    /**
     * Returns the factor a pixel byte is multiplied by.
     *
     * @return {@code 1/255} or {@code 2/255}
     */
    public float scale() {
        return scale;
    }

    /**
     * Returns what is added after scaling.
     *
     * @return {@code 0} or {@code -1}
     */
    public float shift() {
        return shift;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Parses a normalisation name.
     *
     * @param text {@code unit} or {@code centered}
     * @return the normalisation
     */
    public static Normalization parse(String text) {
        return Choice.parse(values(), "normalize", "normalisation", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
