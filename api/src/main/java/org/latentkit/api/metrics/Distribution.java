package org.latentkit.api.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary statistics of a sample: mean, standard deviation and quantiles.
 *
 * <p>Quantiles use linear interpolation between order statistics (numpy's default): for a sorted
 * sample {@code v_0..v_(n−1)} the q-quantile is {@code v_⌊h⌋ + (h − ⌊h⌋)(v_(⌊h⌋+1) − v_⌊h⌋)} with
 * {@code h = q (n − 1)}.
 *
 * @param count the sample size
 * @param mean the mean
 * @param sd the population standard deviation ({@code 1/n})
 * @param min the smallest value
 * @param q05 the 5% quantile
 * @param q25 the lower quartile
 * @param median the median
 * @param q75 the upper quartile
 * @param q95 the 95% quantile
 * @param max the largest value
 */
public record Distribution(
        int count,
        double mean,
        double sd,
        double min,
        double q05,
        double q25,
        double median,
        double q75,
        double q95,
        double max) {

    /**
     * Summarises a sample.
     *
     * @param values at least one value
     * @return the summary
     */
    public static Distribution of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot summarise an empty sample");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        double mean = sum / s.length;
        double ss = 0;
        for (double v : s) {
            ss += (v - mean) * (v - mean);
        }
        return new Distribution(
                s.length,
                mean,
                Math.sqrt(ss / s.length),
                s[0],
                quantile(s, 0.05),
                quantile(s, 0.25),
                quantile(s, 0.5),
                quantile(s, 0.75),
                quantile(s, 0.95),
                s[s.length - 1]);
    }

    /**
     * Summarises an integer sample.
     *
     * @param values at least one value
     * @return the summary
     */
    public static Distribution of(int[] values) {
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    /**
     * Returns the q-quantile of a sorted sample, interpolating linearly.
     *
     * @param sorted ascending values, at least one
     * @param q in [0, 1]
     * @return the quantile
     */
    public static double quantile(double[] sorted, double q) {
        double h = q * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Returns the summary as a JSON-ready map.
     *
     * @return ordered entries
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("mean", mean);
        m.put("sd", sd);
        m.put("min", min);
        m.put("q05", q05);
        m.put("q25", q25);
        m.put("median", median);
        m.put("q75", q75);
        m.put("q95", q95);
        m.put("max", max);
        return m;
    }
}
