package org.latentkit.api.metrics;

/** Classification accuracy and its confusion matrix. */
public final class Accuracy {

    private Accuracy() {}

    /**
     * Returns the fraction of predictions equal to the truth.
     *
     * @param predicted predicted classes
     * @param truth true classes, same length
     * @return a fraction in [0, 1]; 0 for empty input
     */
    public static double of(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(
                    "predicted has " + predicted.length + " entries but truth has " + truth.length);
        }
        if (truth.length == 0) {
            return 0;
        }
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
            }
        }
        return (double) right / truth.length;
    }

    /**
     * Counts (truth, prediction) pairs.
     *
     * @param predicted predicted classes in 0..k-1
     * @param truth true classes in 0..k-1
     * @param k the number of classes
     * @return {@code m[truth][predicted]}
     */
    public static int[][] confusion(int[] predicted, int[] truth, int k) {
        int[][] m = new int[k][k];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return m;
    }
}
