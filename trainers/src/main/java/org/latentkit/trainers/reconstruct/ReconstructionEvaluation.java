package org.latentkit.trainers.reconstruct;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentkit.api.data.DigitSet;
import org.latentkit.api.data.Normalization;
import org.latentkit.api.metrics.Distribution;
import org.latentkit.losses.ReconstructionLoss;
import org.latentkit.trainers.loop.Inference;

/**
 * An autoencoder's reconstructions of a test set, with per-image errors and, for binary codes, code
 * statistics.
 *
 * <p>Per-image MSE is {@code Σ_j (x_j − x̂_j)² / D} (D = 784 for MNIST), computed in pixel units
 * [0, 1]. For a binary code, a bit is <em>active</em> when it is 1; a <em>dead</em> bit is never
 * active on the set and an <em>always-on</em> bit is active for every image.
 *
 * @param labels the digit of each image, -1 for every image of a set without labels (the per-digit
 *     metrics are then empty)
 * @param images the originals, {@code n × D} in [0, 1]
 * @param reconstructions {@code n × D} reconstructions
 * @param mse per-image MSE
 * @param codes {@code n × K} codes as read from the model (0/1 for binary codes)
 * @param binary whether the codes are binary, so that bit statistics apply
 */
public record ReconstructionEvaluation(
        int[] labels,
        float[][] images,
        float[][] reconstructions,
        double[] mse,
        float[][] codes,
        boolean binary) {

    /** Whether the model's codes are binary. */
    public enum CodeKind {
        /** Real-valued codes. */
        DENSE,
        /** 0/1 codes. */
        BINARY
    }

    /**
     * Runs a model whose outputs are {@code (reconstruction, code, …)} over a set.
     *
     * @param model the trained model
     * @param set the test images
     * @param norm their normalisation (reconstructions are compared in that scale)
     * @param kind whether the code (output 1) is binary
     * @return the evaluation
     */
    public static ReconstructionEvaluation of(
            Model model, DigitSet set, Normalization norm, CodeKind kind) {
        int n = set.size();
        float[][] images = new float[n][];
        float[][] recon = new float[n][];
        float[][] codes = new float[n][];
        double[] mse = new double[n];
        ReconstructionLoss loss = ReconstructionLoss.mse();
        Inference.forEachBatch(
                model,
                set,
                norm,
                (from, out) -> {
                    NDArray xh = out.get(0);
                    long b = xh.getShape().get(0);
                    NDArray x = set.images(xh.getManager(), null, from, from + (int) b, norm);
                    float[] e = loss.perImage(x, xh).toFloatArray();
                    float[] r = xh.reshape(b, -1).toFloatArray();
                    float[] c =
                            out.size() > 1
                                    ? out.get(1).reshape(b, -1).toFloatArray()
                                    : new float[0];
                    int d = r.length / (int) b;
                    int k = c.length / (int) b;
                    for (int i = 0; i < b; i++) {
                        mse[from + i] = e[i];
                        recon[from + i] = Arrays.copyOfRange(r, i * d, (i + 1) * d);
                        codes[from + i] = Arrays.copyOfRange(c, i * k, (i + 1) * k);
                        images[from + i] = set.image(from + i, norm);
                    }
                });
        return new ReconstructionEvaluation(
                set.hasLabels() ? set.labels() : unlabelled(n),
                images,
                recon,
                mse,
                codes,
                kind == CodeKind.BINARY);
    }

    private static int[] unlabelled(int n) {
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        return labels;
    }

    /**
     * Returns the number of images.
     *
     * @return n
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the code size.
     *
     * @return K
     */
    public int codeSize() {
        return codes.length == 0 ? 0 : codes[0].length;
    }

    /**
     * Returns the mean per-image MSE.
     *
     * @return the test MSE
     */
    public double meanMse() {
        return Distribution.of(mse).mean();
    }

    /**
     * Returns the per-image MSE of one digit's images.
     *
     * @param digit 0–9
     * @return their MSEs
     */
    public double[] mseOf(int digit) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == digit) {
                v.add(mse[i]);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Returns the number of active bits of each image (binary codes).
     *
     * @return counts per image
     */
    public int[] activeBits() {
        int[] a = new int[labels.length];
        for (int i = 0; i < a.length; i++) {
            for (float v : codes[i]) {
                if (v > 0.5f) {
                    a[i]++;
                }
            }
        }
        return a;
    }

    /**
     * Returns the active bits of one digit's images.
     *
     * @param digit 0–9
     * @return counts
     */
    public int[] activeBitsOf(int digit) {
        int[] all = activeBits();
        List<Integer> v = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == digit) {
                v.add(all[i]);
            }
        }
        return v.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Returns how many images each bit is active for.
     *
     * @return counts per bit
     */
    public int[] bitCounts() {
        int[] c = new int[codeSize()];
        for (float[] code : codes) {
            for (int k = 0; k < c.length; k++) {
                if (code[k] > 0.5f) {
                    c[k]++;
                }
            }
        }
        return c;
    }

    /**
     * Returns the metrics {@code metrics.json} records: {@code test_mse}, its spread and quantiles,
     * per digit, and for binary codes the bit statistics.
     *
     * @return ordered entries
     */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Distribution all = Distribution.of(mse);
        m.put("test_mse", all.mean());
        m.put("test_mse_sd", all.sd());
        m.put("test_mse_distribution", all.toMap());
        Map<String, Object> byDigit = new LinkedHashMap<>();
        Map<String, Object> medianByDigit = new LinkedHashMap<>();
        Map<String, Object> distByDigit = new LinkedHashMap<>();
        for (int d = 0; d < 10; d++) {
            double[] v = mseOf(d);
            if (v.length > 0) {
                Distribution dd = Distribution.of(v);
                byDigit.put(Integer.toString(d), dd.mean());
                medianByDigit.put(Integer.toString(d), dd.median());
                distByDigit.put(Integer.toString(d), dd.toMap());
            }
        }
        m.put("test_mse_by_digit", byDigit);
        m.put("test_mse_median_by_digit", medianByDigit);
        m.put("test_mse_distribution_by_digit", distByDigit);
        m.put("code_size", codeSize());
        if (binary) {
            Distribution bits = Distribution.of(activeBits());
            m.put("active_bits_mean", bits.mean());
            m.put("active_bits_median", bits.median());
            m.put("active_bits_distribution", bits.toMap());
            Map<String, Object> bitsByDigit = new LinkedHashMap<>();
            Map<String, Object> bitsMedianByDigit = new LinkedHashMap<>();
            for (int d = 0; d < 10; d++) {
                int[] v = activeBitsOf(d);
                if (v.length > 0) {
                    Distribution dd = Distribution.of(v);
                    bitsByDigit.put(Integer.toString(d), dd.mean());
                    bitsMedianByDigit.put(Integer.toString(d), dd.median());
                }
            }
            m.put("active_bits_mean_by_digit", bitsByDigit);
            m.put("active_bits_median_by_digit", bitsMedianByDigit);
            int dead = 0;
            int always = 0;
            for (int c : bitCounts()) {
                if (c == 0) {
                    dead++;
                }
                if (c == size()) {
                    always++;
                }
            }
            m.put("dead_bits", dead);
            m.put("always_on_bits", always);
            m.put("used_bits", codeSize() - dead);
        }
        return m;
    }
}
