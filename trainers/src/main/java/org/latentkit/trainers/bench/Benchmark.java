package org.latentkit.trainers.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.latentkit.api.data.DigitSet;
import org.latentkit.blocks.Architecture;
import org.latentkit.blocks.augment.RandomAffine;
import org.latentkit.blocks.autoencoder.DenseAutoencoder;
import org.latentkit.blocks.vae.MixtureOfVaeExperts;
import org.latentkit.core.InvalidInputException;
import org.latentkit.losses.ElboLoss;
import org.latentkit.losses.MixtureOfExpertsLoss;
import org.latentkit.losses.ReconstructionLoss;
import org.latentkit.trainers.classify.ClassifierTrainer;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.EpochStats;
import org.latentkit.trainers.loop.Feed;
import org.latentkit.trainers.loop.LeanTrainer;
import org.latentkit.trainers.loop.StepTimer;
import org.latentkit.trainers.loop.TrainingListener;
import org.latentkit.trainers.loop.TrainingLoop;
import org.latentkit.trainers.loop.WeightInit;
import org.latentkit.trainers.optim.StatefulOptimizer;

/**
 * Measures training speed and memory of registered experiments through the one {@link
 * TrainingLoop}.
 *
 * <p>A run trains {@code warmup} steps unmeasured (JIT compilation, allocator warm-up), collects
 * the Java heap once (so that the training set's one-time promotion to the old generation is not
 * timed), then {@code epochs} bench epochs of {@code batches} steps each (or full epochs when
 * {@code batches} is 0), timing every step's phases with a {@link StepTimer} and reading the
 * resident set size after each epoch. Throughput is {@code samples / seconds} over the measured
 * epochs; the epoch-equivalent time is {@code trainSize / throughput}, the time a full epoch of the
 * training set would take.
 *
 * <pre>{@code
 * Benchmark.Report r = Benchmark.run(EngineContext.of("PyTorch", "cpu"), 0, train,
 *         Benchmark.experiment("classify:mlp"), new Benchmark.Options(50, 300, 2, 42));
 * System.out.println(r.summary());
 * }</pre>
 *
 * <p>Adding an experiment is one {@link #register} line in the static block below.
 */
public final class Benchmark {

    private static final Map<String, Experiment> EXPERIMENTS = new LinkedHashMap<>();

    static {
        register(
                Experiment.classifier(
                        "classify:lenet-classic",
                        "LeNet-5 (tanh, average pooling), batch 32",
                        () -> Architecture.LENET_CLASSIC.create(10),
                        32));
        register(
                Experiment.classifierBuilder(
                                "classify:lenet-classic+augment",
                                "the same LeNet-5, every batch distorted on the engine ("
                                        + RandomAffine.DEFAULT_SPEC
                                        + ", --augment's default)",
                                () -> Architecture.LENET_CLASSIC.create(10),
                                32)
                        .optAugmentation(RandomAffine.parse(RandomAffine.DEFAULT_SPEC))
                        .build());
        register(
                Experiment.classifier(
                        "classify:mlp",
                        "784-100 relu-10 MLP, batch 32",
                        () -> Architecture.MLP.create(10),
                        32));
        register(
                Experiment.classifier(
                        "classify:lenet-deep",
                        "LeNet-deep, batch 32",
                        () -> Architecture.LENET_DEEP.create(10),
                        32));
        register(
                Experiment.classifier(
                        "classify:convnet",
                        "ConvNet, batch 32",
                        () -> Architecture.CONVNET.create(10),
                        32));
        register(
                Experiment.reconstruction(
                        "autoencode:dense",
                        "dense autoencoder (256,64), MSE, batch 512",
                        () -> {
                            // PyTorch's weight initialisation, as the peer's model has: with DJL's
                            // He-normal default the output sigmoid saturates over the epochs, and
                            // subnormal gradients slow the backward matrix products (epoch 4 1.5x
                            // epoch 1; docs/performance.md)
                            Block b = DenseAutoencoder.builder().setLayers(256, 64).build();
                            WeightInit.TORCH.apply(b);
                            return b;
                        },
                        ReconstructionLoss::mse,
                        512));
        register(
                Experiment.reconstruction(
                        "moe:batched",
                        "mixture of 10 VAE experts (seed 002), experts batched, " + "batch 100",
                        () -> mixture(MixtureOfVaeExperts.Evaluation.BATCHED),
                        Benchmark::mixtureLoss,
                        100));
        register(
                Experiment.reconstruction(
                        "moe:looped",
                        "the same mixture, a Java loop over the experts, batch 100",
                        () -> mixture(MixtureOfVaeExperts.Evaluation.LOOPED),
                        Benchmark::mixtureLoss,
                        100));
    }

