package org.latentkit.trainers.loop;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.latentkit.api.InvalidInputException;
import org.latentkit.api.run.Json;
import org.latentkit.blocks.BlockDescriptor;

/**
 * Saves and reloads latentkit models: DJL parameters plus a {@code model.json} descriptor that
 * rebuilds the block first, since {@code Model.save} writes parameters only.
 *
 * <p>Layout of a model directory: {@code model.json} and {@code latentkit-0000.params}. Both are
 * written atomically, parameters first, so a directory with a {@code model.json} always holds a
 * complete model.
 */
public final class ModelStore {

    /** The descriptor file. */
    public static final String DESCRIPTOR = "model.json";

    /** The DJL model name, hence the parameter file prefix. */
    public static final String NAME = "latentkit";

    private ModelStore() {}

    /**
     * What {@code model.json} holds.
     *
     * @param format always {@code latentkit-model}, to recognise the file
     * @param block how to rebuild the block
     * @param metadata how the model was trained and what its inputs are (normalisation, dataset…)
     */
    public record Descriptor(String format, BlockDescriptor block, Map<String, String> metadata) {}

    /**
     * A reloaded model and its descriptor.
     *
     * @param model the model with parameters loaded; the caller closes it
     * @param descriptor its descriptor
     */
    public record Loaded(Model model, Descriptor descriptor) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Saves a model's parameters and descriptor into {@code dir}.
     *
     * @param model a model with initialised parameters
     * @param block how to rebuild its block
     * @param metadata anything needed to use it again, for example {@code normalization=unit}
     * @param dir the model directory; created if missing
     */
    public static void save(
            Model model, BlockDescriptor block, Map<String, String> metadata, Path dir) {
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempDirectory(dir, ".saving");
            try {
                model.save(staging, NAME);
                try (Stream<Path> files = Files.list(staging)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        move(f, dir.resolve(f.getFileName()));
                    }
                }
            } finally {
                deleteTree(staging);
            }
            Json.write(
                    dir.resolve(DESCRIPTOR),
                    new Descriptor("latentkit-model", block, new LinkedHashMap<>(metadata)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the model to " + dir, e);
        }
    }

    /**
     * Reads the descriptor of a saved model.
     *
     * @param dir the model directory
     * @return the descriptor
     * @throws InvalidInputException if {@code dir} is not a saved latentkit model
     */
    public static Descriptor describe(Path dir) {
        Path file = dir.resolve(DESCRIPTOR);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("model " + dir + ": directory not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(
                    "model " + dir + ": not a saved latentkit model (no " + DESCRIPTOR + ")");
        }
        Descriptor d;
        try {
            d = Json.read(file, Descriptor.class);
        } catch (InvalidInputException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(
                    "model "
                            + dir
                            + ": not a saved latentkit model ("
                            + DESCRIPTOR
                            + " is malformed)",
                    e);
        }
        if (!"latentkit-model".equals(d.format()) || d.block() == null) {
            throw new InvalidInputException(
                    "model "
                            + dir
                            + ": not a saved latentkit model ("
                            + DESCRIPTOR
                            + " has no latentkit descriptor)");
        }
        // Re-validate through the record constructor (Gson bypasses it).
        BlockDescriptor b = d.block();
        new BlockDescriptor(b.architecture(), b.version(), b.options(), b.inputShape());
        return d;
    }

    /**
     * Rebuilds and loads a saved model.
     *
     * @param dir the model directory
     * @param context the engine and device to load onto
     * @return the model and its descriptor
     */
    public static Loaded load(Path dir, EngineContext context) {
        Descriptor d = describe(dir);
        Block block = d.block().build();
        Model model = context.newModel(block);
        try {
            model.load(dir, NAME);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidInputException(
                    "model "
                            + dir
                            + ": parameters do not load into a "
                            + d.block().architecture()
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        }
        return new Loaded(model, d);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
