package org.latentkit.trainers.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.core.InvalidInputException;

/**
 * What a run asks of {@link TrainingLoop} beyond its hyperparameters: checkpoints (at every epoch's
 * end, and every N steps), resuming from the last one, gradient clipping, the blow-up stop ({@link
 * LossGuard}), and a clean stop on Ctrl-C. It is a named part of a fit's {@link FitHooks}, never a
 * listener, so no listener wrapping can hide it from the loop.
 *
 * <pre>{@code
 * TrainingControl control = TrainingControl.builder().optCheckpoints(runDir).optCheckpointEvery(500)
 *         .optResume(true).optMaxGradNorm(5f).build();
 * new ClassifierTrainer(ctx).fit(split, options,
 *         FitHooks.builder().optProgress(ProgressBar.onStderr("val_acc")).optControl(control).build());
 * }</pre>
 *
 * <p>A checkpoint holds the parameters, the optimiser state (see {@link OptimizerState}), epoch and
 * step, the shuffling generator, the early-stopping state with its best parameters, and the metrics
 * history. The engine's own random generator (dropout, noise) cannot be read through DJL, so at
 * every checkpoint it is re-seeded from {@code (seed, global step)}: a resumed run draws the same
 * random numbers as the uninterrupted one.
 */
public final class TrainingControl {

    static final String PARAMS = "params.bin";
    static final String OPTIMIZER = "optimizer.bin";
    static final String BEST = "best.params";

    private final CheckpointStore store;
    private final int checkpointEvery;
    private final float maxGradNorm;
    private final LossGuard lossGuard;
    private final boolean resume;
    private final Map<String, Object> runSettings;

    private Trainer trainer;
    private Feed feed;
    private TrainingLoop.Options options;
    private List<EpochStats> history;
    private EarlyStopping stopping;
    private OptimizerState optimizer;
    private String fingerprint;
    private long globalStep;
    private Checkpoint resumedFrom;
    private Path lastCheckpoint;

