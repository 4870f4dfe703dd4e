package org.latentkit.trainers.loop;

import org.latentkit.core.InvalidInputException;

/**
 * One fit of {@link TrainingLoop}: what to train on, for how long and in what batches, how to
 * validate and when to stop, and who takes part ({@link FitHooks}).
 *
 * <pre>{@code
 * TrainingLoop.Result r = TrainingLoop.fit(trainer, FitConfig.builder()
 *         .setFeed(new Feed(train, Normalization.UNIT, Feed.Target.CLASS))
 *         .setOptions(new TrainingLoop.Options(10, 32, 42, 0, TrainingLoop.LastBatch.KEEP))
 *         .optValidator(t -> Inference.accuracy(t.getModel(), validation, Normalization.UNIT))
 *         .optStopping(new EarlyStopping(EarlyStopping.Goal.MAXIMIZE, 3))
 *         .optHooks(hooks)
 *         .build());
 * }</pre>
 */
public final class FitConfig {

    private final Feed feed;
    private final TrainingLoop.Options options;
    private final TrainingLoop.Validator validator;
    private final EarlyStopping stopping;
    private final FitHooks hooks;

    private FitConfig(Builder b) {
        this.feed = b.feed;
        this.options = b.options;
        this.validator = b.validator;
        // Without a rule the stopping state is empty, and checkpoints record it as such.
        this.stopping =
                b.stopping == null ? new EarlyStopping(EarlyStopping.Goal.MINIMIZE, 0) : b.stopping;
        this.hooks = b.hooks == null ? FitHooks.of(null) : b.hooks;
    }

    /**
     * Creates a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the training feed.
     *
     * @return the feed
     */
    public Feed feed() {
        return feed;
    }

    /**
     * Returns epochs and batching.
     *
     * @return the options
     */
    public TrainingLoop.Options options() {
        return options;
    }

    /**
     * Returns the per-epoch validator.
     *
     * @return the validator, or {@code null} to keep the last epoch
     */
    public TrainingLoop.Validator validator() {
        return validator;
    }

    /**
     * Returns the early-stopping rule (used only with a validator).
     *
     * @return the rule, never {@code null}
     */
    public EarlyStopping stopping() {
        return stopping;
    }

    /**
     * Returns the progress listener, the control and DJL's listeners.
     *
     * @return the hooks, never {@code null}
     */
    public FitHooks hooks() {
        return hooks;
    }

    /** Builds a {@link FitConfig}. */
    public static final class Builder {
        private Feed feed;
        private TrainingLoop.Options options;
        private TrainingLoop.Validator validator;
        private EarlyStopping stopping;
        private FitHooks hooks;

        private Builder() {}

        /**
         * Sets the training feed (required).
         *
         * @param feed the images, their normalisation and what serves as the label
         * @return this builder
         */
        public Builder setFeed(Feed feed) {
            this.feed = feed;
            return this;
        }

        /**
         * Sets epochs and batching (required).
         *
         * @param options the options
         * @return this builder
         */
        public Builder setOptions(TrainingLoop.Options options) {
            this.options = options;
            return this;
        }

        /**
         * Scores each epoch, for early stopping and the best-epoch restore (default none: the last
         * epoch is kept).
         *
         * @param validator the validator
         * @return this builder
         */
        public Builder optValidator(TrainingLoop.Validator validator) {
            this.validator = validator;
            return this;
        }

        /**
         * Sets the early-stopping rule (default: never stop early).
         *
         * @param stopping the rule
         * @return this builder
         */
        public Builder optStopping(EarlyStopping stopping) {
            this.stopping = stopping;
            return this;
        }

        /**
         * Sets who takes part (default: no listener, a control that guards the loss only).
         *
         * @param hooks the hooks
         * @return this builder
         */
        public Builder optHooks(FitHooks hooks) {
            this.hooks = hooks;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         */
        public FitConfig build() {
            if (feed == null || options == null) {
                throw new InvalidInputException("fit: a feed and options are required");
            }
            return new FitConfig(this);
        }
    }
}
