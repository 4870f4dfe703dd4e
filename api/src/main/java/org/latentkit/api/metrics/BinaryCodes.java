package org.latentkit.api.metrics;

import org.latentkit.core.InvalidInputException;

/**
 * Binary codes read from real-valued outputs: each output above 0 is a 1 bit, and the bits of a
 * sample form its bucket index {@code Σ_i bit_i · 2^i} (bit 0 is the least significant, as in seed
 * 000). Also the per-bit statistics of a set of codes.
 *
 * <p>An output of exactly 0 is a 0 bit.
 */
public final class BinaryCodes {

    /** The most bits a bucket index can hold. */
    public static final int MAX_BITS = 30;

    private final boolean[][] bits;
    private final int width;

    private BinaryCodes(boolean[][] bits, int width) {
        this.bits = bits;
        this.width = width;
    }

    /**
     * Thresholds a row-major matrix of outputs at 0.
     *
     * @param outputs {@code samples × width} values, row-major
     * @param width outputs (bits) per sample, 1..{@value #MAX_BITS}
     * @return the codes
     */
    public static BinaryCodes threshold(float[] outputs, int width) {
        if (width < 1 || width > MAX_BITS) {
            throw new InvalidInputException(
                    "bits: must be between 1 and " + MAX_BITS + ", got " + width);
        }
        if (outputs.length % width != 0) {
            throw new InvalidInputException(
                    "codes: "
                            + outputs.length
                            + " outputs is not a multiple of "
                            + width
                            + " bits");
        }
        boolean[][] b = new boolean[outputs.length / width][width];
        for (int s = 0; s < b.length; s++) {
            for (int i = 0; i < width; i++) {
                b[s][i] = outputs[s * width + i] > 0;
            }
        }
        return new BinaryCodes(b, width);
    }

    /**
     * Returns the number of samples.
     *
     * @return the count
     */
    public int size() {
        return bits.length;
    }

    /**
     * Returns the bits per code.
     *
     * @return the width
     */
    public int width() {
        return width;
    }

    /**
     * Returns the number of possible buckets.
     *
     * @return {@code 2^width}
     */
    public int numBuckets() {
        return 1 << width;
    }

    /**
     * Returns the bucket of every sample.
     *
     * @return {@code Σ_i bit_i · 2^i} per sample
     */
    public int[] buckets() {
        int[] out = new int[bits.length];
        for (int s = 0; s < bits.length; s++) {
            int b = 0;
            for (int i = 0; i < width; i++) {
                if (bits[s][i]) {
                    b |= 1 << i;
                }
            }
            out[s] = b;
        }
        return out;
    }

    /**
     * Returns each bit's balance: the fraction of samples where it is 1 (0.5 is ideal).
     *
     * @return one fraction per bit
     */
    public double[] balance() {
        double[] ones = new double[width];
        for (boolean[] code : bits) {
            for (int i = 0; i < width; i++) {
                ones[i] += code[i] ? 1 : 0;
            }
        }
        for (int i = 0; i < width; i++) {
            ones[i] = bits.length == 0 ? Double.NaN : ones[i] / bits.length;
        }
        return ones;
    }

    /**
     * Returns the Pearson correlation between every pair of bits (as 0/1 variables, the phi
     * coefficient). A bit that never changes has no correlation: its row and column are NaN, and
     * the diagonal of a varying bit is 1.
     *
     * @return a {@code width × width} matrix
     */
    public double[][] correlation() {
        int n = bits.length;
        double[] mean = balance();
        double[][] cov = new double[width][width];
        for (boolean[] code : bits) {
            for (int i = 0; i < width; i++) {
                double di = (code[i] ? 1 : 0) - mean[i];
                for (int j = 0; j < width; j++) {
                    cov[i][j] += di * ((code[j] ? 1 : 0) - mean[j]);
                }
            }
        }
        double[][] corr = new double[width][width];
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                double denom = Math.sqrt(cov[i][i] * cov[j][j]);
                corr[i][j] = n == 0 || denom == 0 ? Double.NaN : cov[i][j] / denom;
            }
        }
        return corr;
    }

    /**
     * Returns the mean |correlation| over the pairs of distinct bits that both vary; NaN when no
     * such pair exists (a constant bit shows in {@link #balance} as 0 or 1).
     *
     * @return the mean in [0, 1], or NaN
     */
    public double meanAbsCorrelation() {
        double[][] corr = correlation();
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                if (!Double.isNaN(corr[i][j])) {
                    sum += Math.abs(corr[i][j]);
                    pairs++;
                }
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }
}