    private TrainingControl(Builder b) {
        this.store = b.runDir == null ? null : new CheckpointStore(b.runDir);
        this.checkpointEvery = b.checkpointEvery;
        this.maxGradNorm = b.maxGradNorm;
        this.lossGuard = new LossGuard(b.maxLossJump);
        this.resume = b.resume;
        this.runSettings = b.runSettings;
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
     * Returns the checkpoint this run resumed from.
     *
     * @return the manifest, or {@code null} for a fresh run
     */
    public Checkpoint resumedFrom() {
        return resumedFrom;
    }

    /**
     * Returns the newest checkpoint this run wrote.
     *
     * @return its directory, or {@code null}
     */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /** Where a (resumed) fit starts. */
    record Start(Random shuffle, int epochsDone, Checkpoint partial) {}

    /**
     * Starts a fit: remembers its state and, when resuming, restores the last checkpoint into the
     * trainer, the early-stopping rule and the history.
     */
    Start begin(Trainer t, Feed f, TrainingLoop.Options o, List<EpochStats> h, EarlyStopping s) {
        this.trainer = t;
        this.feed = f;
        this.options = o;
        this.history = h;
        this.stopping = s;
        this.globalStep = 0;
        this.lossGuard.reset(); // a trainer may fit several models (pretraining, then a head)
        if (store != null) {
            StopSignal.arm();
        }
        if (!resume || store == null) {
            if (store != null) {
                store.clear();
            }
            return new Start(new Random(o.seed()), 0, null);
        }
        Map.Entry<Path, Checkpoint> latest = store.latest();
        Checkpoint c = latest.getValue();
        restore(latest.getKey(), c);
        resumedFrom = c;
        lastCheckpoint = latest.getKey();
        globalStep = c.globalStep();
        h.addAll(c.history());
        reseed();
        return new Start(
                randomFrom(c.shuffleState()), c.epochsDone(), c.stepsDone() > 0 ? c : null);
    }

    /** A fit ended, normally or not. */
    void end() {
        if (store != null) {
            StopSignal.disarm();
        }
    }

    /**
     * Checks a step's loss before its gradient is applied.
     *
     * @throws TrainingDivergedException when the loss is not finite or jumped (see {@link
     *     LossGuard})
     */
    void checkLoss(int epoch, int step, float loss) {
        lossGuard.check(epoch, step, loss);
    }

    /** Clips gradients before the optimiser step, when asked to. */
    void beforeStep(NDManager batch) {
        if (maxGradNorm > 0) {
            GradientClipping.clipGlobalNorm(trainer.getModel().getBlock(), maxGradNorm, batch);
        }
    }

    /**
     * After a step: counts it, writes a checkpoint every N steps (not at an epoch's last step,
     * whose end writes one), and honours a stop request.
     */
    void afterStep(
            int epoch,
            int stepsDone,
            int stepsInEpoch,
            byte[] shuffleAtEpochStart,
            double lossSum,
            long samples,
            double seconds) {
        globalStep++;
        boolean last = stepsDone == stepsInEpoch;
        boolean stop = StopSignal.requested();
        if (store != null
                && !last
                && (stop || (checkpointEvery > 0 && globalStep % checkpointEvery == 0))) {
            save(epoch - 1, stepsDone, lossSum, samples, seconds, shuffleAtEpochStart);
        }
        if (stop && !last) {
            StopSignal.clear();
            throw new TrainingInterruptedException(
                    epoch, stepsDone, store == null ? null : lastCheckpoint);
        }
    }

    /** After an epoch (validation included): writes a checkpoint and honours a stop request. */
    void epochEnd(int epoch, Random shuffle, boolean finished) {
        if (store != null) {
            save(epoch, 0, 0, 0, 0, serialize(shuffle));
        }
        if (StopSignal.requested() && !finished) {
            StopSignal.clear();
            throw new TrainingInterruptedException(
                    epoch + 1, 0, store == null ? null : lastCheckpoint);
        }
    }

    private void save(
            int epochsDone,
            int stepsDone,
            double lossSum,
            long samples,
            double seconds,
            byte[] shuffleState) {
        Block block = trainer.getModel().getBlock();
        List<Pair<String, Parameter>> params = parameters(block);
        if (optimizer == null) {
            optimizer = OptimizerState.of(trainer);
        }
        EarlyStopping.State es = stopping.state();
        Map<String, AtomicFiles.Writer> files = new LinkedHashMap<>();
        files.put(PARAMS, out -> writeArrays(params, new DataOutputStream(out)));
        if (optimizer.problem() == null) {
            files.put(
                    OPTIMIZER,
                    out -> {
                        DataOutputStream d = new DataOutputStream(out);
                        optimizer.write(params, d);
                        d.flush();
                    });
        }
        if (es.bestParameters() != null) {
            byte[] best = es.bestParameters();
            files.put(BEST, out -> out.write(best));
        }
        Map<String, String> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : params) {
            shapes.put(p.getKey(), p.getValue().getArray().getShape().toString());
        }
        Checkpoint c =
                new Checkpoint(
                        Checkpoint.FORMAT,
                        1,
                        epochsDone,
                        stepsDone,
                        globalStep,
                        lossSum,
                        samples,
                        seconds,
                        Base64.getEncoder().encodeToString(shuffleState),
                        new ArrayList<>(history),
                        es.best(),
                        es.bestEpoch(),
                        es.sinceBest(),
                        optimizer.name(),
                        optimizer.problem(),
                        optimizer.problem() == null ? optimizer.updates() : 0,
                        feed.data().name(),
                        fingerprint(),
                        feed.data().size(),
                        options.batchSize(),
                        options.seed(),
                        shapes,
                        runSettings,
                        null);
        lastCheckpoint = store.save(c, files);
        reseed();
    }

