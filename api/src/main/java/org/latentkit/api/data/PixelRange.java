package org.latentkit.api.data;

import org.latentkit.core.Choice;

/**
 * The value range of the pixels in a DJL dataset handed to {@link DigitDataset#toDigitSet}: how a
 * stored value {@code v} maps back to a pixel byte {@code b}.
 */
public enum PixelRange implements Choice {
    /**
     * {@code b = round(v)}, values in [0, 255]: DJL's {@code Mnist} and {@code FashionMnist}, and
     * {@code ImageFolder} without a {@code ToTensor} transform.
     */
    BYTES("0-255", 1f),
    /**
     * {@code b = round(255 v)}, values in [0, 1]: DJL's {@code ToTensor}, latentkit's {@link
     * Normalization#UNIT}.
     */
    UNIT("0-1", 255f);

    private final String id;
    private final float toBytes;

    PixelRange(String id, float toBytes) {
        this.id = id;
        this.toBytes = toBytes;
    }

    /**
     * Maps a stored value to its pixel byte, or returns -1 when it is outside the range (more than
     * half a grey level beyond either end, or not a number).
     *
     * @param v the stored value
     * @return 0–255, or -1
     */
    public int toByte(float v) {
        float b = v * toBytes;
        if (!(b >= -0.5f && b < 255.5f)) {
            return -1;
        }
        return Math.max(0, Math.min(255, Math.round(b)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
