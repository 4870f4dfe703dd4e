package org.latentkit.trainers.loop;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
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
import org.latentkit.api.run.AtomicFiles;
import org.latentkit.api.run.Json;
import org.latentkit.blocks.BlockDescriptor;
import org.latentkit.core.InvalidInputException;

/**
 * Saves and reloads latentkit models: DJL parameters plus a descriptor that rebuilds the block
 * first, since {@code Model.save} writes parameters only.
 *
 * <p>Layout of a model directory:
 *
 * <ul>
 *   <li>{@code latentkit-0000.params}: the parameters, as DJL's {@code Model.save} writes them;
 *   <li>{@code serving.properties}: what DJL's {@code Criteria} reads: the block factory ({@code
 *       blockFactory}), the block arguments of the {@link BlockDescriptor} ({@code latentkit.*}),
 *       the model name ({@code option.modelName}) and the metadata as {@code latentkit.meta.KEY};
 *   <li>{@code model.json}: the same descriptor and metadata for latentkit's own commands.
 * </ul>
 *
 * <p>All three are written atomically, parameters first and {@code model.json} last, so a directory
 * with a {@code model.json} always holds a complete model. {@link #load} itself goes through {@code
 * Criteria}, with the descriptor's arguments passed explicitly, so that directories saved before
 * {@code serving.properties} existed load the same way.
 */
public final class ModelStore {

    /** The descriptor file. */
    public static final String DESCRIPTOR = "model.json";

    /** The DJL model name, hence the parameter file prefix. */
    public static final String NAME = "latentkit";

    /** The file DJL's model loader reads block factory and arguments from. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    /** The prefix of the metadata in {@code serving.properties}, hence in the model properties. */
    public static final String META_PREFIX = BlockDescriptor.PREFIX + "meta.";

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
            AtomicFiles.writeString(
                    dir.resolve(SERVING_PROPERTIES), servingProperties(block, metadata));
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
        } catch (IllegalArgumentException | NullPointerException e) {
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
        new BlockDescriptor(
                b.architecture(), b.version(), b.options(), b.inputShape(), b.factory());
        return d;
    }

    /**
     * Rebuilds and loads a saved model through DJL's {@code Criteria} and the block factory its
     * descriptor names.
     *
     * @param dir the model directory
     * @param context the engine and device to load onto
     * @return the model and its descriptor
     */
    public static Loaded load(Path dir, EngineContext context) {
        Descriptor d = describe(dir);
        Map<String, Object> arguments = new LinkedHashMap<>(d.block().toArguments());
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelPath(dir)
                        .optModelName(NAME)
                        .optEngine(context.engineName())
                        .optDevice(context.device())
                        .optArguments(arguments)
                        .build();
        try {
            return new Loaded(criteria.loadModel(), d);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("model " + dir + ": " + e.getMessage(), e);
        } catch (IOException
                | ModelNotFoundException
                | MalformedModelException
                | RuntimeException e) {
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
    }

    /**
     * Writes the {@code serving.properties} of a model directory.
     *
     * @param block the descriptor
     * @param metadata the metadata
     * @return the file's text
     */
    static String servingProperties(BlockDescriptor block, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder();
        sb.append("# latentkit model: DJL's Criteria rebuilds the block with blockFactory\n");
        sb.append("option.modelName=").append(NAME).append('\n');
        block.toArguments().forEach((k, v) -> property(sb, k, v));
        metadata.forEach((k, v) -> property(sb, META_PREFIX + k, v));
        return sb.toString();
    }

    private static void property(StringBuilder sb, String key, String value) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(key, value);
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store writes a date comment first; keep only the escaped entry.
        for (String line : w.toString().split("\n")) {
            if (!line.startsWith("#")) {
                sb.append(line.strip()).append('\n');
            }
        }
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
