package org.latentkit.api.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.latentkit.core.InvalidInputException;

/**
 * A run's output directory: {@code config.json}, {@code metrics.json}, models and figures.
 *
 * <p>Every file is written atomically. A directory that already holds a different run (its {@code
 * config.json} differs) is refused unless {@code overwrite} is set, so no finished work is lost by
 * a typo.
 */
public final class RunDirectory {

    /** The resolved configuration of the run. */
    public static final String CONFIG = "config.json";

    /** The run's flat metrics. */
    public static final String METRICS = "metrics.json";

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a run directory for a new run and writes its {@code config.json}.
     *
     * @param dir the directory; created if missing
     * @param config the full resolved configuration
     * @param overwrite whether a directory holding a different run may be reused
     * @return the run directory
     */
    public static RunDirectory create(Path dir, Map<String, Object> config, boolean overwrite) {
        Path cfg = dir.resolve(CONFIG);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("out " + dir + ": exists and is not a directory");
        }
        if (Files.exists(cfg) && !overwrite) {
            Map<String, Object> previous;
            try {
                previous = Json.readMap(cfg);
            } catch (InvalidInputException e) {
                previous = null;
            }
            Map<String, Object> now = Json.readMapFromString(Json.toJson(config));
            if (!Objects.equals(previous, now)) {
                throw new InvalidInputException(
                        "out "
                                + dir
                                + ": holds a different run (its "
                                + CONFIG
                                + " differs); choose another --out or pass --overwrite");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "out " + dir + ": cannot create directory (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException("out " + dir + ": directory is not writable");
        }
        RunDirectory run = new RunDirectory(dir);
        Json.write(cfg, config);
        return run;
    }

    /**
     * Returns the directory.
     *
     * @return the path
     */
    public Path dir() {
        return dir;
    }

    /**
     * Resolves a file inside the run directory.
     *
     * @param name a file name
     * @return its path
     */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Writes {@code metrics.json} atomically.
     *
     * @param metrics flat key/value metrics
     */
    public void writeMetrics(Map<String, Object> metrics) {
        Json.write(file(METRICS), metrics);
    }
}