    /** Seed 002's mixture: 10 experts 784-128-(10, 10) sigmoid, a 784-128 sigmoid manager. */
    private static MixtureOfVaeExperts mixture(MixtureOfVaeExperts.Evaluation evaluation) {
        return MixtureOfVaeExperts.builder()
                .setExperts(10)
                .setLatent(10)
                .optEvaluation(evaluation)
                .build();
    }

    /**
     * Seed 002's loss: Gaussian σ = 0.5 ELBO per expert, balance 0.1 on the importance variance.
     */
    private static MixtureOfExpertsLoss mixtureLoss() {
        ElboLoss elbo =
                ElboLoss.builder()
                        .optLikelihood(ElboLoss.Likelihood.GAUSSIAN)
                        .optSigma(0.5f)
                        .build();
        return MixtureOfExpertsLoss.builder().setExpertLoss(elbo).optWeight(0.1f).build();
    }

    /**
     * How long to measure.
     *
     * @param warmup unmeasured steps before the first bench epoch, 0 or more
     * @param batches steps per bench epoch; 0 for full epochs of the training set
     * @param epochs bench epochs, at least 1; the RSS growth needs 2 or more
     * @param seed seeds initialisation and shuffling
     */
    public record Options(int warmup, int batches, int epochs, long seed) {
        /** Validates the components. */
        public Options {
            if (warmup < 0) {
                throw new InvalidInputException("warmup: must be 0 or more, got " + warmup);
            }
            if (batches < 0) {
                throw new InvalidInputException(
                        "batches: must be 0 (full epochs) or more, got " + batches);
            }
            if (epochs <= 0) {
                throw new InvalidInputException("epochs: must be a positive number, got " + epochs);
            }
        }
    }

