package org.latentkit.trainers.loop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.Json;
import org.latentkit.core.InvalidInputException;

/**
 * The checkpoints of one run: {@code RUN/checkpoints/step-NNNNNNNNNN/}, each holding {@code
 * params.bin}, {@code optimizer.bin}, {@code best.params} and, written last, {@code manifest.json}
 * with every file's SHA-256.
 *
 * <p>Every file is written atomically (temporary file in the same directory, flush, fsync, rename)
 * and the directory is fsynced after the manifest, so a checkpoint is either complete or has no
 * manifest; directories without one are ignored and cleaned up. The newest two complete checkpoints
 * are kept.
 */
public final class CheckpointStore {

    /** The folder of a run directory that holds the checkpoints. */
    public static final String FOLDER = "checkpoints";

    /** The file written last. */
    public static final String MANIFEST = "manifest.json";

    private static final int KEEP = 2;

    private final Path dir;

    /**
     * Creates the store of a run directory (nothing is written until a save).
     *
     * @param runDir the run directory
     */
    public CheckpointStore(Path runDir) {
        this.dir = runDir.resolve(FOLDER);
    }

    /**
     * Returns the checkpoints folder.
     *
     * @return {@code RUN/checkpoints}
     */
    public Path dir() {
        return dir;
    }

    /**
     * Lists the complete checkpoints, newest first.
     *
     * @return their directories
     */
    public List<Path> complete() {
        List<Path> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .forEach(all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /**
     * Tells whether the run has at least one complete checkpoint.
     *
     * @return true if there is something to resume from
     */
    public boolean hasCheckpoint() {
        return !complete().isEmpty();
    }

    /**
     * Reads and checks a checkpoint's manifest and files.
     *
     * @param checkpoint the checkpoint directory
     * @return its manifest
     * @throws InvalidInputException if it is malformed or a file does not match its checksum
     */
    public static Checkpoint read(Path checkpoint) {
        Checkpoint c;
        try {
            c = Json.read(checkpoint.resolve(MANIFEST), Checkpoint.class);
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    "checkpoint " + checkpoint + ": unreadable manifest (" + e.getMessage() + ")",
                    e);
        }
        if (!Checkpoint.FORMAT.equals(c.format())
                || c.files() == null
                || c.parameters() == null
                || c.history() == null) {
            throw new InvalidInputException(
                    "checkpoint " + checkpoint + ": not a latentkit checkpoint manifest");
        }
        for (Map.Entry<String, String> f : c.files().entrySet()) {
            Path file = checkpoint.resolve(f.getKey());
            String actual;
            try {
                actual = sha256(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new InvalidInputException(
                        "checkpoint " + checkpoint + ": " + f.getKey() + " is missing", e);
            }
            if (!actual.equals(f.getValue())) {
                throw new InvalidInputException(
                        "checkpoint "
                                + checkpoint
                                + ": "
                                + f.getKey()
                                + " is damaged (checksum differs from the manifest)");
            }
        }
        return c;
    }

    /**
     * Returns the newest checkpoint that reads back intact, falling back to older ones.
     *
     * @return the checkpoint directory and its manifest
     * @throws InvalidInputException if there is none
     */
    public Map.Entry<Path, Checkpoint> latest() {
        InvalidInputException last = null;
        for (Path p : complete()) {
            try {
                return Map.entry(p, read(p));
            } catch (InvalidInputException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw new InvalidInputException(
                "resume "
                        + dir.getParent()
                        + ": no complete checkpoint to resume from"
                        + " (nothing in "
                        + dir
                        + ")");
    }

    /**
     * Writes a checkpoint: each file atomically, then the manifest with their checksums, then
     * fsyncs the folder and prunes old and incomplete checkpoints.
     *
     * @param manifest the manifest; its {@code files} are filled in here
     * @param files file name to content writer, in writing order
     * @return the checkpoint directory
     */
    Path save(Checkpoint manifest, Map<String, AtomicFiles.Writer> files) {
        Path target = dir.resolve(String.format("step-%010d", manifest.globalStep()));
        try {
            deleteTree(target);
            Files.createDirectories(target);
            Map<String, String> sums = new LinkedHashMap<>();
            for (Map.Entry<String, AtomicFiles.Writer> f : files.entrySet()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                AtomicFiles.write(
                        target.resolve(f.getKey()),
                        out -> {
                            DigestOutputStream d = new DigestOutputStream(nonClosing(out), digest);
                            f.getValue().write(d);
                            d.flush();
                        });
                sums.put(f.getKey(), HexFormat.of().formatHex(digest.digest()));
            }
            Checkpoint complete =
                    new Checkpoint(
                            manifest.format(),
                            manifest.version(),
                            manifest.epochsDone(),
                            manifest.stepsDone(),
                            manifest.globalStep(),
                            manifest.epochLossSum(),
                            manifest.epochSamples(),
                            manifest.epochSeconds(),
                            manifest.shuffleState(),
                            manifest.history(),
                            manifest.bestScore(),
                            manifest.bestEpoch(),
                            manifest.sinceBest(),
                            manifest.optimizer(),
                            manifest.optimizerNote(),
                            manifest.optimizerUpdates(),
                            manifest.dataset(),
                            manifest.datasetFingerprint(),
                            manifest.trainSize(),
                            manifest.batchSize(),
                            manifest.seed(),
                            manifest.parameters(),
                            manifest.run(),
                            sums);
            Json.write(target.resolve(MANIFEST), complete);
            fsync(target);
            fsync(dir);
            prune(target);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write checkpoint " + target + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return target;
    }

    /** Deletes every checkpoint (a fresh run in a directory that held another). */
    public void clear() {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }

    private void prune(Path newest) throws IOException {
        List<Path> keep = complete().stream().limit(KEEP).toList();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                boolean older =
                        p.getFileName().toString().compareTo(newest.getFileName().toString()) < 0;
                if (older && !keep.contains(p)) {
                    deleteTree(p);
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void fsync(Path directory) {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot fsync a directory; the files themselves are synced.
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        // The manifest goes first: a deletion cut short leaves an incomplete checkpoint, never one
        // whose manifest promises files that are gone.
        Files.deleteIfExists(p.resolve(MANIFEST));
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
