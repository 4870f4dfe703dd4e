package org.latentkit.cli;

import java.util.Arrays;
import java.util.Locale;
import org.latentkit.api.data.DataLocator;
import org.latentkit.api.data.Split;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;

/**
 * The small pieces several commands share: splits and their description, size lists, bucket codes.
 */
final class CommandSupport {

    private CommandSupport() {}

    /**
     * Splits the data as the {@code --validation} and {@code --train-samples} flags ask.
     *
     * @param data train and test sets
     * @param validation the last N training images held out; 0 for none
     * @param trainSamples a stratified training subset drawn from {@code seed}; null for all
     * @param seed the run's seed
     * @return the split
     */
    static Split split(
            DataLocator.TrainTest data, int validation, Integer trainSamples, long seed) {
        if (validation < 0) {
            throw new InvalidInputException("validation: must be 0 or more, got " + validation);
        }
        Split split =
                validation == 0 ? Split.trainTest(data) : Split.withValidation(data, validation);
        return trainSamples == null ? split : split.withTrainSamples(trainSamples, seed);
    }

    /**
     * Describes a split's sizes and where the run trains, the tail of a command's first line on
     * stderr.
     *
     * @param split the run's split
     * @param context the engine and device
     * @return for example {@code 55000 train / 5000 validation / 10000 test, PyTorch cpu}
     */
    static String describe(Split split, EngineContext context) {
        return String.format(
                Locale.ROOT,
                "%d train / %s validation / %d test, %s %s",
                split.train().size(),
                split.validation() == null ? "no" : Integer.toString(split.validation().size()),
                split.test().size(),
                context.engineName(),
                context.deviceName());
    }

    /**
     * Parses a comma-separated list of positive sizes, such as {@code --layers 256,64}.
     *
     * @param text the flag's value
     * @return the sizes
     */
    static int[] parseLayers(String text) {
        int[] sizes;
        try {
            sizes =
                    Arrays.stream(text.split(","))
                            .map(String::trim)
                            .mapToInt(Integer::parseInt)
                            .toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "layers: not a comma-separated list of integers: '" + text + "'");
        }
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(v -> v <= 0)) {
            throw new InvalidInputException(
                    "layers: every size must be a positive integer, got '" + text + "'");
        }
        return sizes;
    }

    /**
     * Writes a bucket number as its code: {@code bits} binary digits, most significant first.
     *
     * @param bucket the bucket
     * @param bits the code length
     * @return for example {@code 0000101} for bucket 5 of 7 bits
     */
    static String bucketCode(int bucket, int bits) {
        StringBuilder s = new StringBuilder(Integer.toBinaryString(bucket));
        while (s.length() < bits) {
            s.insert(0, '0');
        }
        return s.toString();
    }
}
