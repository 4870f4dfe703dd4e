package org.latentkit.trainers.buckets;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.latentkit.api.metrics.BinaryCodes;
import org.latentkit.api.metrics.BucketLabeler;
import org.latentkit.api.metrics.ClusterStatistics;
import org.latentkit.api.metrics.HungarianMatching;

/**
 * The metrics of a binary-code model on a labelled test set, its buckets labelled by majority vote
 * on the training set.
 *
 * @param bucketAccuracy test accuracy when each bucket predicts its training-set majority label;
 *     test samples in buckets that held no training sample count wrong
 * @param unseenSamples test samples that fell into such empty buckets
 * @param bucketsUsed distinct buckets the test samples fell into
 * @param trainBucketsUsed distinct buckets the training samples fell into
 * @param bucketEntropyBits entropy of the test bucket distribution in bits (at most the bit count)
 * @param bitBalance per bit, the fraction of test samples where it is 1
 * @param meanAbsBitCorrelation mean |correlation| between pairs of varying bits on the test set
 * @param nmi normalised mutual information between test bucket and label
 * @param clusterAccuracy accuracy of the best one-to-one bucket-to-class matching (Hungarian) on
 *     the test set: at most 10 buckets are credited, the rest count wrong
 */
public record BucketEvaluation(
        double bucketAccuracy,
        int unseenSamples,
        int bucketsUsed,
        int trainBucketsUsed,
        double bucketEntropyBits,
        double[] bitBalance,
        double meanAbsBitCorrelation,
        double nmi,
        double clusterAccuracy) {

    /** The number of digit classes. */
    public static final int CLASSES = 10;

    /**
     * Labels the buckets on the training codes and measures everything on the test codes.
     *
     * @param train training codes
     * @param trainLabels their labels
     * @param test test codes
     * @param testLabels their labels
     * @return the metrics
     */
    public static BucketEvaluation of(
            BinaryCodes train, int[] trainLabels, BinaryCodes test, int[] testLabels) {
        int k = test.numBuckets();
        int[] trainBuckets = train.buckets();
        int[] testBuckets = test.buckets();
        BucketLabeler labeler = BucketLabeler.fit(trainBuckets, trainLabels, k, CLASSES);
        BucketLabeler.Result r = labeler.evaluate(testBuckets, testLabels);
        return new BucketEvaluation(
                r.accuracy(),
                r.unseenSamples(),
                r.bucketsUsed(),
                labeler.labelledBuckets(),
                ClusterStatistics.entropyBits(testBuckets, k),
                test.balance(),
                test.meanAbsCorrelation(),
                ClusterStatistics.normalizedMutualInformation(testBuckets, testLabels, k, CLASSES),
                HungarianMatching.clusterAccuracy(testBuckets, testLabels, k, CLASSES).accuracy());
    }

    /**
     * Returns the metrics as flat JSON-friendly entries, each key prefixed.
     *
     * @param prefix for example {@code baseline_}, or empty
     * @return the entries in a stable order
     */
    public Map<String, Object> toMap(String prefix) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "bucket_accuracy", bucketAccuracy);
        m.put(prefix + "unseen_bucket_samples", unseenSamples);
        m.put(prefix + "buckets_used", bucketsUsed);
        m.put(prefix + "train_buckets_used", trainBucketsUsed);
        m.put(prefix + "bucket_entropy", bucketEntropyBits);
        m.put(prefix + "bit_balance", bitBalance);
        m.put(
                prefix + "mean_abs_bit_correlation",
                Double.isNaN(meanAbsBitCorrelation) ? null : meanAbsBitCorrelation);
        m.put(prefix + "nmi", nmi);
        m.put(prefix + "cluster_accuracy", clusterAccuracy);
        return m;
    }

    /** Copies the arrays, so that the record cannot be changed from outside. */
    public BucketEvaluation {
        bitBalance = bitBalance == null ? null : bitBalance.clone();
    }

    /**
     * Returns the bitBalance.
     *
     * @return a copy
     */
    @Override
    public double[] bitBalance() {
        return bitBalance == null ? null : bitBalance.clone();
    }

    /**
     * Compares by content, arrays element by element.
     *
     * @param other another object
     * @return whether it holds the same values
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof BucketEvaluation o
                && Double.compare(bucketAccuracy, o.bucketAccuracy) == 0
                && unseenSamples == o.unseenSamples
                && bucketsUsed == o.bucketsUsed
                && trainBucketsUsed == o.trainBucketsUsed
                && Double.compare(bucketEntropyBits, o.bucketEntropyBits) == 0
                && Arrays.equals(bitBalance, o.bitBalance)
                && Double.compare(meanAbsBitCorrelation, o.meanAbsBitCorrelation) == 0
                && Double.compare(nmi, o.nmi) == 0
                && Double.compare(clusterAccuracy, o.clusterAccuracy) == 0;
    }

    /**
     * Hashes by content, consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                bucketAccuracy,
                unseenSamples,
                bucketsUsed,
                trainBucketsUsed,
                bucketEntropyBits,
                Arrays.hashCode(bitBalance),
                meanAbsBitCorrelation,
                nmi,
                clusterAccuracy);
    }

    /**
     * Describes the values, arrays by content.
     *
     * @return for example {@code BucketEvaluation[...]}
     */
    @Override
    public String toString() {
        return "BucketEvaluation["
                + "bucketAccuracy="
                + bucketAccuracy
                + ", unseenSamples="
                + unseenSamples
                + ", bucketsUsed="
                + bucketsUsed
                + ", trainBucketsUsed="
                + trainBucketsUsed
                + ", bucketEntropyBits="
                + bucketEntropyBits
                + ", bitBalance="
                + Arrays.toString(bitBalance)
                + ", meanAbsBitCorrelation="
                + meanAbsBitCorrelation
                + ", nmi="
                + nmi
                + ", clusterAccuracy="
                + clusterAccuracy
                + "]";
    }
}