    private void restore(Path dir, Checkpoint c) {
        String where = "resume " + store.dir().getParent() + ": ";
        if (trainer.getManager().getEngine().getEngineName().equals("MXNet")
                && !(trainer instanceof LeanTrainer lean && lean.stepsDirectly())) {
            throw new InvalidInputException(
                    where
                            + "this MXNet trainer steps through DJL's parameter store, which keeps its"
                            + " own copy of the weights from initialize, so a checkpoint cannot be"
                            + " loaded into it; resume on one device with a LeanTrainer");
        }
        if (!fingerprint().equals(c.datasetFingerprint()) || feed.data().size() != c.trainSize()) {
            throw new InvalidInputException(
                    where
                            + "the training data differ from the checkpoint's ("
                            + c.dataset()
                            + ", "
                            + c.trainSize()
                            + " samples, fingerprint "
                            + abbrev(c.datasetFingerprint())
                            + "; now "
                            + feed.data().name()
                            + ", "
                            + feed.data().size()
                            + " samples, fingerprint "
                            + abbrev(fingerprint())
                            + "); a resumed run must use the same dataset");
        }
        if (c.batchSize() != options.batchSize()) {
            throw new InvalidInputException(
                    where
                            + "the checkpoint was trained with batch size "
                            + c.batchSize()
                            + ", not "
                            + options.batchSize()
                            + "; a resumed run must keep its batch size");
        }
        List<Pair<String, Parameter>> params = parameters(trainer.getModel().getBlock());
        Map<String, String> now = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : params) {
            now.put(p.getKey(), p.getValue().getArray().getShape().toString());
        }
        if (!now.equals(c.parameters())) {
            throw new InvalidInputException(
                    where
                            + "the checkpoint holds a different model ("
                            + difference(c.parameters(), now)
                            + "); a resumed run must keep its architecture");
        }
        try {
            NDManager manager = trainer.getManager();
            try (DataInputStream in = open(dir.resolve(PARAMS))) {
                readArrays(params, manager, in);
            }
            if (c.files().containsKey(OPTIMIZER)) {
                OptimizerState opt = OptimizerState.of(trainer);
                if (opt.problem() == null && opt.name().equals(c.optimizer())) {
                    try (DataInputStream in = open(dir.resolve(OPTIMIZER))) {
                        opt.read(params, c.optimizerUpdates(), manager, in);
                    }
                } else {
                    throw new InvalidInputException(
                            where
                                    + "the checkpoint holds "
                                    + c.optimizer()
                                    + " state, but this run uses "
                                    + opt.name()
                                    + "; a resumed run must keep its optimizer");
                }
            }
            byte[] best =
                    c.files().containsKey(BEST) ? Files.readAllBytes(dir.resolve(BEST)) : null;
            stopping.restore(
                    new EarlyStopping.State(c.bestScore(), c.bestEpoch(), c.sinceBest(), best));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private String fingerprint() {
        if (fingerprint == null) {
            fingerprint = feed.data().fingerprint();
        }
        return fingerprint;
    }

    private void reseed() {
        trainer.getManager()
                .getEngine()
                .setRandomSeed((int) (options.seed() * 1_000_003L + globalStep));
    }

    private static List<Pair<String, Parameter>> parameters(Block block) {
        List<Pair<String, Parameter>> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                list.add(p);
            }
        }
        return list;
    }

    private static void writeArrays(List<Pair<String, Parameter>> params, DataOutputStream out)
            throws IOException {
        out.writeInt(params.size());
        for (Pair<String, Parameter> p : params) {
            out.writeUTF(p.getKey());
            byte[] bytes = p.getValue().getArray().encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.flush();
    }

    private static void readArrays(
            List<Pair<String, Parameter>> params, NDManager manager, DataInputStream in)
            throws IOException {
        int n = in.readInt();
        if (n != params.size()) {
            throw new IOException(
                    n + " parameters in the file, " + params.size() + " in the model");
        }
        for (Pair<String, Parameter> p : params) {
            String name = in.readUTF();
            if (!name.equals(p.getKey())) {
                throw new IOException(
                        "parameter " + name + " where " + p.getKey() + " was expected");
            }
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            NDArray target = p.getValue().getArray();
            try (NDManager scratch = manager.newSubManager()) {
                NDArray value = scratch.decode(bytes);
                if (!value.getShape().equals(target.getShape())
                        || value.getDataType() != target.getDataType()) {
                    throw new IOException(
                            "parameter "
                                    + name
                                    + " is "
                                    + value.getShape()
                                    + " "
                                    + value.getDataType()
                                    + ", the model's "
                                    + target.getShape()
                                    + " "
                                    + target.getDataType());
                }
                // Copied into the parameter's own array, in place: the array object, its
                // gradient and its autograd mark stay as they are (replacing the array with
                // intern loses MXNet's gradient mark, whose hasGradient is cached per object).
                target.set(value.toByteBuffer());
            }
        }
    }

    /**
     * Decodes an array into memory the engine owns. PyTorch's {@code decode} wraps a Java direct
     * buffer that only the decoded {@code NDArray} object keeps alive; after {@code intern} that
     * object is gone, so the engine must hold its own copy. {@code toDevice(same device, true)} is
     * not one on PyTorch (its {@code to} aliases the storage); {@code duplicate} clones.
     */
    static NDArray ownCopy(NDManager manager, byte[] bytes, NDArray like) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray copy = scratch.decode(bytes).toDevice(like.getDevice(), false).duplicate();
            copy.attach(manager);
            return copy;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    static byte[] serialize(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Random randomFrom(String base64) {
        try (ObjectInputStream in =
                new ObjectInputStream(
                        new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new InvalidInputException("checkpoint: unreadable shuffle state", e);
        }
    }

    private static String abbrev(String fingerprint) {
        return fingerprint == null
                ? "none"
                : fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    private static String difference(Map<String, String> was, Map<String, String> now) {
        for (Map.Entry<String, String> e : was.entrySet()) {
            String other = now.get(e.getKey());
            if (other == null) {
                return "its parameter " + e.getKey() + " does not exist in this run's model";
            }
            if (!other.equals(e.getValue())) {
                return "parameter "
                        + e.getKey()
                        + " has shape "
                        + e.getValue()
                        + ", this run's "
                        + other;
            }
        }
        for (String k : now.keySet()) {
            if (!was.containsKey(k)) {
                return "this run's parameter " + k + " is not in the checkpoint";
            }
        }
        return "parameters differ";
    }

    /** Builds a {@link TrainingControl}. */
    public static final class Builder {

        private Path runDir;
        private int checkpointEvery;
        private float maxGradNorm;
        private float maxLossJump = LossGuard.DEFAULT_FACTOR;
        private boolean resume;
        private Map<String, Object> runSettings = Map.of();

        Builder() {}

        /**
         * Writes checkpoints into {@code runDir/checkpoints}.
         *
         * @param runDir the run directory
         * @return this builder
         */
        public Builder optCheckpoints(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /**
         * Also writes a checkpoint every {@code steps} optimiser steps.
         *
         * @param steps steps between checkpoints; 0 for epoch ends only
         * @return this builder
         */
        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * Clips gradients to this global norm before every step.
         *
         * @param maxNorm the norm; 0 for no clipping
         * @return this builder
         */
        public Builder optMaxGradNorm(float maxNorm) {
            this.maxGradNorm = maxNorm;
            return this;
        }

        /**
         * Stops the run when a step's loss exceeds this many times the largest loss of the recent
         * steps (see {@link LossGuard}).
         *
         * @param factor above 1; 0 checks only that the loss is finite (default {@value
         *     LossGuard#DEFAULT_FACTOR})
         * @return this builder
         */
        public Builder optMaxLossJump(float factor) {
            new LossGuard(factor); // validates
            this.maxLossJump = factor;
            return this;
        }

        /**
         * Continues from the newest complete checkpoint instead of starting afresh.
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Records the run's settings in every manifest.
         *
         * @param settings the settings, for example the command's {@code config.json} content
         * @return this builder
         */
        public Builder optRunSettings(Map<String, Object> settings) {
            this.runSettings = new LinkedHashMap<>(settings);
            return this;
        }

        /**
         * Builds the control, validating the settings.
         *
         * @return the control
         */
        public TrainingControl build() {
            if (checkpointEvery < 0) {
                throw new InvalidInputException(
                        "checkpoint-every: must be 0 or more, got " + checkpointEvery);
            }
            if (maxGradNorm < 0 || !Float.isFinite(maxGradNorm)) {
                throw new InvalidInputException(
                        "max-grad-norm: must be a positive number, got " + maxGradNorm);
            }
            if (resume && runDir == null) {
                throw new IllegalStateException("resume needs a checkpoint directory");
            }
            return new TrainingControl(this);
        }
    }
}
