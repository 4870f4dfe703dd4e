package org.latentkit.api.metrics;

import java.util.Arrays;
import org.latentkit.core.InvalidInputException;

/**
 * Labels buckets (or clusters) by majority vote, like the leaves of a decision tree: each bucket
 * seen in the fitting set gets the most frequent label of its members (ties go to the smallest
 * label), and a new sample is predicted as its bucket's label.
 *
 * <p>A bucket with no fitting sample has no label: test samples that fall into it are predicted
 * {@link #UNLABELLED}, counted wrong, and reported ({@link Result#unseenSamples}). (Seed 000's
 * original predicted class 0 for them, which is right by chance about a tenth of the time.)
 *
 * <pre>{@code
 * BucketLabeler labeler = BucketLabeler.fit(trainBuckets, trainLabels, 128, 10);
 * BucketLabeler.Result r = labeler.evaluate(testBuckets, testLabels);
 * }</pre>
 */
public final class BucketLabeler {

    /** The prediction for a sample whose bucket was empty when fitting. */
    public static final int UNLABELLED = -1;

    private final int[] labelOf;
    private final int[] fitCounts;
    private final int classes;

    private BucketLabeler(int[] labelOf, int[] fitCounts, int classes) {
        this.labelOf = labelOf;
        this.fitCounts = fitCounts;
        this.classes = classes;
    }

    /**
     * What labelling a set gave.
     *
     * @param accuracy fraction of samples whose bucket's label equals their label; unseen-bucket
     *     samples count wrong
     * @param correct the number right
     * @param samples the number of samples
     * @param unseenSamples samples in buckets that were empty when fitting
     * @param bucketsUsed distinct buckets the evaluated samples fell into
     */
    public record Result(
            double accuracy, int correct, int samples, int unseenSamples, int bucketsUsed) {}

    /**
     * Fits the majority label of each bucket.
     *
     * @param buckets bucket per sample, in {@code 0..numBuckets-1}
     * @param labels label per sample, in {@code 0..classes-1}
     * @param numBuckets the number of possible buckets, for example {@code 2^bits}
     * @param classes the number of labels
     * @return the labeler
     */
    public static BucketLabeler fit(int[] buckets, int[] labels, int numBuckets, int classes) {
        if (buckets.length != labels.length) {
            throw new InvalidInputException(
                    "bucket labeler: "
                            + buckets.length
                            + " buckets but "
                            + labels.length
                            + " labels");
        }
        if (numBuckets <= 0 || classes <= 0) {
            throw new InvalidInputException(
                    "bucket labeler: bucket and class counts must be positive, got "
                            + numBuckets
                            + " and "
                            + classes);
        }
        int[][] counts = new int[numBuckets][classes];
        for (int i = 0; i < buckets.length; i++) {
            checkRange("bucket", buckets[i], numBuckets);
            checkRange("label", labels[i], classes);
            counts[buckets[i]][labels[i]]++;
        }
        int[] labelOf = new int[numBuckets];
        int[] fitCounts = new int[numBuckets];
        for (int b = 0; b < numBuckets; b++) {
            int best = UNLABELLED;
            for (int c = 0; c < classes; c++) {
                fitCounts[b] += counts[b][c];
                if (counts[b][c] > 0 && (best == UNLABELLED || counts[b][c] > counts[b][best])) {
                    best = c;
                }
            }
            labelOf[b] = best;
        }
        return new BucketLabeler(labelOf, fitCounts, classes);
    }

    /**
     * Returns the label of a bucket.
     *
     * @param bucket the bucket
     * @return its majority label, or {@link #UNLABELLED} when it was empty
     */
    public int labelOf(int bucket) {
        checkRange("bucket", bucket, labelOf.length);
        return labelOf[bucket];
    }

    /**
     * Returns how many fitting samples fell into a bucket.
     *
     * @param bucket the bucket
     * @return the count
     */
    public int fitCount(int bucket) {
        checkRange("bucket", bucket, labelOf.length);
        return fitCounts[bucket];
    }

    /**
     * Returns the number of buckets that received at least one fitting sample.
     *
     * @return non-empty buckets
     */
    public int labelledBuckets() {
        return (int) Arrays.stream(fitCounts).filter(c -> c > 0).count();
    }

    /**
     * Predicts a label per sample.
     *
     * @param buckets bucket per sample
     * @return label per sample, {@link #UNLABELLED} where the bucket was empty when fitting
     */
    public int[] predict(int[] buckets) {
        int[] out = new int[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            out[i] = labelOf(buckets[i]);
        }
        return out;
    }

    /**
     * Predicts and scores a labelled set.
     *
     * @param buckets bucket per sample
     * @param labels true label per sample
     * @return accuracy, unseen-bucket samples and buckets used
     */
    public Result evaluate(int[] buckets, int[] labels) {
        if (buckets.length != labels.length) {
            throw new InvalidInputException(
                    "bucket labeler: "
                            + buckets.length
                            + " buckets but "
                            + labels.length
                            + " labels");
        }
        int[] predicted = predict(buckets);
        int correct = 0;
        int unseen = 0;
        boolean[] used = new boolean[labelOf.length];
        for (int i = 0; i < labels.length; i++) {
            checkRange("label", labels[i], classes);
            used[buckets[i]] = true;
            if (predicted[i] == UNLABELLED) {
                unseen++;
            } else if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        int bucketsUsed = 0;
        for (boolean u : used) {
            bucketsUsed += u ? 1 : 0;
        }
        double accuracy = labels.length == 0 ? 0 : (double) correct / labels.length;
        return new Result(accuracy, correct, labels.length, unseen, bucketsUsed);
    }

    private static void checkRange(String what, int value, int limit) {
        if (value < 0 || value >= limit) {
            throw new InvalidInputException(
                    "bucket labeler: " + what + " " + value + " is outside 0.." + (limit - 1));
        }
    }
}
