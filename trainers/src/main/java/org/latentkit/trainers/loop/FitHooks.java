package org.latentkit.trainers.loop;

import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Who takes part in a fit besides the model: latentkit's progress listener, the run's {@link
 * TrainingControl} (checkpoints, resume, clipping, the blow-up stop, Ctrl-C), and DJL's own
 * training listeners and evaluators. Every trainer takes one; {@link #of(TrainingListener)} gives a
 * progress listener alone.
 *
 * <p>The control is a named part, not a listener: wrapping, adding or reordering listeners ({@link
 * #withProgress}) keeps it, so nothing a trainer does with listeners can turn checkpoints off.
 *
 * <pre>{@code
 * import ai.djl.training.evaluator.Accuracy;
 * import ai.djl.training.listener.TrainingListener;
 * import org.latentkit.trainers.classify.ClassifierTrainer;
 * import org.latentkit.trainers.listeners.ProgressBar;
 *
 * FitHooks hooks = FitHooks.builder()
 *         .optProgress(ProgressBar.onStderr("val_acc"))
 *         .optControl(TrainingControl.builder().optCheckpoints(runDir).build())
 *         .optTrainingListeners(TrainingListener.Defaults.logging())   // DJL's
 *         .optEvaluator(new Accuracy())
 *         .build();
 * new ClassifierTrainer(ctx).fit(split, options, hooks);
 * }</pre>
 */
public final class FitHooks {

    private final TrainingListener progress;
    private final TrainingControl control;
    private final List<ai.djl.training.listener.TrainingListener> djlListeners;
    private final List<Evaluator> evaluators;

    private FitHooks(
            TrainingListener progress,
            TrainingControl control,
            List<ai.djl.training.listener.TrainingListener> djlListeners,
            List<Evaluator> evaluators) {
        this.progress = progress;
        this.control = control;
        this.djlListeners = List.copyOf(djlListeners);
        this.evaluators = List.copyOf(evaluators);
    }

    /**
     * Returns hooks with a progress listener only (no checkpoints, no DJL listeners).
     *
     * @param progress the listener, or {@code null} for none
     * @return the hooks
     */
    public static FitHooks of(TrainingListener progress) {
        return builder().optProgress(progress).build();
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
     * Returns latentkit's progress listener.
     *
     * @return the listener, never {@code null}
     */
    public TrainingListener progress() {
        return progress;
    }

    /**
     * Returns the run's control.
     *
     * @return the control; one that only guards the loss when none was given
     */
    public TrainingControl control() {
        return control;
    }

    /**
     * Returns DJL's training listeners, added to the trainer's configuration.
     *
     * @return the listeners
     */
    public List<ai.djl.training.listener.TrainingListener> trainingListeners() {
        return djlListeners;
    }

    /**
     * Returns DJL's evaluators, added to the trainer's configuration.
     *
     * @return the evaluators
     */
    public List<Evaluator> evaluators() {
        return evaluators;
    }

    /**
     * Returns the same hooks with another progress listener, typically one that wraps {@link
     * #progress()} (a β stepper, a usage recorder). The control and DJL's parts stay.
     *
     * @param listener the new progress listener
     * @return the hooks
     */
    public FitHooks withProgress(TrainingListener listener) {
        return new FitHooks(listener, control, djlListeners, evaluators);
    }

    /**
     * Adds DJL's listeners and evaluators to a training configuration.
     *
     * @param config the configuration
     * @return {@code config}
     */
    public DefaultTrainingConfig configure(DefaultTrainingConfig config) {
        config.addTrainingListeners(
                djlListeners.toArray(ai.djl.training.listener.TrainingListener[]::new));
        evaluators.forEach(config::addEvaluator);
        return config;
    }

    /** Builds {@link FitHooks}. */
    public static final class Builder {
        private TrainingListener progress = TrainingListener.NONE;
        private TrainingControl control;
        private final List<ai.djl.training.listener.TrainingListener> djlListeners =
                new ArrayList<>();
        private final List<Evaluator> evaluators = new ArrayList<>();

        private Builder() {}

        /**
         * Sets latentkit's progress listener (default none).
         *
         * @param listener the listener, or {@code null} for none
         * @return this builder
         */
        public Builder optProgress(TrainingListener listener) {
            this.progress = listener == null ? TrainingListener.NONE : listener;
            return this;
        }

        /**
         * Sets the run's control (default: none, which still stops on a NaN or a loss jump).
         *
         * @param control the control
         * @return this builder
         */
        public Builder optControl(TrainingControl control) {
            this.control = control;
            return this;
        }

        /**
         * Adds DJL training listeners, for example {@code TrainingListener.Defaults.logging()}, a
         * {@code SaveModelTrainingListener} or your own. They get DJL's callbacks in {@code
         * EasyTrain}'s order (see {@link DjlEvents}).
         *
         * @param listeners the listeners
         * @return this builder
         */
        public Builder optTrainingListeners(
                ai.djl.training.listener.TrainingListener... listeners) {
            djlListeners.addAll(List.of(listeners));
            return this;
        }

        /**
         * Adds a DJL evaluator, for example {@code new Accuracy()}. With DJL's evaluator listener
         * among the listeners, its values land in {@link TrainingLoop.Result#djl()}.
         *
         * @param evaluator the evaluator
         * @return this builder
         */
        public Builder optEvaluator(Evaluator evaluator) {
            evaluators.add(evaluator);
            return this;
        }

        /**
         * Builds the hooks.
         *
         * @return the hooks
         */
        public FitHooks build() {
            return new FitHooks(
                    progress,
                    control == null ? TrainingControl.builder().build() : control,
                    djlListeners,
                    evaluators);
        }
    }
}
