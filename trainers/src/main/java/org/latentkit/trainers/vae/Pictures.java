package org.latentkit.trainers.vae;

import org.latentkit.api.data.DigitSet;

/** Turns model outputs into digit sets, so that the api's image grids can draw them. */
public final class Pictures {

    private Pictures() {}

    /**
     * Wraps pixel values in [0, 1] as a 28×28 digit set.
     *
     * @param name the set's description
     * @param values {@code n × 784} values in [0, 1], image after image
     * @param labels a label per image (only drawn, never checked); {@code null} for zeros
     * @return the set
     */
    public static DigitSet of(String name, float[] values, int[] labels) {
        int n = values.length / 784;
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(Math.max(0f, Math.min(1f, values[i])) * 255f);
        }
        return new DigitSet(name, 28, 28, pixels, labels == null ? new int[n] : labels);
    }

    /**
     * Returns {@code 0, 1, …, n − 1}.
     *
     * @param from the first index
     * @param n how many
     * @return the indices
     */
    public static int[] range(int from, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
