package org.latentkit.api.data;

import org.latentkit.core.InvalidInputException;

/**
 * Train, validation and test sets for one run.
 *
 * @param train what the optimiser sees
 * @param validation what early stopping watches, or {@code null} when there is none
 * @param test held out until the end
 */
public record Split(DigitSet train, DigitSet validation, DigitSet test) {

    /**
     * Seed 003's split: the first 55,000 training images train, the last 5,000 validate (as
     * TensorFlow's {@code read_data_sets} did), and the 10,000 test images test.
     *
     * @param data the canonical train and test sets
     * @return the 55k/5k/10k split
     */
    public static Split trainValidationTest(DataLocator.TrainTest data) {
        return withValidation(data, 5_000);
    }

    /**
     * Seed 004's split: all 60,000 training images train, with no validation set.
     *
     * @param data the canonical train and test sets
     * @return the 60k/10k split
     */
    public static Split trainTest(DataLocator.TrainTest data) {
        return new Split(data.train(), null, data.test());
    }

    /**
     * Holds out the last {@code validation} training images for validation.
     *
     * @param data the canonical train and test sets
     * @param validation how many images to hold out
     * @return the split
     */
    public static Split withValidation(DataLocator.TrainTest data, int validation) {
        int n = data.train().size();
        if (validation <= 0 || validation >= n) {
            throw new InvalidInputException(
                    "validation: must be between 1 and " + (n - 1) + ", got " + validation);
        }
        return new Split(
                data.train().range(0, n - validation),
                data.train().range(n - validation, n),
                data.test());
    }

    /**
     * Keeps a stratified subset of the training set and leaves validation and test as they are.
     *
     * @param samples how many training samples
     * @param seed the seed that picks them
     * @return the reduced split
     */
    public Split withTrainSamples(int samples, long seed) {
        return new Split(train.stratifiedSubset(samples, seed), validation, test);
    }
}
