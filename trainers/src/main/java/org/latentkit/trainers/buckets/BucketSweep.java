package org.latentkit.trainers.buckets;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.latentkit.api.data.Split;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.BinaryCodeLoss;
import org.latentkit.trainers.loop.TrainingListener;

/**
 * Seed 000's hyperparameter sweep as a random search: each trial draws the bit count uniformly from
 * {@code [minBits, maxBits]} and each loss weight uniformly from {@code [0, maxWeight]}, then
 * trains and scores a fresh network with otherwise the base options.
 */
public final class BucketSweep {

    /**
     * One trial.
     *
     * @param index 1-based trial number
     * @param options what was trained
     * @param result what it measured
     */
    public record Trial(int index, BucketTrainer.Options options, BucketTrainer.Result result) {}

    /**
     * The search space.
     *
     * @param trials how many trials
     * @param minBits smallest bit count drawn
     * @param maxBits largest bit count drawn
     * @param maxWeight each weight is drawn from {@code [0, maxWeight]}
     */
    public record Space(int trials, int minBits, int maxBits, float maxWeight) {
        /** Validates the components. */
        public Space {
            if (trials < 1) {
                throw new InvalidInputException("trials: must be at least 1, got " + trials);
            }
            if (minBits < 1 || maxBits > BucketTrainer.Options.MAX_BITS || minBits > maxBits) {
                throw new InvalidInputException(
                        "bits range: must satisfy 1 <= min <= max <= "
                                + BucketTrainer.Options.MAX_BITS
                                + ", got "
                                + minBits
                                + ".."
                                + maxBits);
            }
            if (!(maxWeight > 0) || !Float.isFinite(maxWeight)) {
                throw new InvalidInputException(
                        "max-weight: must be a positive number, got " + maxWeight);
            }
        }
    }

    private BucketSweep() {}

    /**
     * Draws the trials' settings from one seeded stream, so a sweep is reproducible.
     *
     * @param base the fixed settings (hidden layers, activation, schedule, seed)
     * @param space the search space
     * @return one options per trial
     */
    public static List<BucketTrainer.Options> draw(BucketTrainer.Options base, Space space) {
        Random rng = new Random(base.seed());
        List<BucketTrainer.Options> out = new ArrayList<>();
        for (int t = 0; t < space.trials(); t++) {
            int bits = space.minBits() + rng.nextInt(space.maxBits() - space.minBits() + 1);
            BinaryCodeLoss.Weights w =
                    new BinaryCodeLoss.Weights(
                            rng.nextFloat() * space.maxWeight(),
                            rng.nextFloat() * space.maxWeight(),
                            rng.nextFloat() * space.maxWeight(),
                            base.weights().pair());
            out.add(base.with(bits, w).withSeed(base.seed() + t));
        }
        return out;
    }

    /**
     * Runs every trial.
     *
     * @param trainer the trainer
     * @param split train and test sets
     * @param base the fixed settings
     * @param space the search space
     * @param listener progress observer of each training
     * @param afterEach called after each trial, for example to write the table so far
     * @return the trials in order
     */
    public static List<Trial> run(
            BucketTrainer trainer,
            Split split,
            BucketTrainer.Options base,
            Space space,
            TrainingListener listener,
            Consumer<List<Trial>> afterEach) {
        List<Trial> trials = new ArrayList<>();
        int i = 0;
        for (BucketTrainer.Options o : draw(base, space)) {
            trials.add(new Trial(++i, o, trainer.fit(split, o, listener)));
            afterEach.accept(List.copyOf(trials));
        }
        return trials;
    }
}