    /**
     * What a benchmark run measured. Times are wall-clock; memory is the process's resident set.
     *
     * @param experiment the experiment's name
     * @param engine engine name and version
     * @param device the device
     * @param batchSize samples per step
     * @param trainSize samples in the training set (for the epoch-equivalent time)
     * @param options what was asked
     * @param epochs the measured epochs, in order
     * @param phaseSeconds measured seconds per step phase, summed over the measured epochs
     * @param cpuSeconds CPU time of the whole process over the measured epochs (all its threads,
     *     JIT and GC included); unlike wall time it hardly changes when other processes load the
     *     machine
     * @param engineStartSeconds time to load the engine, 0 when it was already loaded
     * @param rssMb resident set size after each measured epoch, MiB; empty where /proc is missing
     * @param peakRssMb the process's peak resident set (VmHWM), MiB; NaN where /proc is missing
     * @param optimizerState after the last measured step, for latentkit's optimisers (see {@link
     *     StatefulOptimizer}); {@code null} for another optimiser
     */
    public record Report(
            String experiment,
            String engine,
            String device,
            int batchSize,
            int trainSize,
            Options options,
            List<EpochStats> epochs,
            Map<StepTimer.Phase, Double> phaseSeconds,
            double cpuSeconds,
            double engineStartSeconds,
            List<Double> rssMb,
            double peakRssMb,
            OptimizerState optimizerState) {

        /**
         * The optimiser's state after the last measured step.
         *
         * @param subnormal how many of its values were subnormal
         * @param flushEvery the interval, in updates of a parameter, at which they are set to 0
         * @param fusedCalls how many of its updates were one multi-tensor kernel call (warm-up
         *     included); 0 where each parameter was updated on its own
         */
        public record OptimizerState(
                StatefulOptimizer.SubnormalCount subnormal, int flushEvery, long fusedCalls) {}

        /**
         * Returns the measured steps.
         *
         * @return steps over all measured epochs
         */
        public long steps() {
            return epochs.stream().mapToLong(EpochStats::steps).sum();
        }

        /**
         * Returns the measured samples.
         *
         * @return samples over all measured epochs
         */
        public long samples() {
            return epochs.stream().mapToLong(EpochStats::samples).sum();
        }

        /**
         * Returns the measured training time.
         *
         * @return seconds over all measured epochs
         */
        public double seconds() {
            return epochs.stream().mapToDouble(EpochStats::trainSeconds).sum();
        }

        /**
         * Returns the throughput.
         *
         * @return samples per second
         */
        public double samplesPerSecond() {
            return seconds() > 0 ? samples() / seconds() : 0;
        }

        /**
         * Returns the time one full epoch of the training set would take at the measured
         * throughput.
         *
         * @return seconds
         */
        public double epochEquivalentSeconds() {
            double sps = samplesPerSecond();
            return sps > 0 ? trainSize / sps : Double.NaN;
        }

        /**
         * Returns the relative RSS growth from the 2nd to the last measured epoch, in percent.
         *
         * @return percent, or NaN with fewer than 2 epochs or without /proc
         */
        public double rssGrowthPercent() {
            if (rssMb.size() < 2) {
                return Double.NaN;
            }
            double second = rssMb.get(1);
            return 100 * (rssMb.get(rssMb.size() - 1) - second) / second;
        }

        /**
         * Returns the report as the map written to {@code bench.json}.
         *
         * @return ordered entries; NaN becomes {@code null}
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("experiment", experiment);
            m.put("engine", engine);
            m.put("device", device);
            m.put("batch_size", batchSize);
            m.put("train_size", trainSize);
            m.put("warmup_batches", options.warmup());
            m.put("batches_per_epoch", options.batches() == 0 ? null : options.batches());
            m.put("epochs", epochs.size());
            m.put("steps", steps());
            m.put("samples", samples());
            m.put("seconds", seconds());
            m.put("samples_per_second", samplesPerSecond());
            m.put("epoch_equivalent_seconds", epochEquivalentSeconds());
            m.put("cpu_seconds", nullIfNaN(cpuSeconds));
            m.put("samples_per_cpu_second", cpuSeconds > 0 ? samples() / cpuSeconds : null);
            Map<String, Object> ms = new LinkedHashMap<>();
            double total = 0;
            for (StepTimer.Phase p : StepTimer.Phase.values()) {
                double s = phaseSeconds.getOrDefault(p, 0.0);
                total += s;
                ms.put(p.name().toLowerCase(Locale.ROOT), steps() == 0 ? null : 1000 * s / steps());
            }
            ms.put("total", steps() == 0 ? null : 1000 * total / steps());
            m.put("step_ms", ms);
            m.put("engine_start_seconds", engineStartSeconds);
            m.put("peak_rss_mb", nullIfNaN(peakRssMb));
            m.put("rss_mb_by_epoch", rssMb);
            m.put("rss_growth_percent", nullIfNaN(rssGrowthPercent()));
            if (optimizerState != null) {
                m.put("optimizer_state_values", optimizerState.subnormal().values());
                m.put("optimizer_state_subnormal", optimizerState.subnormal().subnormal());
                m.put("flush_subnormals_every", (long) optimizerState.flushEvery());
                m.put("optimizer_fused_calls", optimizerState.fusedCalls());
            }
            List<Map<String, Object>> per = new ArrayList<>();
            for (EpochStats e : epochs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("epoch", e.epoch());
                row.put("steps", e.steps());
                row.put("samples", e.samples());
                row.put("seconds", e.trainSeconds());
                row.put("train_loss", nullIfNaN(e.trainLoss()));
                per.add(row);
            }
            m.put("by_epoch", per);
            return m;
        }

        /**
         * Returns a one-line summary.
         *
         * @return for example {@code classify:mlp PyTorch cpu: 25000 samples/s, epoch-equivalent
         *     2.40 s, ...}
         */
        public String summary() {
            Map<String, Object> ms = stepMillis();
            return String.format(
                    Locale.ROOT,
                    "%s %s %s: %.0f samples/s (%.0f per CPU second), epoch-equivalent %.2f s, step %.3f ms (data %.3f, forward %.3f,"
                            + " backward %.3f, optimizer %.3f), engine start %.2f s, peak RSS %.0f MiB,"
                            + " RSS growth %s",
                    experiment,
                    engine,
                    device,
                    samplesPerSecond(),
                    cpuSeconds > 0 ? samples() / cpuSeconds : Double.NaN,
                    epochEquivalentSeconds(),
                    ms.get("total"),
                    ms.get("data"),
                    ms.get("forward"),
                    ms.get("backward"),
                    ms.get("optimizer"),
                    engineStartSeconds,
                    peakRssMb,
                    Double.isNaN(rssGrowthPercent())
                            ? "n/a (1 epoch)"
                            : String.format(Locale.ROOT, "%+.1f%%", rssGrowthPercent()));
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> stepMillis() {
            Map<String, Object> ms = (Map<String, Object>) toMap().get("step_ms");
            ms.replaceAll((k, v) -> v == null ? Double.NaN : v);
            return ms;
        }

        private static Object nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }

    private Benchmark() {}

    /**
     * Adds an experiment to the registry.
     *
     * @param experiment the experiment; its name must be new
     */
    public static synchronized void register(Experiment experiment) {
        if (EXPERIMENTS.putIfAbsent(experiment.name(), experiment) != null) {
            throw new IllegalArgumentException(
                    "experiment already registered: " + experiment.name());
        }
    }

    /**
     * Returns the registered experiments by name, in registration order.
     *
     * @return an unmodifiable view
     */
    public static synchronized Map<String, Experiment> experiments() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(EXPERIMENTS));
    }

    /**
     * Looks an experiment up.
     *
     * @param name for example {@code classify:mlp}
     * @return the experiment
     * @throws InvalidInputException naming the valid experiments when there is none of that name
     */
    public static synchronized Experiment experiment(String name) {
        Experiment e = EXPERIMENTS.get(name);
        if (e == null) {
            throw new InvalidInputException(
                    "experiment: unknown experiment '"
                            + name
                            + "' (valid: "
                            + String.join(", ", EXPERIMENTS.keySet())
                            + ")");
        }
        return e;
    }

    /**
     * Runs an experiment: warm-up, then the measured epochs.
     *
     * @param context the engine and device
     * @param engineStartSeconds how long loading the engine took, reported as is
     * @param train the training set
     * @param experiment what to train
     * @param options how long to measure
     * @return what was measured
     */
    public static Report run(
            EngineContext context,
            double engineStartSeconds,
            DigitSet train,
            Experiment experiment,
            Options options) {
        return run(context, engineStartSeconds, train, experiment, options, Profiler.NONE);
    }

    /**
     * Runs an experiment with an engine profiler recording the measured epochs: {@link
     * Profiler#start} after the warm-up, {@link Profiler#stop} after the last measured step (also
     * when training fails). A profiler slows every engine call, so a profiled run's timings show
     * where the time goes, not how fast the experiment is.
     *
     * @param context the engine and device
     * @param engineStartSeconds how long loading the engine took, reported as is
     * @param train the training set
     * @param experiment what to train
     * @param options how long to measure
     * @param profiler brackets the measured steps
     * @return what was measured
     */
    public static Report run(
            EngineContext context,
            double engineStartSeconds,
            DigitSet train,
            Experiment experiment,
            Options options,
            Profiler profiler) {
        int bs = experiment.batchSize();
        if (bs > train.size()) {
            throw new InvalidInputException(
                    "batch-size: "
                            + bs
                            + " is larger than the training set ("
                            + train.size()
                            + " samples)");
        }
        context.seed(options.seed());
        Feed feed =
                new Feed(
                        train,
                        experiment.normalization(),
                        experiment.target(),
                        ClassifierTrainer.augmentation(
                                experiment.augmentation(), experiment.normalization()));
        Random shuffle = new Random(options.seed());
        PhaseClock clock = new PhaseClock();
        List<EpochStats> measured = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        long cpuStart = 0;
        double cpuSeconds = Double.NaN; // NaN until measured
        Report.OptimizerState optimizerState = null;
        try (Model model = context.newModel(experiment.block().get())) {
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(experiment.loss().get())
                            .optOptimizer(experiment.optimizer().get())
                            .optDevices(new Device[] {context.device()});
            try (Trainer trainer = LeanTrainer.of(model, config)) {
                trainer.initialize(experiment.inputShape());
                if (options.warmup() > 0) {
                    TrainingLoop.trainEpoch(
                            trainer,
                            feed,
                            new TrainingLoop.Options(
                                    1,
                                    bs,
                                    options.seed(),
                                    options.warmup(),
                                    experiment.lastBatch()),
                            shuffle,
                            0,
                            TrainingListener.NONE);
                }
                // One full collection before the measured steps, as benchmark harnesses do: the
                // young generation's first two collections otherwise copy the training set's pixel
                // arrays (about 60 MB for MNIST) into the old generation inside the first measured
                // epoch, once per run (47 and 22 ms with the launcher's serial collector).
                System.gc();
                clock.reset();
                TrainingLoop.Options bench =
                        new TrainingLoop.Options(
                                options.epochs(),
                                bs,
                                options.seed(),
                                options.batches(),
                                experiment.lastBatch());
                profiler.start();
                try {
                    cpuStart = processCpuNanos();
                    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                        measured.add(
                                TrainingLoop.trainEpoch(
                                        trainer, feed, bench, shuffle, epoch, clock));
                        double r = Memory.residentMb("VmRSS");
                        if (!Double.isNaN(r)) {
                            rss.add(r);
                        }
                    }
                    cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                    if (config.getOptimizer() instanceof StatefulOptimizer o) {
                        optimizerState =
                                new Report.OptimizerState(
                                        o.countSubnormalState(),
                                        o.getFlushSubnormalsEvery(),
                                        o.getFusedCalls());
                    }
                } finally {
                    profiler.stop();
                }
            }
        }
        return new Report(
                experiment.name(),
                context.engineName() + " " + context.engine().getVersion(),
                context.deviceName(),
                bs,
                train.size(),
                options,
                measured,
                clock.totals(),
                cpuSeconds,
                engineStartSeconds,
                rss,
                Memory.residentMb("VmHWM"),
                optimizerState);
    }

    /**
     * An engine's profiler, started and stopped around a benchmark's measured steps (the CLI's
     * {@code bench --profile} passes PyTorch's, which writes a Chrome trace).
     */
    public interface Profiler {
        /** Records nothing. */
        Profiler NONE =
                new Profiler() {
                    @Override
                    public void start() {}

                    @Override
                    public void stop() {}
                };

        /** Starts recording, before the first measured step. */
        void start();

        /** Stops recording, after the last measured step. */
        void stop();
    }

    /** The process's CPU time in nanoseconds, or 0 where the JVM cannot measure it. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** Adds the time since the previous lap to the phase that just ended. */
    private static final class PhaseClock implements TrainingListener, StepTimer {
        private final EnumMap<Phase, Long> nanos = new EnumMap<>(Phase.class);
        private long last;

        void reset() {
            nanos.clear();
        }

        /** {@inheritDoc} */
        @Override
        public void onEpochStart(int epoch, int epochs, int steps) {
            last = System.nanoTime();
        }

        /** {@inheritDoc} */
        @Override
        public StepTimer stepTimer() {
            return this;
        }

        /** {@inheritDoc} */
        @Override
        public void lap(Phase phase) {
            long now = System.nanoTime();
            nanos.merge(phase, now - last, Long::sum);
            last = now;
        }

        Map<Phase, Double> totals() {
            EnumMap<Phase, Double> s = new EnumMap<>(Phase.class);
            nanos.forEach((p, n) -> s.put(p, n / 1e9));
            return s;
        }
    }

    /** Reads the process's memory figures from {@code /proc/self/status} (Linux). */
    static final class Memory {
        private Memory() {}

        /**
         * Returns a {@code /proc/self/status} figure in MiB.
         *
         * @param key {@code VmRSS} or {@code VmHWM}
         * @return MiB, or NaN where the file or key is missing
         */
        static double residentMb(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(key + ":")) {
                        String kb = line.substring(key.length() + 1).trim().split("\\s+")[0];
                        return Long.parseLong(kb) / 1024.0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
            return Double.NaN;
        }
    }
}
